"""Retention and erasure: participants with no activity for `PARTICIPANT_RETENTION_MONTHS`
(default 24) are anonymised, and so is a participant whose registering organisation erases the
record on request. One path for both (`anonymise`).

Anonymising removes identity and contact data from the record AND from its write history (the
pghistory event tables, whose append-only triggers are lifted only here, inside the
transaction), deletes the free-text case notes (and their text in the history), and keeps what
the statistics need: gender, target-group flags, Swedish and education level, status,
registering organisation, plan items, consents and the record's own event log. The access log
is kept as it is: its entries point at the record, which no longer says who it was.

Every app blanks what it keeps about the person through its `redact_participant`
contribution (jobbspar.contributions), this app's first: in the tracks, the free texts written
about the person and the bodies of notifications about them (tracks.retention).

Activity is any change to the record, a logged event (notes, plan items, consents), and the
work about the person that the apps above contribute as `last_activity` (in the tracks: a
nomination or move, recorded progress, an APL note, a follow-up created or answered, an
employer's decision).

The personal identity number is replaced by a 12-digit value that keeps the birth year (for
age statistics) and can never be a real number: its check digit is deliberately wrong.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pgtrigger
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.db.models import Case, Max, Model, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from jobbspar import access
from jobbspar.contributions import collect
from jobbspar.identity import luhn_ok
from jobbspar.models import Notification, User
from participants.models import (
    AccessRequest,
    CaseNote,
    EventKind,
    Participant,
    WorkExperience,
)
from participants.registration import log_event

# Identity and contact data: blanked (or replaced) in the record and in its history.
IDENTITY_BLANKS = {
    "phone": "",
    "email": "",
    "district": "",
    "preferred_language": "",
    "arrival_date": None,
    "available_from": None,
}


# Replaces free text about the person (some of those texts are required), in every app.
REDACTED_TEXT = "–"


@dataclass(frozen=True)
class Candidate:
    participant_id: int
    registered_by: str
    last_activity: dt.datetime


def anonymous_personal_number(participant: Participant) -> str:
    """12 digits: the birth year kept, the rest from the id, with a check digit that fails."""
    year = participant.personal_number[:4]
    born = dt.date(int(year), 1, 1) + dt.timedelta(days=(participant.pk // 1000) % 365)
    short = f"{born:%y%m%d}{participant.pk % 1000:03d}"
    for digit in "0123456789":
        if not luhn_ok(short + digit):
            return f"{year}{short[2:]}{digit}"
    raise AssertionError("unreachable: nine check digits are wrong")


def anonymous_name(participant: Participant) -> str:
    return f"Anonymiserad deltagare {participant.pk}"


def cutoff(now: dt.datetime | None = None) -> dt.datetime:
    months = settings.PARTICIPANT_RETENTION_MONTHS
    return (now or timezone.now()) - relativedelta(months=months)


def latest_about(model: type[Model], path: str, field: str) -> Subquery:
    """The latest `field` of `model`'s rows about the outer participant (one subquery per source,
    so the sources are not joined to each other). For the apps' `last_activity` contributions."""
    rows = model._default_manager.filter(**{path: OuterRef("pk")}).order_by().values(path)
    return Subquery(rows.annotate(latest=Max(field)).values("latest")[:1])


def with_last_activity(queryset: QuerySet[Participant]) -> QuerySet[Participant]:
    """The latest of: the record's last change, the last logged event (notes, plan items,
    consents and background changes all log one) and the last activity about the person that
    the apps above contribute (`last_activity`: track work, for one)."""
    contributed = [
        Coalesce(latest, "updated_at")
        for activity in collect("last_activity")
        for latest in activity()
    ]
    return queryset.annotate(
        last_activity=Greatest(
            "updated_at", Coalesce(Max("events__at"), "updated_at"), *contributed
        )
    )


def due_for_anonymisation(now: dt.datetime | None = None) -> QuerySet[Participant]:
    return (
        with_last_activity(Participant.objects.filter(anonymised_at__isnull=True))
        .filter(last_activity__lt=cutoff(now))  # type: ignore[misc]  # an annotation
        .select_related("registered_by")
        .order_by("pk")
    )


