"""The participant's page: the record, as much of it as the user may see."""

from __future__ import annotations

from django.db.models import F, QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from employers.models import Occupation
from jobbspar import audit, contributions
from jobbspar.access import role_required
from jobbspar.database import prepared
from jobbspar.database.nested import instances, nested
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


# The people a consent names, read with it: the organisation it shares with, and who recorded it
# (the name the page shows, not the rest of the account).
CONSENT_RELATED = ("shared_with", ("recorded_by", ("username", "first_name", "last_name")))


def _participant(user: User, pk: int) -> QuerySet[Participant]:
    """The person the page shows, if `user` may see them (built once per kind of user:
    jobbspar/database/prepared.py)."""
    return (
        participants_access.participants_for(user)
        .select_related("registered_by", "coordinator", "job_coach", "presentation_consent_by")
        # Four of the page's lists read with the person's row (jobbspar/database/nested.py):
        # a statement each was ~0.4 ms of the page (issue 18).
        .annotate(
            language_rows=nested(
                participants_access.records_of_outer(user, OtherLanguage),
                parent="participant",
                order_by=("language", "id"),
            ),
            plan_rows=nested(
                participants_access.records_of_outer(user, PlanItem),
                parent="participant",
                order_by=(F("planned_start").asc(nulls_last=True), "id"),
            ),
            experience_rows=nested(
                participants_access.records_of_outer(user, WorkExperience),
                parent="participant",
                order_by=("-months", "id"),
                related=("occupation",),
            ),
            consent_rows=nested(
                participants_access.records_of_outer(user, Consent),
                parent="participant",
                order_by=("-given_on", "-id"),
                related=CONSENT_RELATED,
            ),
        )
        .filter(pk=pk)
    )


# The page's lists about the person, each built once per kind of user (prepared.py) from the
# person's id, with the access rule checked on the person they name (records_of, notes_of,
# access_requests_of). Read through the person's related managers and prefetch_related_objects
# instead, five of them took ~3.7 ms of a ~14 ms page; built once, the page takes 0.5-0.9 ms
# less CPU (issue 18).


def _interests(user: User, pk: int) -> QuerySet[Occupation]:
    return participants_access.interests_of(user, pk)


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


@role_required(*VIEWERS)
@require_http_methods(["GET"])
def participant_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    participant: Participant = prepared.get_or_404(_participant, user, pk)
    consents = instances(
        Consent,
        participant.consent_rows,  # type: ignore[attr-defined]
        of=participant,
        related=CONSENT_RELATED,
        participant=participant,
    )
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
        "languages": instances(
            OtherLanguage,
            participant.language_rows,  # type: ignore[attr-defined]
            of=participant,
            participant=participant,
        ),
        "experiences": instances(
            WorkExperience,
            participant.experience_rows,  # type: ignore[attr-defined]
            of=participant,
            related=("occupation",),
            participant=participant,
        ),
        "plan_items": instances(
            PlanItem,
            participant.plan_rows,  # type: ignore[attr-defined]
            of=participant,
            participant=participant,
        ),
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
