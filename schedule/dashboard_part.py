"""The schedule's part of the managers' dashboard (its `dashboard_counts` and `dashboard_parts`
contributions): the attendance rate per kind of strand over the participants in view.

`counts` runs in the dashboard's gather, inside its aggregates-only scope, and its plain values
are stored in the dashboard's summary table (dashboard/snapshots.py), so the page reads them
without touching the attendance rows; Celery keeps them fresh. `parts` turns them into rows with
the dashboard's small-group rule: a rate behind fewer than five people is shown as "<5".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.functional import Promise

from schedule.models import Attendance, AttendanceStatus, StrandKind
from schedule.rates import ATTENDED
from tracks.models import TrackParticipant


def counts(members: QuerySet[TrackParticipant]) -> dict[str, Any]:
    """Session days recorded and attended, and the people behind them, per kind of strand of the
    members in view: one query."""
    rows = (
        Attendance.objects.filter(track_participant__in=members)
        .values("strand__kind")
        .annotate(
            recorded=Count("pk"),
            attended=Count("pk", filter=Q(status__in=ATTENDED)),
            invalid=Count("pk", filter=Q(status=AttendanceStatus.ABSENT_INVALID)),
            people=Count("track_participant", distinct=True),
        )
        .order_by("strand__kind")
    )
    return {
        "attendance": [
            [r["strand__kind"], r["recorded"], r["attended"], r["invalid"], r["people"]]
            for r in rows
        ]
    }


@dataclass(frozen=True)
class KindRate:
    kind: str
    label: str | Promise
    recorded: int
    attended: int
    invalid: int
    people: int
    suppressed: bool

    @property
    def percent(self) -> int | None:
        if self.suppressed or not self.recorded:
            return None
        return round(100 * self.attended / self.recorded)


def parts(figures: dict[str, Any], is_small: Callable[[int], bool]) -> dict[str, Any]:
    order = {kind: index for index, kind in enumerate(StrandKind.values)}
    rows = [
        KindRate(
            kind=kind,
            label=StrandKind(kind).label if kind in order else kind,
            recorded=recorded,
            attended=attended,
            invalid=invalid,
            people=people,
            suppressed=is_small(people),
        )
        for kind, recorded, attended, invalid, people in figures.get("attendance", [])
    ]
    rows.sort(key=lambda row: order.get(row.kind, len(order)))
    return {"attendance_rows": rows} if rows else {}
