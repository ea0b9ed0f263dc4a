"""Attendance rate per strand: of the session days recorded for a strand's members, those they
attended (present, or late / left early), in one aggregate query for all of a track's strands.

Shown on the track's schedule page and, through the `track_page` contribution, on the track page,
to the staff who record attendance (who see each entry anyway, so nothing is suppressed there).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from django.db.models import Count, Q, QuerySet
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


def _counts(attendance: QuerySet[Attendance], strand_ids: tuple[int, ...]) -> QuerySet:
    return (
        attendance.filter(strand__in=strand_ids)
        .values("strand")
        .annotate(
            recorded=Count("pk"),
            attended=Count("pk", filter=Q(status__in=ATTENDED)),
            absent_valid=Count("pk", filter=Q(status=AttendanceStatus.ABSENT_VALID)),
            absent_invalid=Count("pk", filter=Q(status=AttendanceStatus.ABSENT_INVALID)),
        )
        .order_by()
    )


def _track_counts(user: User, track_id: int, strand_ids: tuple[int, ...]) -> QuerySet:
    """The track page's counts: built once per kind of user (jobbspar/database/prepared.py)."""
    return _counts(access.track_attendance_for(user, track_id), strand_ids)


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
    rate per strand, for those who record attendance; nothing for others. Two queries."""
    user = cast(User, request.user)  # the track page admits signed-in staff only
    if not access.may_record_attendance(user):
        return {}
    # The track came from tracks_for (the track page's track_for): its strands are the user's.
    strands = list(track.strands.order_by("starts_on", "pk"))
    if not strands:
        return {}
    strand_ids = tuple([strand.pk for strand in strands])
    counted = prepared.evaluate(_track_counts, user, track.pk, strand_ids)
    return {"strand_rates": _rates(counted, strands)}
