"""Attendance per session day: recording it (with who and when; corrections keep the history
through pghistory) and the monthly summary per participant (hours planned, attended, and absent
with and without a valid reason)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

import pgtrigger
from django.core.exceptions import ValidationError
from django.db.models import Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from jobbspar.models import User
from participants.models import Participant
from participants.retention import latest_about, redacted
from schedule.models import Attendance, AttendanceStatus, ProgressEntry, Strand
from schedule.progress_entries import redact_progress
from schedule.sessions import Session, session_on, sessions_of
from tracks.models import State, TrackParticipant

ZERO = Decimal("0")

# Members whose attendance is recorded: from selection until they complete. A paused member
# stays on the lists (their days before the pause still count; the reason is never shown).
ATTENDING_STATES = frozenset(
    {State.SELECTED, State.IN_TRAINING, State.IN_APL, State.PAUSED, State.COMPLETED}
)


def record_attendance(
    *,
    strand: Strand,
    day: dt.date,
    member: TrackParticipant,
    status: str,
    by: User,
    reason: str = "",
    hours_missed: Decimal = ZERO,
    note: str = "",
) -> Attendance:
    """Record (or correct) one member's attendance at the strand's session on `day`."""
    if member.track_id != strand.track_id:
        raise ValidationError(_("The participant is not in this strand's track."))
    session = session_on(strand, day)
    if session is None:
        raise ValidationError(_("The strand has no session that day."))
    if day > timezone.localdate():
        raise ValidationError(_("Attendance cannot be recorded ahead of the day."))
    if status not in AttendanceStatus.values:
        raise ValidationError(_("Choose the attendance."))
    if status == AttendanceStatus.ABSENT_VALID:
        if not reason:
            raise ValidationError(_("Give the reason for the absence."))
    else:
        reason = ""
    if status == AttendanceStatus.PARTLY:
        if not ZERO < hours_missed < session.hours:
            raise ValidationError(
                _("Hours missed must be more than 0 and less than the session's %(hours)s hours.")
                % {"hours": session.hours}
            )
    else:
        hours_missed = ZERO
    values = {"status": status, "reason": reason, "hours_missed": hours_missed, "note": note}
    existing = strand.attendance.filter(day=day, track_participant=member).first()
    if existing is None:
        return Attendance.objects.create(
            strand=strand, day=day, track_participant=member, recorded_by=by, **values
        )
    if all(getattr(existing, name) == value for name, value in values.items()):
        return existing
    for name, value in values.items():
        setattr(existing, name, value)
    existing.edited_by = by
    existing.edited_at = timezone.now()
    existing.save()
    return existing


@dataclass
class MonthSummary:
    """Hours in one month for one member, over all the track's strands."""

    planned: Decimal = ZERO
    attended: Decimal = ZERO
    absent_valid: Decimal = ZERO
    absent_invalid: Decimal = ZERO
    not_recorded: Decimal = ZERO
    sessions: int = 0
    rows: list[tuple[Session, Strand, Attendance | None]] = field(default_factory=list)


def month_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    first = month.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return first, following - dt.timedelta(days=1)


def monthly_summary(
    *, strands: list[Strand], attendance: list[Attendance], month: dt.date
) -> MonthSummary:
    """The month's hours for one member: `strands` of the member's track (weekdays and exceptions
    prefetched), `attendance` the member's entries. A session without an entry counts as planned
    and not recorded; a late arrival counts the hours missed as absence without a valid reason."""
    window = month_bounds(month)
    entries = {(row.strand_id, row.day): row for row in attendance}
    summary = MonthSummary()
    for strand in strands:
        for session in sessions_of(strand, within=window):
            entry = entries.get((strand.pk, session.day))
            summary.sessions += 1
            summary.planned += session.hours
            summary.rows.append((session, strand, entry))
            if entry is None:
                summary.not_recorded += session.hours
            elif entry.status == AttendanceStatus.PRESENT:
                summary.attended += session.hours
            elif entry.status == AttendanceStatus.ABSENT_VALID:
                summary.absent_valid += session.hours
            elif entry.status == AttendanceStatus.ABSENT_INVALID:
                summary.absent_invalid += session.hours
            else:
                summary.attended += session.hours - entry.hours_missed
                summary.absent_invalid += entry.hours_missed
    summary.rows.sort(key=lambda row: (row[0].day, row[0].starts_at))
    return summary


def redact_participant(participant: Participant) -> None:
    """Retention: replace the notes on the person's attendance, in the rows and their write
    history, by a dash (statuses and hours stay, for the aggregated figures); and the education
    provider's progress entries about them (schedule.progress_entries)."""
    redact_progress(participant)
    Attendance.objects.filter(track_participant__participant=participant).update(
        note=redacted("note")
    )
    events = set(Attendance.pgh_event_models.values())  # type: ignore[attr-defined]
    with pgtrigger.ignore(*(f"{model._meta.label}:append_only" for model in events)):
        for event_model in events:
            event_model.objects.filter(track_participant__participant_id=participant.pk).update(
                note=redacted("note")
            )


def last_activity() -> list[Subquery]:
    """Retention: for the outer participant row, the latest time attendance or a progress entry
    was recorded."""
    return [
        latest_about(Attendance, "track_participant__participant", "recorded_at"),
        latest_about(ProgressEntry, "track_participant__participant", "recorded_at"),
    ]
