"""The employer withdraws a job offer it made, with a reason (issue 17). Its own module so the
portal's views stay under the file-size limit."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jobbspar import audit
from jobbspar.access import role_required
from jobbspar.forms import add_validation_error
from jobbspar.http import AuthenticatedRequest
from portal.access import PORTAL_USERS
from portal.forms import WithdrawOfferForm
from portal.views import _selected_member, _track
from tracks import decisions
from tracks.models import State


@role_required(*PORTAL_USERS)
def withdraw_offer(request: AuthenticatedRequest, pk: int, member_pk: int) -> HttpResponse:
    track = _track(request, pk)
    member = _selected_member(request, track, member_pk)
    form = WithdrawOfferForm(request.POST if request.method == "POST" else None)
    open_offer = member.state == State.OFFERED
    if request.method == "POST" and not open_offer:
        form.is_valid()
        form.add_error(None, _("There is no open job offer to withdraw."))
    elif request.method == "POST" and form.is_valid():
        try:
            decisions.withdraw_offer(
                track_participant=member, reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as refused:
            add_validation_error(form, refused)
        else:
            messages.success(
                request,
                _("The job offer to %(name)s is withdrawn.") % {"name": member.participant.name},
            )
            return redirect("portal:participant", pk=track.pk, member_pk=member.pk)
    audit.log_page_read(request, member.participant)
    return render(
        request,
        "portal/withdraw_offer.html",
        {"track": track, "member": member, "form": form, "open_offer": open_offer},
    )
