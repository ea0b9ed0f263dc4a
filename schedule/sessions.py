"""The sessions of a strand, generated from its dates, weekly pattern and exceptions.

`generate_sessions` is pure (dates and times in, sessions out): every weekday of the pattern
between the strand's first and last day, except days that are not Swedish working days
(jobbspar/workdays.py: weekends, public holidays and the eves treated as Sundays) and cancelled
days, plus the extra days. `sessions_of` reads one strand's pattern (prefetched by the caller, so
a page of many strands keeps its query count).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from jobbspar.workdays import is_working_day
from schedule.models import ExceptionKind, Strand

TimeSpan = tuple[dt.time, dt.time]


@dataclass(frozen=True, order=True)
class Session:
    day: dt.date
    starts_at: dt.time
    ends_at: dt.time
    strand_id: int = 0
    extra: bool = False

    @property
    def hours(self) -> Decimal:
        minutes = (self.ends_at.hour * 60 + self.ends_at.minute) - (
            self.starts_at.hour * 60 + self.starts_at.minute
        )
        return (Decimal(minutes) / Decimal(60)).quantize(Decimal("0.01"))


def generate_sessions(
    *,
    starts_on: dt.date,
    ends_on: dt.date,
    weekly: Mapping[int, TimeSpan],
    cancelled: Iterable[dt.date] = (),
    extra: Mapping[dt.date, TimeSpan] | None = None,
    strand_id: int = 0,
    within: tuple[dt.date, dt.date] | None = None,
) -> list[Session]:
    """The sessions from `starts_on` to `ends_on` (inclusive): on each weekday (0 = Monday) in
    `weekly` that is a working day and not `cancelled`, and on each `extra` day (an extra day is
    explicit, so it counts even on a holiday). `within` narrows the result to a window (a week
    of the calendar) without changing which days are sessions."""
    extra = extra or {}
    cancelled_days = set(cancelled)
    first, last = starts_on, ends_on
    if within is not None:
        first, last = max(first, within[0]), min(last, within[1])
    sessions = []
    day = first
    while day <= last:
        if day in extra:
            start, end = extra[day]
            sessions.append(Session(day, start, end, strand_id, extra=True))
        elif day.weekday() in weekly and day not in cancelled_days and is_working_day(day):
            start, end = weekly[day.weekday()]
            sessions.append(Session(day, start, end, strand_id))
        day += dt.timedelta(days=1)
    return sessions


def sessions_of(strand: Strand, within: tuple[dt.date, dt.date] | None = None) -> list[Session]:
    """A strand's sessions (its `weekdays` and `exceptions` prefetched, or loaded here)."""
    exceptions = list(strand.exceptions.all())
    return generate_sessions(
        starts_on=strand.starts_on,
        ends_on=strand.ends_on,
        weekly={row.weekday: (row.starts_at, row.ends_at) for row in strand.weekdays.all()},
        cancelled=[row.day for row in exceptions if row.kind == ExceptionKind.CANCELLED],
        extra={
            row.day: (row.starts_at, row.ends_at)
            for row in exceptions
            if row.kind == ExceptionKind.EXTRA and row.starts_at and row.ends_at
        },
        strand_id=strand.pk,
        within=within,
    )


def session_on(strand: Strand, day: dt.date) -> Session | None:
    """The strand's session on `day`, or None if it does not meet then."""
    found = sessions_of(strand, within=(day, day))
    return found[0] if found else None


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())
