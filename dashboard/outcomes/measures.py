"""Every measure for a set of filters: `gather` runs the fixed set of aggregate queries (plain
values, kept as a summary snapshot), `build` turns them into the dashboard (no query)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dashboard.outcomes.breakdowns import BreakdownRow, breakdown_counts, breakdown_rows
from dashboard.outcomes.filters import Filters, members_in_view
from dashboard.outcomes.follow_ups import FOLLOW_UP_MONTHS, FollowUpRow, follow_up_counts
from dashboard.outcomes.placement import HIRED, PLACED, PLACEMENT_BASE
from dashboard.outcomes.subsidy import SubsidySplit, placement_counts, subsidy_split
from dashboard.outcomes.suppression import SUPPRESS_BELOW, Figure, Rate, is_small, protect_column
from dashboard.outcomes.track_figures import track_counts, track_figures
from jobbspar.contributions import collect
from tracks.models import PhaseKind

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

MILESTONES = {
    "nominated": None,
    "selected": "selected_on",
    "started": "started_on",
    "completed": "completed_on",
    "offered": "offered_on",
    "employed": "employed_on",
    "discontinued": "discontinued_on",
    "declined": "declined_on",
    "withdrawn": "withdrawn_on",
}


def _milestone_counts(prefix: str = "") -> dict[str, Count]:
    counts: dict[str, Count] = {}
    for name, column in MILESTONES.items():
        condition = None if column is None else Q(**{f"{column}__isnull": False})
        counts[name] = Count("pk", filter=condition)
    # The placement and hired rates' base and parts (dashboard.outcomes.placement).
    counts["placement_base"] = Count("pk", filter=PLACEMENT_BASE)
    counts["completed_offered"] = Count("pk", filter=PLACED)
    counts["completed_employed"] = Count("pk", filter=HIRED)
    counts.update(placement_counts())
    return counts


@dataclass
class Dashboard:
    filters: Filters
    computed_at: dt.datetime
    funnel: list[tuple[str, StrOrPromise, Figure]]
    placement: Rate
    hired: Rate
    follow_ups: list[FollowUpRow]
    discontinued: list[tuple[str, Figure]]
    discontinued_reasons: list[tuple[str, str, Figure]]
    breakdown_by: str
    breakdown: list[BreakdownRow]
    tracks_per_year: list[dict[str, Any]]
    positions: dict[str, Any]
    timing: dict[str, Any]
    cost: dict[str, Any]
    subsidy: SubsidySplit
    total_people: int = 0
    # The upper apps' parts of the page (jobbspar.contributions "dashboard_parts").
    parts: dict[str, Any] = field(default_factory=dict)
    empty: bool = field(default=False)
    # True when the figures come from the summary table (dashboard.snapshots), not this request.
    from_summary: bool = False

    @property
    def suppressed(self) -> bool:
        """The whole view is a group of fewer than five people."""
        return is_small(self.total_people)


# Reasons are free text: a reason is listed only when at least this many people gave exactly it
# (so a reason can never point at one person); the rest are counted as "other reasons".
REASON_MIN_PEOPLE = SUPPRESS_BELOW


def gather(
    filters: Filters, breakdown_by: str = "gender", today: dt.date | None = None
) -> dict[str, Any]:
    """The counts behind every measure for `filters`, as plain values (JSON): a fixed number of
    queries (6, and one for each upper app's `dashboard_counts`), whatever the filter. `build`
    turns them into the dashboard."""
    today = today or timezone.localdate()
    members = members_in_view(filters)
    discontinued = members.filter(discontinued_on__isnull=False)
    return {
        "today": today.isoformat(),
        "counts": members.aggregate(**_milestone_counts()),  # 1
        "follow": follow_up_counts(filters, today),  # 2
        "by_phase": [  # 3
            [row["discontinued_phase__kind"], row["n"]]
            for row in discontinued.values("discontinued_phase__kind")
            .annotate(n=Count("pk"))
            .order_by()
        ],
        "reasons": list(  # 4
            discontinued.values("discontinued_phase__kind", "reason")
            .annotate(n=Count("pk"))
            .filter(n__gte=REASON_MIN_PEOPLE)
            .order_by("-n", "reason")[:20]
        ),
        "breakdown": breakdown_counts(members, breakdown_by),  # 5
        "tracks": track_counts(filters),  # 6
        # The upper apps' counts (the schedule's attendance per strand), one query each.
        "parts": {k: v for part in collect("dashboard_counts") for k, v in part(members).items()},
    }


def compute(
    filters: Filters, *, breakdown_by: str = "gender", today: dt.date | None = None
) -> Dashboard:
    """Every measure for `filters`, computed now from the live data (6 + 1 queries)."""
    return build(
        filters, breakdown_by, gather(filters, breakdown_by, today), computed_at=timezone.now()
    )


def build(
    filters: Filters,
    breakdown_by: str,
    figures: dict[str, Any],
    *,
    computed_at: dt.datetime,
    from_summary: bool = False,
) -> Dashboard:
    """The dashboard from the counts of `gather`: suppression, rates and intervals (no query)."""
    counts, follow = figures["counts"], figures["follow"]
    by_phase = dict(figures["by_phase"])
    reasons = figures["reasons"]
    breakdown = breakdown_rows(figures["breakdown"], breakdown_by)
    per_year, positions, timing, cost = track_figures(figures["tracks"])

    funnel_names = [
        ("nominated", _("Nominated")),
        ("selected", _("Selected by the employer")),
        ("started", _("Started training")),
        ("completed", _("Completed the track")),
        ("offered", _("Offered a job")),
        ("declined", _("Declined the offer (the participant)")),
        ("withdrawn", _("Offer withdrawn (the employer)")),
        ("employed", _("Employed (started the job)")),
    ]
    funnel: list[tuple[str, StrOrPromise, Figure]] = [
        (key, label, Figure(counts[key])) for key, label in funnel_names
    ]
    funnel += [
        (
            f"employed_{months}m",
            _("Employed at the %(months)s-month follow-up (completers, answered in time)")
            % {"months": months},
            Figure(follow[f"completers_employed_{months}"]),
        )
        for months in (6, 12)
    ]
    follow_ups = []
    for months in FOLLOW_UP_MONTHS:
        due = follow[f"due_{months}"]
        pending = follow[f"pending_{months}"]
        follow_ups.append(
            FollowUpRow(
                months=months,
                due=Figure(due),
                employed=Rate(follow[f"employed_{months}"], due),
                studying=Rate(follow[f"studying_{months}"], due),
                self_sufficient=Rate(follow[f"self_sufficient_{months}"], due),
                pending=Figure(pending),
                unknown=Figure(due - follow[f"known_{months}"] - pending),
            )
        )
    phase_labels = dict(PhaseKind.choices)
    discontinued = [
        (str(phase_labels.get(kind, _("Phase not recorded"))), Figure(n))
        for kind, n in sorted(by_phase.items(), key=lambda item: (item[0] is None, item[0] or ""))
    ]
    protect_column([figure for _label, figure in discontinued])
    discontinued_reasons = [
        (
            str(phase_labels.get(row["discontinued_phase__kind"], _("Phase not recorded"))),
            row["reason"],
            Figure(row["n"]),
        )
        for row in reasons
    ]
    if filters.narrows_participants:
        # Funding belongs to whole tracks; dividing it by a subgroup would mislead.
        cost = {**cost, "per_participant": None, "per_hire": None, "subgroup": True}
    return Dashboard(
        filters=filters,
        computed_at=computed_at,
        from_summary=from_summary,
        funnel=funnel,
        placement=Rate(counts["completed_offered"], counts["placement_base"]),
        hired=Rate(counts["completed_employed"], counts["placement_base"]),
        follow_ups=follow_ups,
        discontinued=discontinued,
        discontinued_reasons=discontinued_reasons,
        breakdown_by=breakdown_by,
        breakdown=breakdown,
        tracks_per_year=per_year,
        positions=positions,
        timing=timing,
        cost=cost,
        subsidy=subsidy_split(counts, follow),
        total_people=counts["nominated"],
        parts={
            k: v
            for part in collect("dashboard_parts")
            for k, v in part(figures.get("parts", {}), is_small).items()
        },
        empty=counts["nominated"] == 0 and positions["tracks"] == 0,
    )
