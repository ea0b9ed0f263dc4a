"""The participant's page: the record, as much of it as the user may see."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from employers.models import Occupation
from jobbspar import audit, contributions
from jobbspar.access import role_required
from jobbspar.database import prepared
from jobbspar.http import AuthenticatedRequest
from jobbspar.models import AccessPurpose, User
from jobbspar.vocabulary import Certificate, WorkingHours
from participants import access as participants_access
from participants import consent as consent_actions
from participants.models import (
    AccessRequest,
    CaseNote,
    Consent,
    OtherLanguage,
    Participant,
    ParticipantEvent,
    PlanItem,
    WorkExperience,
)
from participants.views.shared import VIEWERS

READERS_SHOWN = 30
# The person's history on the page: the latest events.
EVENTS_SHOWN = 50


def _participant(user: User, pk: int) -> QuerySet[Participant]:
    """The person the page shows, if `user` may see them (built once per kind of user:
    jobbspar/database/prepared.py)."""
    return (
        participants_access.participants_for(user)
        .select_related("registered_by", "coordinator", "job_coach", "presentation_consent_by")
        .filter(pk=pk)
    )


# The page's lists about the person, each built once per kind of user (prepared.py) from the
# person's id, with the access rule checked on the person they name (records_of, notes_of,
# access_requests_of). Read through the person's related managers and prefetch_related_objects
# instead, five of them took ~3.7 ms of a ~14 ms page; built once, the page takes 0.5-0.9 ms
# less CPU (issue 18).


def _interests(user: User, pk: int) -> QuerySet[Occupation]:
    return participants_access.interests_of(user, pk)


def _languages(user: User, pk: int) -> QuerySet[OtherLanguage]:
    return participants_access.records_of(user, OtherLanguage, pk)


def _experiences(user: User, pk: int) -> QuerySet[WorkExperience]:
    return participants_access.records_of(user, WorkExperience, pk).select_related("occupation")


def _plan_items(user: User, pk: int) -> QuerySet[PlanItem]:
    return participants_access.records_of(user, PlanItem, pk)


def _consents(user: User, pk: int) -> QuerySet[Consent]:
    return participants_access.records_of(user, Consent, pk).select_related(
        "shared_with", "recorded_by", "withdrawn_by"
    )


def _notes(user: User, pk: int) -> QuerySet[CaseNote]:
    return participants_access.notes_of(user, pk).select_related("author", "organisation")


def _events(user: User, pk: int) -> QuerySet[ParticipantEvent]:
    return participants_access.records_of(user, ParticipantEvent, pk).select_related(
        "actor", "organisation"
    )[:EVENTS_SHOWN]


def _access_requests(user: User, pk: int) -> QuerySet[AccessRequest]:
    return participants_access.access_requests_of(user, pk).select_related(
        "asking_organisation", "asked_by", "decided_by"
    )


def _about(participant: Participant, rows: list[Any]) -> list[Any]:
    """`rows` (read by the person's id) with the person they name set, as the person's related
    manager would give them: what reads `row.participant` (may_withdraw_consent) asks no query."""
    for row in rows:
        row.participant = participant
    return rows


@role_required(*VIEWERS)
@require_http_methods(["GET"])
def participant_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    participant: Participant = prepared.get_or_404(_participant, user, pk)
    consents = _about(participant, prepared.evaluate(_consents, user, participant.pk))
    fields = participants_access.participant_fields_for(user)
    can_see_notes = participants_access.can_see_case_notes(user, participant, consents)
    notes = prepared.evaluate(_notes, user, participant.pk) if can_see_notes else []
    today = timezone.localdate()
    audit.log_read(
        user=user,
        obj=participant,
        purpose=AccessPurpose.CASE_WORK,
        path=request.path,
    )
    holder = participants_access.is_registering_coordinator(user, participant)
    asked_by_others = participant.registered_by_id != user.organisation_id
    consent_rows = [
        (
            consent,
            consent.is_active(today),
            participants_access.may_withdraw_consent(user, consent),
        )
        for consent in consents
    ]
    can_see_reads = holder
    readers = audit.readers_of(participant, limit=READERS_SHOWN) if can_see_reads else []
    context = {
        "participant": participant,
        "fields": fields,
        "interests": prepared.evaluate(_interests, user, participant.pk),
        "languages": prepared.evaluate(_languages, user, participant.pk),
        "experiences": prepared.evaluate(_experiences, user, participant.pk),
        "plan_items": prepared.evaluate(_plan_items, user, participant.pk),
        "notes": notes,
        "events": prepared.evaluate(_events, user, participant.pk),
        "consents": consent_rows,
        "access_requests": prepared.evaluate(_access_requests, user, participant.pk),
        "may_record_consent": holder,
        "may_ask_for_more": asked_by_others and participants_access.may_request_access(user),
        "can_edit": participants_access.can_edit_participants(user),
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
