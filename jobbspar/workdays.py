"""Swedish working days: weekends, public holidays, and the three eves the Annual Leave Act
(semesterlagen 3 §) treats as Sundays: Midsummer Eve, Christmas Eve and New Year's Eve."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays

_EVES_LIKE_SUNDAYS = {"Midsummer Eve", "Christmas Eve", "New Year's Eve"}


@lru_cache(maxsize=64)
def _days_off(year: int) -> frozenset[dt.date]:
    public = holidays.country_holidays("SE", years=year, language="en_US")
    every = holidays.country_holidays(
        "SE", years=year, language="en_US", categories=holidays.Sweden.supported_categories
    )
    eves = {day for day, name in every.items() if name in _EVES_LIKE_SUNDAYS}
    return frozenset(set(public) | eves)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _days_off(day.year)


def on_or_before_working_day(day: dt.date) -> dt.date:
    """The day itself if it is a working day, else the nearest working day before it."""
    while not is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


def working_days_before(day: dt.date, count: int) -> dt.date:
    """The date `count` working days before `day` (day itself need not be a working day)."""
    current = day
    remaining = count
    while remaining > 0:
        current -= dt.timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current
