"""Planning a track's strands: saving a strand, its weekly pattern and its exceptions. Every
change is validated here, so a form, a command and the demo cannot save what the rules refuse.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jobbspar.local_time import format_date
from jobbspar.locking import save_versioned
from schedule.models import ExceptionKind, Strand, StrandException, StrandWeekday
from schedule.sessions import TimeSpan, generate_sessions, session_on
from tracks.models import CLOSED_TRACK_STATUSES, ResponsibleParty, Track


def _check_open(track: Track) -> None:
    if track.status in CLOSED_TRACK_STATUSES:
        raise ValidationError(_("The track is closed; its schedule can no longer change."))


def validate_strand(strand: Strand) -> None:
    """A strand lies inside its track's dates and ends after it starts."""
    track = strand.track
    if strand.ends_on < strand.starts_on:
        raise ValidationError(_("A strand cannot end before it starts."))
    if strand.provider_id and strand.responsible != ResponsibleParty.PROVIDER:
        raise ValidationError(
            _("Only a strand an education provider is responsible for names a provider.")
        )
    if strand.starts_on < track.start_date or strand.ends_on > track.end_date:
        raise ValidationError(
            _("A strand lies inside the track: %(start)s – %(end)s.")
            % {"start": format_date(track.start_date), "end": format_date(track.end_date)}
        )
    if (
        strand.pk
        and strand.attendance.exclude(day__range=(strand.starts_on, strand.ends_on)).exists()
    ):
        raise ValidationError(_("Attendance has been recorded on days outside these dates."))


def save_strand(*, strand: Strand) -> Strand:
    """Save a new or changed strand (a changed one only if nobody saved it meanwhile)."""
    _check_open(strand.track)
    validate_strand(strand)
    save_versioned(strand)
    return strand


def copy_plan(*, source: Track, track: Track, shift: dt.timedelta) -> None:
    """A copied track's strands and weekly patterns, shifted by `shift` and kept inside the copy
    (its `track_copied` contribution); never exceptions, sessions' attendance or anything else
    dated in the source's own time."""
    for strand in source.strands.prefetch_related("weekdays").order_by("starts_on", "pk"):
        starts_on = max(strand.starts_on + shift, track.start_date)
        ends_on = min(strand.ends_on + shift, track.end_date)
        if ends_on < starts_on:  # outside the copy's dates (a source edited since): left out
            continue
        copy = save_strand(
            strand=Strand(
                track=track,
                kind=strand.kind,
                language_course=strand.language_course,
                level=strand.level,
                name=strand.name,
                responsible=strand.responsible,
                provider_id=strand.provider_id,
                starts_on=starts_on,
                ends_on=ends_on,
                place=strand.place,
            )
        )
        StrandWeekday.objects.bulk_create(
            StrandWeekday(
                strand=copy, weekday=day.weekday, starts_at=day.starts_at, ends_at=day.ends_at
            )
            for day in strand.weekdays.all()
        )


def delete_strand(*, strand: Strand) -> None:
    """Delete a strand with its pattern, unless attendance has been recorded in it."""
    _check_open(strand.track)
    if strand.attendance.exists():
        raise ValidationError(
            _("Attendance has been recorded in this strand, so it cannot be deleted.")
        )
    strand.delete()


def save_pattern(*, strand: Strand, weekly: dict[int, TimeSpan]) -> None:
    """Replace the strand's weekly pattern: weekday (0 = Monday … 4 = Friday) to its times."""
    _check_open(strand.track)
    for weekday, (start, end) in weekly.items():
        if not 0 <= weekday <= 4:
            raise ValidationError(_("A strand meets on weekdays, Monday to Friday."))
        if end <= start:
            raise ValidationError(_("A session must end after it starts."))
    exceptions = list(strand.exceptions.all())
    planned = generate_sessions(
        starts_on=strand.starts_on,
        ends_on=strand.ends_on,
        weekly=weekly,
        cancelled=[row.day for row in exceptions if row.kind == ExceptionKind.CANCELLED],
        extra={
            row.day: (row.starts_at, row.ends_at)
            for row in exceptions
            if row.kind == ExceptionKind.EXTRA and row.starts_at and row.ends_at
        },
    )
    if strand.attendance.exclude(day__in=[session.day for session in planned]).exists():
        raise ValidationError(
            _("Attendance has been recorded on a day this pattern leaves out; keep that day.")
        )
    with transaction.atomic():
        strand.weekdays.all().delete()
        StrandWeekday.objects.bulk_create(
            StrandWeekday(strand=strand, weekday=weekday, starts_at=start, ends_at=end)
            for weekday, (start, end) in sorted(weekly.items())
        )


def add_exception(
    *,
    strand: Strand,
    day: dt.date,
    kind: str,
    times: TimeSpan | None = None,
    note: str = "",
) -> StrandException:
    """Cancel one of the strand's sessions, or add an extra session day (with its times)."""
    _check_open(strand.track)
    if not strand.starts_on <= day <= strand.ends_on:
        raise ValidationError(
            _("The day must lie within the strand: %(start)s – %(end)s.")
            % {"start": format_date(strand.starts_on), "end": format_date(strand.ends_on)}
        )
    if strand.exceptions.filter(day=day).exists():
        raise ValidationError(_("This day already has an exception."))
    planned = session_on(strand, day)
    if kind == ExceptionKind.CANCELLED:
        if planned is None:
            raise ValidationError(_("The strand has no session that day to cancel."))
        times = None
    elif kind == ExceptionKind.EXTRA:
        if planned is not None:
            raise ValidationError(_("The strand already meets that day."))
        if times is None or times[1] <= times[0]:
            raise ValidationError(
                _("Give the times of the extra day; it must end after it starts.")
            )
    else:
        raise ValidationError(_("Choose whether the day is cancelled or extra."))
    if kind == ExceptionKind.CANCELLED and strand.attendance.filter(day=day).exists():
        raise ValidationError(
            _("Attendance has been recorded that day, so it cannot be cancelled.")
        )
    return StrandException.objects.create(
        strand=strand,
        day=day,
        kind=kind,
        starts_at=times[0] if times else None,
        ends_at=times[1] if times else None,
        note=note,
    )


def delete_exception(*, exception: StrandException) -> None:
    """Remove an exception (the day follows the weekly pattern again), unless it is an extra day
    with recorded attendance."""
    _check_open(exception.strand.track)
    if (
        exception.kind == ExceptionKind.EXTRA
        and exception.strand.attendance.filter(day=exception.day).exists()
    ):
        raise ValidationError(
            _("Attendance has been recorded on this extra day, so it cannot be removed.")
        )
    exception.delete()
