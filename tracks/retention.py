"""The tracks app's part of retention (participants.retention): what counts as the person's
activity in a track, and what anonymising blanks here.

In the tracks the person took part in, the free texts written about them (nomination
motivation, reasons, progress notes, APL notes, why they were not hired, the employer's decision
comments, current and every earlier version) are replaced by a dash, in the records and in their
history, and so are the bodies of the notifications about them; states, dates, attendance and
follow-up answers stay, so the dashboard's figures do not change.

Declared on TracksConfig as the `redact_participant` and `last_activity` contributions.
"""

from __future__ import annotations

import pgtrigger
from django.db.models import Model, Q, Subquery

from jobbspar.models import Notification
from participants.models import Participant
from participants.retention import REDACTED_TEXT, latest_about, redacted
from tracks.models import (
    AplLogComment,
    AplLogEntry,
    CandidateDecision,
    CandidateDecisionChange,
    FollowUp,
    PhaseProgress,
    TrackParticipant,
    Transition,
)

# Free-text fields about the participant: model -> fields.
FREE_TEXT: dict[type[Model], tuple[str, ...]] = {
    TrackParticipant: ("motivation", "reason"),
    PhaseProgress: ("notes",),
    AplLogEntry: ("work_done", "note"),
    FollowUp: ("not_hired_reason",),
    CandidateDecision: ("comment",),
    CandidateDecisionChange: ("comment",),
}
# Records whose times are activity: model -> (path to the participant, time fields).
ACTIVITY: dict[type[Model], tuple[str, tuple[str, ...]]] = {
    TrackParticipant: ("participant", ("nominated_at", "state_changed_at")),
    Transition: ("track_participant__participant", ("at",)),
    PhaseProgress: ("track_participant__participant", ("updated_at",)),
    AplLogEntry: ("track_participant__participant", ("recorded_at",)),
    FollowUp: ("track_participant__participant", ("created_at", "answered_at")),
    CandidateDecisionChange: ("track_participant__participant", ("decided_at",)),
}
# Notifications about a person, by the kind of record they point at: model -> path to the member.
NOTIFIED_RECORDS: dict[type[Model], str] = {
    TrackParticipant: "pk",
    FollowUp: "track_participant",
    CandidateDecisionChange: "track_participant",
}


def last_activity() -> list[Subquery]:
    """For the outer participant row: the latest time of each kind of track work about them."""
    return [
        latest_about(model, path, field)
        for model, (path, fields) in ACTIVITY.items()
        for field in fields
    ]


def redact_participant(participant: Participant) -> None:
    """Replace the free texts about `participant` in track records and their write history, and
    the bodies of notifications about those records."""
    for model, fields in FREE_TEXT.items():
        lookup = "participant" if model is TrackParticipant else "track_participant__participant"
        model._default_manager.filter(**{lookup: participant}).update(
            **{field: redacted(field) for field in fields}
        )
    Transition.objects.filter(track_participant__participant=participant).update(
        reason=redacted("reason")
    )
    members = list(participant.track_memberships.values_list("pk", flat=True))
    _redact_apl_comments(members)
    _redact_history(members)
    _redact_notifications(members)


def _has_history(model: type[Model]) -> bool:
    return bool(getattr(model, "pgh_event_models", None))


def _redact_history(members: list[int]) -> None:
    tracked = {model: fields for model, fields in FREE_TEXT.items() if _has_history(model)}
    event_models = [model.pgh_event_models["update"] for model in tracked]  # type: ignore[attr-defined]
    with pgtrigger.ignore(*(f"{m._meta.label}:append_only" for m in event_models)):
        for model, fields in tracked.items():
            lookup = {"pgh_obj_id__in": members}
            if model is not TrackParticipant:
                lookup = {"track_participant_id__in": members}
            for event_model in set(model.pgh_event_models.values()):  # type: ignore[attr-defined]
                event_model.objects.filter(**lookup).update(
                    **{field: redacted(field) for field in fields}
                )


def _redact_apl_comments(members: list[int]) -> None:
    """The comments on the person's APL log entries, and their write history."""
    about = {"entry__track_participant_id__in": members}
    AplLogComment.objects.filter(**about).update(text=redacted("text"))
    event_models = set(AplLogComment.pgh_event_models.values())  # type: ignore[attr-defined]
    with pgtrigger.ignore(*(f"{m._meta.label}:append_only" for m in event_models)):
        for event_model in event_models:
            entries = AplLogEntry.objects.filter(track_participant_id__in=members)
            event_model.objects.filter(entry_id__in=entries.values("pk")).update(
                text=redacted("text")
            )


def _redact_notifications(members: list[int]) -> None:
    """The bodies of notifications about the person's track records (decisions, offers,
    follow-ups)."""
    about = Q(pk__in=[])
    for model, path in NOTIFIED_RECORDS.items():
        ids = model._default_manager.filter(**{f"{path}__in": members}).values_list("pk", flat=True)
        about |= Q(object_type=model._meta.label_lower, object_id__in=[str(pk) for pk in ids])
    Notification.objects.filter(about).update(body=REDACTED_TEXT)
