"""The participant's page: the record, as much of it as the user may see."""

from __future__ import annotations

from django.db.models import F, QuerySet, Subquery
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


# Of a person who acted: the name the page shows, not the rest of the account.
_NAME = ("username", "first_name", "last_name")
# The people a consent names, read with it: the organisation it shares with, and who recorded it.
CONSENT_RELATED = ("shared_with", ("recorded_by", _NAME))
# Who did what in the person's history, and who asked for and decided a request for access.
EVENT_RELATED = (("actor", _NAME), ("organisation", ("name",)))
REQUEST_RELATED = (
    ("asking_organisation", ("name",)),
    ("asked_by", _NAME),
    ("decided_by", _NAME),
)


def _participant(user: User, pk: int) -> QuerySet[Participant]:
    """The person the page shows, if `user` may see them (built once per kind of user:
    jobbspar/database/prepared.py)."""
    return (
        participants_access.participants_for(user)
        .select_related("registered_by", "coordinator", "job_coach", "presentation_consent_by")
        # The page's lists read with the person's row (jobbspar/database/nested.py): a
        # statement each was ~0.4 ms of the page (issue 18).
        .annotate(**participant_lists(user))
        .filter(pk=pk)
    )


def participant_lists(user: User) -> dict[str, Subquery]:
    """The page's lists about the person in the outer query, as values of their row, each under
    its own rule whatever query they are read in: languages, plan, work experience, consents and
    the latest history (records_of_outer), the requests for access (access_requests_of_outer)
    and the occupations of interest (interests_of_outer)."""
    return {
        "language_rows": nested(
            participants_access.records_of_outer(user, OtherLanguage),
            parent="participant",
            order_by=("language", "id"),
        ),
        "plan_rows": nested(
            participants_access.records_of_outer(user, PlanItem),
            parent="participant",
            order_by=(F("planned_start").asc(nulls_last=True), "id"),
        ),
        "experience_rows": nested(
            participants_access.records_of_outer(user, WorkExperience),
            parent="participant",
            order_by=("-months", "id"),
            related=("occupation",),
        ),
        "consent_rows": nested(
            participants_access.records_of_outer(user, Consent),
            parent="participant",
            order_by=("-given_on", "-id"),
            related=CONSENT_RELATED,
        ),
        # The latest of the history, newest first.
        "event_rows": nested(
            participants_access.records_of_outer(user, ParticipantEvent),
            parent="participant",
            order_by=("-at", "-id"),
            related=EVENT_RELATED,
            limit=EVENTS_SHOWN,
        ),
        "request_rows": nested(
            participants_access.access_requests_of_outer(user),
            parent="participant",
            order_by=("-asked_at", "-id"),
            related=REQUEST_RELATED,
        ),
        "interest_rows": nested(
            participants_access.interests_of_outer(user),
            parent="interested_participants",
            order_by=("code", "id"),
        ),
    }


# The case notes, built once per kind of user (prepared.py) from the person's id, with their
# own rule checked on the person they name (notes_of): asked only of those who may read them.
# The other lists are read with the person (_participant; issue 18).


def _notes(user: User, pk: int) -> QuerySet[CaseNote]:
    return participants_access.notes_of(user, pk).select_related("author", "organisation")


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
        "interests": instances(
            Occupation,
            participant.interest_rows,  # type: ignore[attr-defined]
            of=participant,
        ),
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
        "events": instances(
            ParticipantEvent,
            participant.event_rows,  # type: ignore[attr-defined]
            of=participant,
            related=EVENT_RELATED,
            participant=participant,
        ),
        "consents": consent_rows,
        "access_requests": instances(
            AccessRequest,
            participant.request_rows,  # type: ignore[attr-defined]
            of=participant,
            related=REQUEST_RELATED,
            participant=participant,
        ),
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
