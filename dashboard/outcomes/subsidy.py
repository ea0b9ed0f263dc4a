"""The placement rate and the 12-month outcome split by subsidised / unsubsidised employment
(issue 17), counted in the queries that already run (no query of its own).

- placed in a subsidised job = people in the placement rate's base (completed the track, or
  offered a job during it: dashboard.outcomes.placement) offered a job whose offer says it is
  subsidised (nystartsjobb, introduktionsjobb, lönestöd/lönebidrag, another form) ÷ that
  base; placed in
  an unsubsidised job the same with "unsubsidised"; offers recorded before the question was
  asked are "not recorded". The three parts add up to the placement rate's count.
- employed at 12 months in a subsidised / unsubsidised job = 12-month follow-ups due, answered
  in time, employed, whose answer says subsidised / unsubsidised ÷ 12-month follow-ups due.

The same suppression as every rate (a count of 1-4 or a group under 5 shows "<5"), and, because
the parts add up to a figure shown elsewhere, secondary suppression across them: if exactly one
part is hidden, the smallest other non-zero part is hidden too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from dashboard.outcomes.placement import PLACED
from dashboard.outcomes.suppression import Rate
from tracks.models import SUBSIDISED, Subsidy

SUBSIDY_MONTHS = 12
PARTS = ("subsidised", "unsubsidised", "not_recorded")
PART_LABELS = {
    "subsidised": _(
        "Subsidised (nystartsjobb, introduktionsjobb, lönestöd or lönebidrag, another form)"
    ),
    "unsubsidised": _("Unsubsidised"),
    "not_recorded": _("Subsidy not recorded"),
}


def subsidy_q(part: str, column: str) -> Q:
    """The rows whose `column` (a tracks.models.Subsidy value) falls in `part`."""
    if part == "subsidised":
        return Q(**{f"{column}__in": sorted(SUBSIDISED)})
    if part == "unsubsidised":
        return Q(**{column: Subsidy.UNSUBSIDISED})
    return Q(**{column: ""})


def placement_counts() -> dict[str, Count]:
    """Aggregates over TrackParticipant, added to the milestone counts' one query."""
    return {
        f"completed_offered_{part}": Count("pk", filter=PLACED & subsidy_q(part, "offer_subsidy"))
        for part in PARTS
    }


def protect_rates(rates: list[Rate]) -> None:
    """Secondary suppression across parts of one whole (see the module's docstring)."""
    hidden = [r for r in rates if r.part_suppressed]
    if len(hidden) != 1:
        return
    others = [r for r in rates if not r.part_suppressed and r.part > 0]
    if others:
        min(others, key=lambda r: r.part).part_suppressed = True


@dataclass
class SubsidySplit:
    placement: dict[str, Rate]
    employed_12: dict[str, Rate]

    @property
    def rows(self) -> list[tuple[str, Rate, Rate]]:
        return [(part, self.placement[part], self.employed_12[part]) for part in PARTS]


def subsidy_split(counts: dict[str, Any], follow: dict[str, Any]) -> SubsidySplit:
    completed = counts["placement_base"]
    due = follow[f"due_{SUBSIDY_MONTHS}"]
    placement = {
        part: Rate(counts.get(f"completed_offered_{part}", 0), completed) for part in PARTS
    }
    employed = {
        part: Rate(follow.get(f"employed_{part}_{SUBSIDY_MONTHS}", 0), due) for part in PARTS
    }
    protect_rates(list(placement.values()))
    protect_rates(list(employed.values()))
    return SubsidySplit(placement=placement, employed_12=employed)
