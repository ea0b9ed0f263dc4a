"""The participant's page: the record, as much of it as the user may see."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from jobbspar import audit, contributions
from jobbspar.access import role_required
from jobbspar.database import prepared
from jobbspar.http import AuthenticatedRequest
from jobbspar.models import AccessPurpose, User
from jobbspar.vocabulary import Certificate, WorkingHours
from participants import access as participants_access
from participants import consent as consent_actions
from participants.models import Consent, Participant, PlanItem, WorkExperience
from participants.views.shared import VIEWERS

READERS_SHOWN = 30


def _participant(user: User, pk: int) -> QuerySet[Participant]:
    """The person the page shows, if `user` may see them (built once per kind of user:
    jobbspar/database/prepared.py)."""
    return (
        participants_access.participants_for(user)
        .select_related("registered_by", "coordinator", "job_coach", "presentation_consent_by")
        .filter(pk=pk)
    )


@role_required(*VIEWERS)
@require_http_methods(["GET"])
def participant_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant: Participant = prepared.get_or_404(_participant, request.user, pk)
    prefetch_related_objects(
        [participant],
        "interests",
        "languages",
        Prefetch("experiences", queryset=WorkExperience.objects.select_related("occupation")),
        Prefetch("plan_items", queryset=PlanItem.objects.all()),
        Prefetch(
            "consents",
            queryset=Consent.objects.select_related("shared_with", "recorded_by", "withdrawn_by"),
        ),
    )
    fields = participants_access.participant_fields_for(request.user)
    can_see_notes = participants_access.can_see_case_notes(request.user, participant)
    notes = (
        participant.notes.select_related("author", "organisation")
        if can_see_notes
        else participant.notes.none()
    )
    events = participant.events.select_related("actor", "organisation")[:50]
    today = timezone.localdate()
    consents = [(consent, consent.is_active(today)) for consent in participant.consents.all()]
    audit.log_read(
        user=request.user,
        obj=participant,
        purpose=AccessPurpose.CASE_WORK,
        path=request.path,
    )
    holder = participants_access.is_registering_coordinator(request.user, participant)
    requests_shown = participant.access_requests.select_related(
        "asking_organisation", "asked_by", "decided_by"
    )
    if participant.registered_by_id != request.user.organisation_id:
        requests_shown = requests_shown.filter(asking_organisation=request.user.organisation_id)
    consent_rows = [
        (consent, active, participants_access.may_withdraw_consent(request.user, consent))
        for consent, active in consents
    ]
    can_see_reads = holder
    readers = audit.readers_of(participant, limit=READERS_SHOWN) if can_see_reads else []
    context = {
        "participant": participant,
        "fields": fields,
        "notes": notes,
        "events": events,
        "consents": consent_rows,
        "access_requests": list(requests_shown),
        "may_record_consent": holder,
        "may_ask_for_more": participant.registered_by_id != request.user.organisation_id
        and participants_access.may_request_access(request.user),
        "can_edit": participants_access.can_edit_participants(request.user),
        "can_see_notes": can_see_notes,
        "can_see_reads": can_see_reads,
        "readers": readers,
        "can_be_presented": consent_actions.can_be_presented_to_employer(participant),
        "certificate_labels": [Certificate(c).label for c in participant.certificates],
        "working_hours_labels": [WorkingHours(h).label for h in participant.working_hours],
    }
    # The upper apps' parts (the person's tracks), declared on their AppConfig.
    for part in contributions.collect("participant_page"):
        context.update(part(request, participant))
    return render(request, "participants/participant_detail.html", context)
