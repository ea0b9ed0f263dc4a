"""Identity numbers for generated rows: valid (Luhn) and unique per index."""

from __future__ import annotations

import datetime as dt

from jobbspar.identity import luhn_digit


def organisation_number(prefix: str, index: int) -> str:
    """A valid organisationsnummer NNNNNN-NNNN, unique per prefix and index."""
    nine = f"{prefix}{index:0{9 - len(prefix)}d}"
    ten = nine + luhn_digit(nine)
    return f"{ten[:6]}-{ten[6:]}"


def personal_number(index: int) -> str:
    """A valid (Luhn) personnummer, unique per index: birth date + serial + check digit."""
    first = dt.date(1962, 1, 1)
    days = (dt.date(2006, 12, 31) - first).days
    born = first + dt.timedelta(days=index % days)
    serial = 100 + index // days  # up to 900 people per birth date
    nine = f"{born:%y%m%d}{serial:03d}"
    return f"{born:%Y%m%d}{serial:03d}{luhn_digit(nine)}"
