"""Swedish identity numbers: personnummer, samordningsnummer and organisationsnummer.

All three end in a Luhn check digit computed over the last ten digits. Only ASCII digits are
accepted: `str.isdigit()` is also true for Arabic-Indic and other digits, which we refuse.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

_PERSONAL = re.compile(
    r"^(?P<century>\d{2})?(?P<date>\d{6})(?P<sep>[-+]?)(?P<tail>\d{4})$", re.ASCII
)
_ORGANISATION = re.compile(r"^(?:16)?(?P<first>\d{6})-?(?P<tail>\d{4})$", re.ASCII)


def _luhn_sum(digits: str) -> int:
    """The Luhn sum: every second digit from the right, starting with the second, doubled (less
    9 when that passes 9), plus the others."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total


def luhn_ok(digits: str) -> bool:
    """True when the last digit of `digits` is the Luhn check digit of the others."""
    return _luhn_sum(digits) % 10 == 0


def luhn_digit(digits: str) -> str:
    """The Luhn check digit that completes `digits` (`luhn_ok(digits + luhn_digit(digits))`)."""
    return str(-_luhn_sum(digits + "0") % 10)


def _strip(value: str) -> str:
    return value.strip().replace(" ", "")


def normalise_personal_number(value: str, *, today: dt.date | None = None) -> str:
    """Return the 12-digit form YYYYMMDDNNNN, or raise ValidationError.

    Accepts YYMMDD-NNNN, YYMMDD+NNNN (100 years or older), YYMMDDNNNN, YYYYMMDD-NNNN and
    YYYYMMDDNNNN. A samordningsnummer has 60 added to the day.
    """
    today = today or timezone.localdate()
    match = _PERSONAL.match(_strip(value or ""))
    if not match:
        raise ValidationError(
            _("Enter a personal identity number as YYYYMMDD-NNNN or YYMMDD-NNNN."),
            code="format",
        )
    short = match["date"] + match["tail"]
    if not luhn_ok(short):
        raise ValidationError(
            _("The personal identity number has a wrong check digit. Check the number."),
            code="checksum",
        )
    year2, month, day = int(match["date"][:2]), int(match["date"][2:4]), int(match["date"][4:6])
    birth_day = day - 60 if day > 60 else day  # samordningsnummer
    if match["century"]:
        year = int(match["century"] + match["date"][:2])
    else:
        # Two-digit year: the most recent century that does not put the birth in the future;
        # a '+' separator means the person is 100 or older.
        year = (today.year // 100) * 100 + year2
        if year > today.year:
            year -= 100
        if match["sep"] == "+":
            year -= 100
    try:
        born = dt.date(year, month, birth_day)
    except ValueError:
        raise ValidationError(
            _("The personal identity number does not contain a valid date of birth."),
            code="date",
        ) from None
    if born > today:
        raise ValidationError(
            _("The date of birth in the personal identity number lies in the future."),
            code="future",
        )
    return f"{year:04d}{match['date'][2:]}{match['tail']}"


def birth_date_from_personal_number(normalised: str) -> dt.date:
    """The date of birth in a normalised (12-digit) personal or coordination number."""
    day = int(normalised[6:8])
    return dt.date(int(normalised[:4]), int(normalised[4:6]), day - 60 if day > 60 else day)


def is_coordination_number(normalised: str) -> bool:
    return int(normalised[6:8]) > 60


def format_personal_number(normalised: str) -> str:
    """YYYYMMDD-NNNN, the written form shown to staff."""
    return f"{normalised[:8]}-{normalised[8:]}"


def normalise_organisation_number(value: str) -> str:
    """Return the 10-digit organisationsnummer NNNNNN-NNNN, or raise ValidationError.

    Accepts NNNNNN-NNNN, NNNNNNNNNN and the 12-digit form with the '16' prefix. Sole traders
    use their personal identity number as organisation number, which also passes here.
    """
    match = _ORGANISATION.match(_strip(value or ""))
    if not match:
        raise ValidationError(
            _("Enter an organisation number as NNNNNN-NNNN (ten digits)."), code="format"
        )
    digits = match["first"] + match["tail"]
    if not luhn_ok(digits):
        raise ValidationError(
            _("The organisation number has a wrong check digit. Check the number."),
            code="checksum",
        )
    return f"{digits[:6]}-{digits[6:]}"


def validate_personal_number(value: str) -> None:
    normalise_personal_number(value)


def validate_organisation_number(value: str) -> None:
    normalise_organisation_number(value)
