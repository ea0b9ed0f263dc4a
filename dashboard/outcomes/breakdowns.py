"""The placement and hired rates per group (gender, target group, nominating organisation,
employer, occupation, shortage occupation or not, year), with secondary suppression in each
column."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from dashboard.outcomes.placement import HIRED, PLACED, PLACEMENT_BASE
from dashboard.outcomes.suppression import Figure, Rate, protect_column
from employers.shortages import in_shortage
from participants.models import Gender
from tracks.models import TrackParticipant


@dataclass
class BreakdownRow:
    label: str
    nominated: Figure
    completed: Figure
    placement: Rate
    hired: Rate


BREAKDOWNS = {
    "gender": (_("Gender"), "participant__gender"),
    "newly_arrived": (_("Newly arrived"), "participant__newly_arrived"),
    "income_support": (_("Receives income support"), "participant__receives_income_support"),
    "nominating_organisation": (_("Nominated by"), "nominating_organisation__name"),
    "employer": (_("Employer"), "track__employer__name"),
    "occupation": (_("Occupation (SSYK)"), "track__need__occupation__name"),
    "shortage": (_("Shortage occupation or other"), "shortage"),
    "year": (_("Year the track started"), "year"),
}

# A track's need's occupation, judged for its partnership's county on its start date.
SHORTAGE = in_shortage(
    occupation="track__need__occupation",
    region="track__partnership__region",
    day="track__start_date",
)


def breakdown_counts(members: QuerySet[TrackParticipant], by: str) -> list[dict[str, Any]]:
    """One query: per group of `by`, nominated, completed, offered and employed (plain values)."""
    _label, column = BREAKDOWNS[by]
    rows_qs = members
    if by == "year":
        rows_qs = rows_qs.annotate(year=ExtractYear("track__start_date"))
    if by == "shortage":
        rows_qs = rows_qs.annotate(shortage=SHORTAGE)
    names = ("nominated", "completed", "base", "offered", "employed")
    return [
        {"group": item[column], **{name: item[name] for name in names}}
        for item in rows_qs.values(column)
        .annotate(
            nominated=Count("pk"),
            completed=Count("pk", filter=Q(completed_on__isnull=False)),
            base=Count("pk", filter=PLACEMENT_BASE),
            offered=Count("pk", filter=PLACED),
            employed=Count("pk", filter=HIRED),
        )
        # Shortage occupations first; the other breakdowns in their column's order.
        .order_by(f"-{column}" if by == "shortage" else column)
    ]


def breakdown_rows(raw: list[dict[str, Any]], by: str) -> list[BreakdownRow]:
    label_sets: dict[str, dict[object, object]] = {
        "gender": dict(Gender.choices),
        "newly_arrived": {True: _("Yes"), False: _("No")},
        "income_support": {True: _("Yes"), False: _("No")},
        "shortage": {True: _("Shortage occupation"), False: _("Other occupation")},
    }
    labels = label_sets.get(by, {})
    rows = [
        BreakdownRow(
            label=str(labels.get(item["group"], item["group"])),
            nominated=Figure(item["nominated"]),
            completed=Figure(item["completed"]),
            placement=Rate(item["offered"], item.get("base", item["completed"])),
            hired=Rate(item["employed"], item.get("base", item["completed"])),
        )
        for item in raw
    ]
    bases = [Figure(item.get("base", item["completed"])) for item in raw]
    protect_column(bases)
    protect_column([row.nominated for row in rows])
    completed = [row.completed for row in rows]
    protect_column(completed)
    for row, base in zip(rows, bases, strict=True):
        # A group whose completers (or the rates' base) are hidden hides its rates too.
        if row.completed.suppressed or base.suppressed:
            row.placement.whole_suppressed = row.placement.part_suppressed = True
            row.hired.whole_suppressed = row.hired.part_suppressed = True
    for rate_name in ("placement", "hired"):
        parts = [Figure(getattr(row, rate_name).part) for row in rows]
        for figure, row in zip(parts, rows, strict=True):
            figure.suppressed = getattr(row, rate_name).part_suppressed and figure.value > 0
        protect_column(parts)
        for figure, row in zip(parts, rows, strict=True):
            if figure.suppressed:
                getattr(row, rate_name).part_suppressed = True
    return rows
