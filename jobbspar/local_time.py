"""The one path from a stored moment to text a person reads: dates are stored in UTC and shown
in Europe/Stockholm.

Templates get the same conversion from Django's `|date`/`|time` filters (TIME_ZONE is
Europe/Stockholm and nothing activates another zone); Python code that builds text (messages,
next steps, exports, edit-conflict explanations) calls these functions instead of
`formats.date_format` or `strftime`, which print an aware datetime in whatever zone it carries.
`tests/jobbspar/test_local_time.py` holds every such path to this.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.utils import formats, timezone

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


def in_stockholm(value: dt.datetime) -> dt.datetime:
    """The moment as a Swedish wall clock shows it (a naive value is taken to be in UTC)."""
    if timezone.is_naive(value):
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(STOCKHOLM)


def format_datetime(value: dt.datetime, format: str = "Y-m-d H:i") -> str:
    """A moment as text in Swedish time, e.g. "2027-03-29 09:00" or "29 mars 2027 09:00"."""
    return formats.date_format(in_stockholm(value), format)


def format_date(value: dt.date | dt.datetime, format: str = "Y-m-d") -> str:
    """A day as text; a moment is first turned into the Swedish day it falls on."""
    if isinstance(value, dt.datetime):
        value = in_stockholm(value)
    return formats.date_format(value, format)


# Django date formats made only of numbers, as strftime writes them: the same text in every
# language, without Django's character-by-character formatter (~40 µs a call).
NUMERIC_FORMATS = {"Y-m-d H:i": "%Y-%m-%d %H:%M", "Y-m-d": "%Y-%m-%d", "H:i": "%H:%M"}


def format_numeric(value: dt.date | dt.time, format: str) -> str | None:
    """`value` in one of NUMERIC_FORMATS, or None when the fast path does not apply (another
    format, a time-of-day format for a plain date, a year before 1000). A moment must already
    be in Swedish time: the template engine converts it before the `date` filter runs."""
    pattern = NUMERIC_FORMATS.get(format)
    if pattern is None:
        return None
    if isinstance(value, dt.datetime) or (isinstance(value, dt.date) and "%H" not in pattern):
        return value.strftime(pattern) if value.year >= 1000 else None
    if isinstance(value, dt.time) and pattern == "%H:%M":
        return value.strftime(pattern)
    return None


def format_value(value: dt.date | dt.datetime | dt.time) -> str:
    """A stored date or time value in the ISO form the forms use (dates, and times in Sweden)."""
    if isinstance(value, dt.datetime):
        return format_datetime(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value.strftime("%H:%M")
