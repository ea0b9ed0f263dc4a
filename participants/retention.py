"""Retention and erasure: participants with no activity for `PARTICIPANT_RETENTION_MONTHS`
(default 24) are anonymised, and so is a participant whose registering organisation erases the
record on request. One path for both (`anonymise`).

Anonymising removes identity and contact data from the record AND from its write history (the
pghistory event tables, whose append-only triggers are lifted only here, inside the
transaction), deletes the free-text case notes (and their text in the history), and keeps what
the statistics need: gender, target-group flags, Swedish and education level, status,
registering organisation, plan items, consents and the record's own event log. The access log
is kept as it is: its entries point at the record, which no longer says who it was.

In the tracks the person took part in, the free texts written about them (nomination
motivation, reasons, progress notes, APL notes, why they were not hired, the employer's decision
comments, current and every earlier version) are replaced by a dash, in the records and in their
history, and so are the bodies of the notifications about them; states, dates, attendance and
follow-up answers stay, so the dashboard's figures do not change.

Activity is any change to the record, a logged event (notes, plan items, consents), and track
work about the person: a nomination or move, recorded progress, an APL note, a follow-up created
or answered, an employer's decision.

The personal identity number is replaced by a 12-digit value that keeps the birth year (for
age statistics) and can never be a real number: its check digit is deliberately wrong.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pgtrigger
from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import Case, Max, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from jobbspar import access
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


# Replaces free text about the person in track records (some of those texts are required).
REDACTED_TEXT = "–"
# Free-text fields about the participant in the tracks app: model name -> fields.
TRACK_FREE_TEXT = {
    "TrackParticipant": ("motivation", "reason"),
    "PhaseProgress": ("notes",),
    "AplLogEntry": ("note",),
    "FollowUp": ("not_hired_reason",),
    "CandidateDecision": ("comment",),
    "CandidateDecisionChange": ("comment",),
}
# Track records whose times are activity: model name -> (path to the participant, time fields).
TRACK_ACTIVITY = {
    "TrackParticipant": ("participant", ("nominated_at", "state_changed_at")),
    "Transition": ("track_participant__participant", ("at",)),
    "PhaseProgress": ("track_participant__participant", ("updated_at",)),
    "AplLogEntry": ("track_participant__participant", ("recorded_at",)),
    "FollowUp": ("track_participant__participant", ("created_at", "answered_at")),
    "CandidateDecisionChange": ("track_participant__participant", ("decided_at",)),
}
# Notifications about a person, by the kind of record they point at: model -> path to the member.
NOTIFIED_RECORDS = {
    "TrackParticipant": "pk",
    "FollowUp": "track_participant",
    "CandidateDecisionChange": "track_participant",
}


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


def _latest(model, path: str, field: str) -> Subquery:
    """The latest `field` of `model`'s rows about the outer participant (one per source, so the
    sources are not joined to each other)."""
    rows = model.objects.filter(**{path: OuterRef("pk")}).order_by().values(path)
    return Subquery(rows.annotate(latest=Max(field)).values("latest")[:1])


def with_last_activity(queryset: QuerySet[Participant]) -> QuerySet[Participant]:
    """The latest of: the record's last change, the last logged event (notes, plan items,
    consents and background changes all log one) and the last track activity about the person
    (TRACK_ACTIVITY)."""
    track_times = [
        Coalesce(_latest(apps.get_model("tracks", name), path, field), "updated_at")
        for name, (path, fields) in TRACK_ACTIVITY.items()
        for field in fields
    ]
    return queryset.annotate(
        last_activity=Greatest(
            "updated_at", Coalesce(Max("events__at"), "updated_at"), *track_times
        )
    )


def due_for_anonymisation(now: dt.datetime | None = None) -> QuerySet[Participant]:
    return (
        with_last_activity(Participant.objects.filter(anonymised_at__isnull=True))
        .filter(last_activity__lt=cutoff(now))
        .select_related("registered_by")
        .order_by("pk")
    )


def _redact_history(participant: Participant, *, personal_number: str, name: str) -> None:
    record_events = Participant.pgh_event_models["update"]
    note_events = CaseNote.pgh_event_models["update"]
    experience_events = WorkExperience.pgh_event_models["update"]
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
    redactions = {field: _redacted(field) for field in ACCESS_REQUEST_FREE_TEXT}
    AccessRequest.objects.filter(participant=participant).update(**redactions)
    events = AccessRequest.pgh_event_models["update"]
    with pgtrigger.ignore(f"{events._meta.label}:append_only"):
        events.objects.filter(participant_id=participant.pk).update(**redactions)


def _redacted(field: str):
    """The redaction of a text field: a dash where there was text, empty stays empty."""
    return Case(When(**{field: ""}, then=Value("")), default=Value(REDACTED_TEXT))


def _redact_tracks(participant: Participant) -> None:
    """Replace the free texts about `participant` in track records and their write history."""
    link = {"TrackParticipant": "participant", "Transition": "track_participant__participant"}
    models = {name: apps.get_model("tracks", name) for name in [*TRACK_FREE_TEXT, "Transition"]}
    for name, fields in TRACK_FREE_TEXT.items():
        lookup = link.get(name, "track_participant__participant")
        models[name].objects.filter(**{lookup: participant}).update(
            **{field: _redacted(field) for field in fields}
        )
    models["Transition"].objects.filter(track_participant__participant=participant).update(
        reason=_redacted("reason")
    )
    members = list(participant.track_memberships.values_list("pk", flat=True))
    tracked = {
        name: fields for name, fields in TRACK_FREE_TEXT.items() if _has_history(models[name])
    }
    event_models = {name: models[name].pgh_event_models["update"] for name in tracked}
    with pgtrigger.ignore(*(f"{m._meta.label}:append_only" for m in event_models.values())):
        for name, fields in tracked.items():
            lookup = {"pgh_obj_id__in": members}
            if name != "TrackParticipant":
                lookup = {"track_participant_id__in": members}
            for event_model in set(models[name].pgh_event_models.values()):
                event_model.objects.filter(**lookup).update(
                    **{field: _redacted(field) for field in fields}
                )


def _has_history(model) -> bool:
    return bool(getattr(model, "pgh_event_models", None))


def _redact_notifications(participant: Participant) -> None:
    """The bodies of notifications about the person (decisions, offers, follow-ups, consents)."""
    members = list(participant.track_memberships.values_list("pk", flat=True))
    about = Q(object_type="participants.participant", object_id=str(participant.pk)) | Q(
        object_type="participants.consent",
        object_id__in=[str(pk) for pk in participant.consents.values_list("pk", flat=True)],
    )
    for name, path in NOTIFIED_RECORDS.items():
        model = apps.get_model("tracks", name)
        ids = model.objects.filter(**{f"{path}__in": members}).values_list("pk", flat=True)
        about |= Q(object_type=model._meta.label_lower, object_id__in=[str(pk) for pk in ids])
    Notification.objects.filter(about).update(body=REDACTED_TEXT)


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
        personal_number = anonymous_personal_number(claimed)
        name = anonymous_name(claimed)
        CaseNote.objects.filter(participant=claimed).delete()
        claimed.interests.clear()
        claimed.experiences.update(where="")
        Participant.objects.filter(pk=claimed.pk).update(
            personal_number=personal_number,
            name=name,
            anonymised_at=timezone.now(),
            **IDENTITY_BLANKS,
        )
        _redact_history(claimed, personal_number=personal_number, name=name)
        _redact_access_requests(claimed)
        _redact_tracks(claimed)
        _redact_notifications(claimed)
        log_event(participant=claimed, kind=EventKind.ANONYMISED, by=by, detail="")
    return True


def run_retention(*, dry_run: bool = False, now: dt.datetime | None = None) -> list[Candidate]:
    """Anonymise every participant past the retention period (or, with `dry_run`, only list
    them). Returns what was (or would be) anonymised."""
    candidates = [
        Candidate(p.pk, p.registered_by.name, p.last_activity) for p in due_for_anonymisation(now)
    ]
    if not dry_run:
        for candidate in candidates:
            anonymise(participant=Participant(pk=candidate.participant_id))
    return candidates
