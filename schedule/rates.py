"""Attendance rate per strand: of the session days recorded for a strand's members, those they
attended (present, or late / left early), in one aggregate query for all of a track's strands.

Shown on the track's schedule page and, through the `track_page` contribution, on the track page,
to the staff who record attendance (who see each entry anyway, so nothing is suppressed there).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from django.contrib.postgres.fields import ArrayField
from django.db.models import Count, Func, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.http import HttpRequest

from jobbspar.database import prepared
from jobbspar.models import User
from schedule import access
from schedule.models import Attendance, AttendanceStatus, Strand
from tracks.models import Track

ATTENDED = (AttendanceStatus.PRESENT, AttendanceStatus.PARTLY)


@dataclass(frozen=True)
class StrandRate:
    strand: Strand
    recorded: int  # session days recorded, all members
    attended: int
    absent_valid: int
    absent_invalid: int

    @property
    def percent(self) -> int | None:
        if not self.recorded:
            return None
        return round(100 * self.attended / self.recorded)


def strand_rates(attendance: QuerySet[Attendance], strands: list[Strand]) -> list[StrandRate]:
    """The rate of each of `strands` (one track's), from `attendance` as the access function
    gave it: one query."""
    return _rates(_counts(attendance, tuple([s.pk for s in strands])), strands)


# What is counted of a strand's recorded days.
_COUNTED = {
    "recorded": Count("pk"),
    "attended": Count("pk", filter=Q(status__in=ATTENDED)),
    "absent_valid": Count("pk", filter=Q(status=AttendanceStatus.ABSENT_VALID)),
    "absent_invalid": Count("pk", filter=Q(status=AttendanceStatus.ABSENT_INVALID)),
}
_COUNT_NAMES = tuple(_COUNTED)


def _counts(attendance: QuerySet[Attendance], strand_ids: tuple[int, ...]) -> QuerySet:
    return attendance.filter(strand__in=strand_ids).values("strand").annotate(**_COUNTED).order_by()


def _strands_counted(user: User, track_id: int) -> QuerySet[Strand]:
    """The track page's strands, each with its counts as one array (`counts`, in the order of
    _COUNTED; null for a strand with nothing recorded), in one statement instead of the strands'
    and the counts' two; built once per kind of user (jobbspar/database/prepared.py)."""
    counted = (
        access.track_attendance_for(user, track_id)
        .filter(strand=OuterRef("pk"))
        .order_by()
        .values("strand")
        .annotate(
            counts=Func(
                *[_COUNTED[name] for name in _COUNT_NAMES],
                template="ARRAY[%(expressions)s]",
                output_field=ArrayField(IntegerField()),
            )
        )
        .values("counts")
    )
    return (
        access.strands_for(user)
        .filter(track=track_id)
        .annotate(counts=Subquery(counted))
        .order_by("starts_on", "pk")
    )


def _rates(counted: Iterable[dict[str, Any]], strands: list[Strand]) -> list[StrandRate]:
    counts = {row["strand"]: row for row in counted}
    empty = {"recorded": 0, "attended": 0, "absent_valid": 0, "absent_invalid": 0}
    rates = []
    for strand in strands:
        row = counts.get(strand.pk, empty)
        rates.append(
            StrandRate(
                strand=strand,
                recorded=row["recorded"],
                attended=row["attended"],
                absent_valid=row["absent_valid"],
                absent_invalid=row["absent_invalid"],
            )
        )
    return rates


def track_page(request: HttpRequest, track: Track) -> dict[str, Any]:
    """The schedule app's part of the track page (its `track_page` contribution): the attendance
    rate per strand, for those who record attendance; nothing for others. One query."""
    user = cast(User, request.user)  # the track page admits signed-in staff only
    if not access.may_record_attendance(user):
        return {}
    strands: list[Strand] = prepared.evaluate(_strands_counted, user, track.pk)
    if not strands:
        return {}
    counted = [
        dict(zip(_COUNT_NAMES, strand.counts, strict=True), strand=strand.pk)  # type: ignore[attr-defined]
        for strand in strands
        if strand.counts is not None  # type: ignore[attr-defined]
    ]
    return {"strand_rates": _rates(counted, strands)}
