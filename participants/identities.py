"""Made-up but valid personal identity numbers, for the demo and the tests."""

from __future__ import annotations

import datetime as dt

from jobbspar.identity import luhn_ok


def personal_number_for(born: dt.date, serial: int, *, coordination: bool = False) -> str:
    """A valid 12-digit personnummer (or samordningsnummer) for `born` and a 3-digit serial."""
    day = born.day + 60 if coordination else born.day
    short = f"{born:%y%m}{day:02d}{serial % 1000:03d}"
    for digit in "0123456789":
        if luhn_ok(short + digit):
            return f"{born.year:04d}{short[2:]}{digit}"
    raise AssertionError("unreachable: one check digit always fits")