def _redact_history(participant: Participant, *, personal_number: str, name: str) -> None:
    record_events = Participant.pgh_event_models["update"]  # type: ignore[attr-defined]
    note_events = CaseNote.pgh_event_models["update"]  # type: ignore[attr-defined]
    experience_events = WorkExperience.pgh_event_models["update"]  # type: ignore[attr-defined]
    with pgtrigger.ignore(
        *(
            f"{model._meta.label}:append_only"
            for model in (record_events, note_events, experience_events)
        )
    ):
        experience_events.objects.filter(participant_id=participant.pk).update(where="")
        record_events.objects.filter(pgh_obj_id=participant.pk).update(
            personal_number=personal_number, name=name, **IDENTITY_BLANKS
        )
        note_events.objects.filter(participant_id=participant.pk).update(text="")


ACCESS_REQUEST_FREE_TEXT = ("asked_from", "note", "decline_reason")


def _redact_access_requests(participant: Participant) -> None:
    """The free texts of requests for access to the person's record, and their history."""
    redactions = {field: redacted(field) for field in ACCESS_REQUEST_FREE_TEXT}
    AccessRequest.objects.filter(participant=participant).update(**redactions)
    events = AccessRequest.pgh_event_models["update"]  # type: ignore[attr-defined]
    with pgtrigger.ignore(f"{events._meta.label}:append_only"):
        events.objects.filter(participant_id=participant.pk).update(**redactions)


def redacted(field: str) -> Case:
    """The redaction of a text field: a dash where there was text, empty stays empty."""
    return Case(When(**{field: ""}, then=Value("")), default=Value(REDACTED_TEXT))


def _redact_notifications(participant: Participant) -> None:
    """The bodies of notifications about the person's record and consents (the apps above
    redact those about their own records)."""
    about = Q(object_type="participants.participant", object_id=str(participant.pk)) | Q(
        object_type="participants.consent",
        object_id__in=[str(pk) for pk in participant.consents.values_list("pk", flat=True)],
    )
    Notification.objects.filter(about).update(body=REDACTED_TEXT)


def redact_participant(participant: Participant) -> None:
    """The participants app's part of anonymisation: identity and contact data out of the record
    and its history, case notes deleted, the free texts of access requests and the bodies of
    notifications about the record replaced. Called through `redact_participant` contributions,
    inside `anonymise`'s transaction, on the locked row."""
    personal_number = anonymous_personal_number(participant)
    name = anonymous_name(participant)
    CaseNote.objects.filter(participant=participant).delete()
    participant.interests.clear()
    participant.experiences.update(where="")
    Participant.objects.filter(pk=participant.pk).update(
        personal_number=personal_number,
        name=name,
        anonymised_at=timezone.now(),
        **IDENTITY_BLANKS,
    )
    _redact_history(participant, personal_number=personal_number, name=name)
    _redact_access_requests(participant)
    _redact_notifications(participant)


def anonymise(*, participant: Participant, by: User | None = None) -> bool:
    """Anonymise one participant (retention or erasure on request). Returns False when it was
    already anonymised (nothing done)."""
    with (
        access.unscoped("anonymisation of one participant (retention job or erasure)"),
        transaction.atomic(),
    ):
        claimed = Participant.objects.select_for_update().get(pk=participant.pk)
        if claimed.anonymised_at is not None:
            return False
        # Every app blanks what it keeps about the person (this one first, in INSTALLED_APPS order).
        for redact in collect("redact_participant"):
            redact(claimed)
        log_event(participant=claimed, kind=EventKind.ANONYMISED, by=by, detail="")
    return True


def run_retention(*, dry_run: bool = False, now: dt.datetime | None = None) -> list[Candidate]:
    """Anonymise every participant past the retention period (or, with `dry_run`, only list
    them). Returns what was (or would be) anonymised."""
    candidates = [
        Candidate(p.pk, p.registered_by.name, p.last_activity)  # type: ignore[attr-defined]
        for p in due_for_anonymisation(now)
    ]
    if not dry_run:
        for candidate in candidates:
            anonymise(participant=Participant(pk=candidate.participant_id))
    return candidates
