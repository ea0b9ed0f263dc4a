"""What every participant page shares: the roles that see and edit records, the participant
the user may see, and the one form page."""

from __future__ import annotations

from django.forms import BaseForm
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from jobbspar import audit
from jobbspar.http import AuthenticatedRequest
from participants import access as participants_access
from participants.models import Participant

VIEWERS = participants_access.PARTICIPANT_VIEWERS
EDITORS = participants_access.PARTICIPANT_EDITORS


def participant_or_404(request: AuthenticatedRequest, pk: int) -> Participant:
    """A participant the user may see, or 404."""
    return get_object_or_404(
        participants_access.participants_for(request.user).select_related(
            "registered_by", "coordinator", "job_coach", "presentation_consent_by"
        ),
        pk=pk,
    )


def form_page(
    request: AuthenticatedRequest,
    *,
    form: BaseForm,
    title: str,
    participant: Participant | None = None,
    submit: str,
    cancel: str,
) -> HttpResponse:
    if participant is not None:  # the form shows the person's data: a read
        audit.log_page_read(request, participant)
    return render(
        request,
        "participants/record_form.html",
        {
            "form": form,
            "title": title,
            "participant": participant,
            "submit_label": submit,
            "cancel_url": cancel,
        },
    )
