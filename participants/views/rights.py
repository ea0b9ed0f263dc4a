"""The person's rights: the register extract (GDPR art. 15) and erasure on request (art. 17)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jobbspar import audit
from jobbspar.access import role_required
from jobbspar.http import AuthenticatedRequest
from jobbspar.models import AccessPurpose
from participants import access as participants_access
from participants import register_extract, retention
from participants.forms import ErasureForm
from participants.models import Participant
from participants.views.shared import EDITORS, form_page, participant_or_404


def _extract_subject(request: AuthenticatedRequest, pk: int) -> Participant:
    """A participant whose register extract the user may give: the registering organisation's
    coordinators (the controller). The extract is logged as a read."""
    participant = participant_or_404(request, pk)
    if not participants_access.is_registering_coordinator(request.user, participant):
        raise PermissionDenied
    audit.log_read(
        user=request.user,
        obj=participant,
        purpose=AccessPurpose.REGISTER_EXTRACT,
        path=request.path,
    )
    return participant


@role_required(*EDITORS)
@require_http_methods(["GET"])
def register_extract_json(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant = _extract_subject(request, pk)
    response = HttpResponse(
        register_extract.as_json(participant), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="registerutdrag-{participant.pk}.json"'
    return response


@role_required(*EDITORS)
@require_http_methods(["GET"])
def register_extract_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant = _extract_subject(request, pk)
    pdf = register_extract.as_pdf(participant, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="registerutdrag-{participant.pk}.pdf"'
    return response


@role_required(*EDITORS)
@require_http_methods(["GET", "POST"])
def participant_erase(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Erasure on request (GDPR art. 17): the same anonymisation as the retention job, for the
    registering organisation's coordinators, after an explicit confirmation."""
    participant = participant_or_404(request, pk)
    if not participants_access.is_registering_coordinator(request.user, participant):
        raise PermissionDenied
    if participant.anonymised_at is not None:
        messages.info(request, _("The participant is already anonymised."))
        return redirect(participant.get_absolute_url())
    form = ErasureForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        retention.anonymise(participant=participant, by=request.user)
        messages.success(request, _("The participant's identity and contact data are erased."))
        return redirect(participant.get_absolute_url())
    return form_page(
        request,
        form=form,
        participant=participant,
        title=_("Erase the participant's data"),
        submit=_("Erase"),
        cancel=participant.get_absolute_url(),
    )
