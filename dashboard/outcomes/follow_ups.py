"""The N-month follow-ups: employed, studying and self-sufficient among the follow-ups due,
counted in one query."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q

from dashboard.outcomes.filters import Filters
from dashboard.outcomes.subsidy import PARTS, subsidy_q
from dashboard.outcomes.suppression import Figure, Rate
from tracks.models import EMPLOYED_SITUATIONS, FOLLOW_UP_ANSWER_DAYS, FollowUp, FollowUpSituation

FOLLOW_UP_MONTHS = (3, 6, 12)


def follow_up_counts(filters: Filters, today: dt.date) -> dict[str, Any]:
    """One query: per interval, follow-ups due, known, employed, studying, self-sufficient,
    pending (not yet answered, still within the answer window) and unknown."""
    in_time = Q(answered_at__isnull=False) & Q(
        answered_at__date__lte=F("due_on") + dt.timedelta(days=FOLLOW_UP_ANSWER_DAYS)
    )
    pending = Q(answered_at__isnull=True, due_on__gte=today - dt.timedelta(FOLLOW_UP_ANSWER_DAYS))
    completers = Q(track_participant__completed_on__isnull=False)
    employed = Q(situation__in=sorted(EMPLOYED_SITUATIONS))
    # Grouped by interval (three rows): each FILTER is evaluated once per row, not per interval.
    rows = (
        FollowUp.objects.filter(
            filters.member_q("track_participant__"),
            months__in=FOLLOW_UP_MONTHS,
            due_on__lte=today,
        )
        .values("months")
        .annotate(
            due=Count("pk"),
            known=Count("pk", filter=in_time),
            employed=Count("pk", filter=in_time & employed),
            studying=Count("pk", filter=in_time & Q(situation=FollowUpSituation.STUDYING)),
            self_sufficient=Count("pk", filter=in_time & Q(self_sufficient=True)),
            pending=Count("pk", filter=pending),
            completers_due=Count("pk", filter=completers),
            completers_employed=Count("pk", filter=completers & in_time & employed),
            **{
                f"employed_{part}": Count(
                    "pk", filter=in_time & employed & subsidy_q(part, "subsidy")
                )
                for part in PARTS
            },
        )
        .order_by()
    )
    names = ["due", "known", "employed", "studying", "self_sufficient", "pending",
             "completers_due", "completers_employed",
             *(f"employed_{part}" for part in PARTS)]  # fmt: skip
    counts = {f"{name}_{months}": 0 for name in names for months in FOLLOW_UP_MONTHS}
    for row in rows:
        for name in names:
            counts[f"{name}_{row['months']}"] = row[name]
    return counts


@dataclass
class FollowUpRow:
    months: int
    due: Figure
    employed: Rate
    studying: Rate
    self_sufficient: Rate
    pending: Figure
    unknown: Figure
