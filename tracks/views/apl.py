"""The APL log on the coordinators' side: a coordinator assigns a participant's workplace mentor;
coordinators and job coaches comment on the entries the workplace writes (tracks.apl_log)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from jobbspar import audit
from jobbspar.access import role_required
from jobbspar.forms import add_validation_error
from jobbspar.http import AuthenticatedRequest
from tracks import apl_log
from tracks.access import APL_COMMENTERS, MENTOR_ASSIGNERS
from tracks.apl_forms import AplCommentForm, MentorForm
from tracks.models import AplLogEntry
from tracks.views.common import member_for


@role_required(*MENTOR_ASSIGNERS)
def member_mentor(request: AuthenticatedRequest, pk: int, member_pk: int) -> HttpResponse:
    member = member_for(request, pk, member_pk)
    track_mentors = list(member.track.mentors.order_by("name", "pk")[:1])
    form = MentorForm(
        request.POST if request.method == "POST" else None,
        choices=apl_log.mentor_choices(member),
        default=track_mentors[0] if track_mentors else None,
        initial={"mentor": member.mentor_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            apl_log.assign_mentor(
                member=member, mentor=form.cleaned_data["mentor"], by=request.user
            )
        except ValidationError as refused:
            add_validation_error(form, refused)
        else:
            messages.success(request, _("The workplace mentor was saved."))
            return redirect("tracks:member_detail", pk=pk, member_pk=member.pk)
    audit.log_page_read(request, member.participant)
    return render(
        request,
        "tracks/member_mentor.html",
        {"form": form, "track": member.track, "member": member},
    )


@role_required(*APL_COMMENTERS)
def apl_log_comment(
    request: AuthenticatedRequest, pk: int, member_pk: int, entry_pk: int
) -> HttpResponse:
    member = member_for(request, pk, member_pk)
    entry: AplLogEntry = get_object_or_404(member.apl_log, pk=entry_pk)
    url = reverse("tracks:member_detail", args=[pk, member.pk])
    if request.method != "POST":  # the form is on the participant's page
        return redirect(f"{url}#apl-{entry.pk}")
    form = AplCommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the comment (at most 2000 characters)."))
    else:
        try:
            apl_log.comment_on_entry(entry=entry, text=form.cleaned_data["text"], by=request.user)
        except ValidationError as refused:
            messages.error(request, " ".join(refused.messages))
        else:
            messages.success(request, _("Your comment was saved."))
    return redirect(f"{url}#apl-{entry.pk}")
