"""Shortage occupations (bristyrken): whether an occupation is one for a partnership's county (or
the whole country) on a day, as a filter expression for counts and as a lookup for a page, and
the CSV import administrators run (`import_shortage_occupations`).

An entry applies to a partnership when its region is the partnership's county or the whole
country, and the day lies in its period (both ends included). A recruitment need is judged on
today, a track on its start date.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Exists, JSONField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import JSONObject

from employers.models import Occupation, ShortageOccupation
from jobbspar.database import prepared
from jobbspar.models import Partnership, Region

COLUMNS = ["ssyk", "region", "valid_from", "valid_to", "source"]


def in_shortage(*, occupation: str, region: str, day: str) -> Exists:
    """True for rows whose `occupation` (path to an Occupation id) is a shortage occupation for
    the county at `region` (path to a Partnership.region) on the date at `day`."""
    return Exists(
        ShortageOccupation.objects.filter(
            Q(region=Region.WHOLE_COUNTRY) | Q(region=OuterRef(region)),
            occupation=OuterRef(occupation),
            valid_from__lte=OuterRef(day),
            valid_to__gte=OuterRef(day),
        )
    )


def shortage_for(
    *, occupation_id: int, partnership_id: int, day: dt.date
) -> ShortageOccupation | None:
    """The entry that makes the occupation a shortage occupation for the partnership on `day`
    (its own county's before the whole country's), or None: one query, built once per kind of
    call (jobbspar/database/prepared.py)."""
    found = prepared.rows(_shortage, occupation_id, partnership_id, day)
    return found[0] if found else None


def _shortage(occupation_id: int, partnership_id: int, day: dt.date) -> QuerySet:
    county = Subquery(Partnership.objects.filter(pk=partnership_id).values("region")[:1])
    return _applying(occupation_id, county, day)[:1]


def _applying(occupation: Any, county: Any, day: Any) -> QuerySet[ShortageOccupation]:
    """The entries that apply to `occupation` in `county` on `day` (values or expressions),
    the county's own first, then the newest."""
    return ShortageOccupation.objects.filter(
        Q(region=Region.WHOLE_COUNTRY) | Q(region=county),
        occupation=occupation,
        valid_from__lte=day,
        valid_to__gte=day,
    ).order_by("-region", "-valid_from")


# What of an entry the badge shows, read as one value with the row around it (shortage_entry).
_ENTRY_FIELDS = ("id", "occupation_id", "region", "valid_from", "valid_to", "source")


def shortage_entry(*, occupation: str, region: str, day: str) -> Subquery:
    """shortage_for's entry for each row of a query, as one value of that row (an object of the
    entry's fields, or null; entry_from makes it the entry again): `occupation`, `region` and
    `day` are paths from the row to an Occupation id, a Partnership.region and a date. The track
    page reads it with its track instead of in a statement of its own (issue 18)."""
    entries = _applying(OuterRef(occupation), OuterRef(region), OuterRef(day))
    return Subquery(
        entries.values(entry=JSONObject(**{name: name for name in _ENTRY_FIELDS}))[:1],
        output_field=JSONField(),
    )


def entry_from(value: dict[str, Any] | None) -> ShortageOccupation | None:
    """The entry a shortage_entry value describes (unsaved, as read), or None."""
    if value is None:
        return None
    fields = {name: value[name] for name in _ENTRY_FIELDS}
    for name in ("valid_from", "valid_to"):
        fields[name] = dt.date.fromisoformat(fields[name])
    return ShortageOccupation(**fields)


class MalformedFile(ValueError):
    """A malformed file: the lines and what is wrong with each (nothing was written)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class ImportResult:
    added: int
    changed: int
    unchanged: int


@dataclass(frozen=True)
class _Row:
    occupation: Occupation
    region: str
    valid_from: dt.date
    valid_to: dt.date
    source: str


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _parse(text: str) -> list[_Row]:
    lines = text.splitlines()
    if not lines:
        raise MalformedFile(["the file is empty"])
    delimiter = ";" if ";" in lines[0] else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [name.strip().lower() for name in reader.fieldnames or []]
    if header != COLUMNS:
        raise MalformedFile(
            [f"line 1: the columns must be {', '.join(COLUMNS)} (found {', '.join(header)})"]
        )
    reader.fieldnames = COLUMNS
    occupations = {o.code: o for o in Occupation.objects.all()}
    regions = set(Region.values)
    rows: list[_Row] = []
    problems: list[str] = []
    seen: dict[tuple[str, str, dt.date], int] = {}
    for number, record in enumerate(reader, start=2):
        if None in record or any(record[c] is None for c in COLUMNS):
            problems.append(f"line {number}: expected {len(COLUMNS)} columns")
            continue
        values = {c: record[c].strip() for c in COLUMNS}
        line_problems = []
        occupation = occupations.get(values["ssyk"])
        if occupation is None:
            line_problems.append(f"no occupation with SSYK code {values['ssyk']!r}")
        region = values["region"].zfill(2) if values["region"].isdigit() else values["region"]
        if region not in regions:
            line_problems.append(f"unknown region {values['region']!r} (a county code, 00-25)")
        start, end = _date(values["valid_from"]), _date(values["valid_to"])
        if start is None:
            line_problems.append(f"valid_from {values['valid_from']!r} is not a YYYY-MM-DD date")
        if end is None:
            line_problems.append(f"valid_to {values['valid_to']!r} is not a YYYY-MM-DD date")
        if start and end and end < start:
            line_problems.append("valid_to is before valid_from")
        if not values["source"]:
            line_problems.append("the source is empty")
        elif len(values["source"]) > 200:
            line_problems.append("the source is longer than 200 characters")
        if line_problems:
            problems.append(f"line {number}: " + "; ".join(line_problems))
            continue
        assert occupation and start and end
        key = (occupation.code, region, start)
        if key in seen:
            problems.append(
                f"line {number}: the same occupation, region and start as line {seen[key]}"
            )
            continue
        seen[key] = number
        rows.append(_Row(occupation, region, start, end, values["source"]))
    if problems:
        raise MalformedFile(problems)
    return rows


def import_shortage_occupations(text: str) -> ImportResult:
    """Add or update the entries of a CSV file (columns ssyk, region, valid_from, valid_to,
    source; comma or semicolon). Every line is checked first: a malformed file raises
    MalformedFile and writes nothing. An entry is known by occupation, region and start; importing
    the same file again changes nothing."""
    rows = _parse(text)
    added = changed = unchanged = 0
    with transaction.atomic():
        for row in rows:
            entry, created = ShortageOccupation.objects.select_for_update().get_or_create(
                occupation=row.occupation,
                region=row.region,
                valid_from=row.valid_from,
                defaults={"valid_to": row.valid_to, "source": row.source},
            )
            if created:
                added += 1
            elif (entry.valid_to, entry.source) != (row.valid_to, row.source):
                entry.valid_to, entry.source = row.valid_to, row.source
                entry.full_clean()
                entry.save(update_fields=["valid_to", "source"])
                changed += 1
            else:
                unchanged += 1
    return ImportResult(added=added, changed=changed, unchanged=unchanged)
