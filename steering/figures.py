"""The steering page's and report's figures for a partnership and a period: tracks planned,
running and closed, the placement rate against the steering group's target, and the cost per
participant and per hire. A fixed number of aggregate queries (4), whatever the data.

Definitions (also in docs/steering.md):
- tracks in the period: the partnership's tracks whose dates (start to end) touch the period,
  counted by their status now (planned = planning or recruiting, running, closed = completed or
  followed up);
- placement rate: the dashboard's (dashboard/outcomes/placement.py): of everyone who completed a
  track that started in the period or was offered a job during it (each once), those offered a
  job not withdrawn, with its Wilson interval and "<5" for small groups
  (dashboard.outcomes.Rate);
- costs: the costs booked on the partnership's tracks dated in the period; a participant is a
  participant-in-a-track who started training in a track with such a cost; a hire is one of
  them who started the job (employed). Cost per participant and per hire are the costs ÷ those
  counts, rounded half up to the öre (the only rounding), and not shown for fewer than five;
- shortage occupations (employers.shortages): the tracks above whose need's occupation is a
  shortage occupation for the partnership's county on the track's start date, and the hires in
  the period (employed_on in it) from such tracks, of all hires in the period.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import (
    Count,
    DateField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)

from dashboard.outcomes import Figure, Filters, Rate
from dashboard.outcomes.placement import PLACED, PLACEMENT_BASE
from employers.shortages import in_shortage
from jobbspar.database import prepared
from jobbspar.database.arrays import among
from jobbspar.models import Partnership, User
from steering import access
from steering.models import DEFAULT_PLACEMENT_TARGET, Cost, PlacementTarget
from tracks.models import Track, TrackParticipant, TrackStatus

ZERO = Decimal("0.00")
ORE = Decimal("0.01")

PLANNED_STATUSES = (TrackStatus.PLANNING, TrackStatus.RECRUITING)
CLOSED_STATUSES = (TrackStatus.COMPLETED, TrackStatus.FOLLOWED_UP)


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))


@dataclass(frozen=True)
class TrackCounts:
    planned: int
    running: int
    closed: int
    # Of them, those in a shortage occupation (employers.shortages) on their start date.
    in_shortage: int = 0

    @property
    def total(self) -> int:
        return self.planned + self.running + self.closed


def _per(amount: Decimal, people: Figure) -> Decimal | None:
    if people.suppressed or people.value == 0:
        return None
    return (amount / people.value).quantize(ORE, rounding=ROUND_HALF_UP)


@dataclass
class CostFigures:
    spent: Decimal
    participants: Figure
    hires: Figure

    @property
    def per_participant(self) -> Decimal | None:
        return _per(self.spent, self.participants)

    @property
    def per_hire(self) -> Decimal | None:
        return _per(self.spent, self.hires)


@dataclass
class SteeringFigures:
    period: Period
    tracks: TrackCounts
    placement: Rate
    target: int
    costs: CostFigures
    # Hires in the period (started a job then), and those of them from a track in a shortage
    # occupation.
    hires: Figure
    shortage_hires: Rate
    # When the counts were computed, if they were kept (steering.kept); None: computed now.
    computed_at: dt.datetime | None = None

    @property
    def target_met(self) -> bool | None:
        """Whether the placement rate reaches the target; None when the rate is not shown."""
        percent = self.placement.percent
        return None if percent is None else percent >= self.target


def placement_target(partnership: Partnership, targets: QuerySet[PlacementTarget]) -> int:
    """The partnership's target in per cent (80 when its steering group has set none)."""
    percent = targets.filter(partnership=partnership).values_list("percent", flat=True).first()
    return DEFAULT_PLACEMENT_TARGET if percent is None else percent


def placement_target_subquery(targets: QuerySet[PlacementTarget]) -> Subquery:
    """placement_target as a subquery of the partnership (the outer row), to be read with the
    partnership in one query; None (no target set) is turned into the default by
    `target_or_default`."""
    return Subquery(targets.filter(partnership=OuterRef("pk")).order_by("id").values("percent")[:1])


def target_or_default(percent: int | None) -> int:
    return DEFAULT_PLACEMENT_TARGET if percent is None else percent


def _ends_on() -> ExpressionWrapper:
    """A track's last day (Track.end_date) in SQL: start + weeks × 7 days − 1 day."""
    return ExpressionWrapper(
        F("start_date") + F("weeks") * dt.timedelta(days=7) - dt.timedelta(days=1),
        output_field=DateField(),
    )


def _track_counts(tracks: QuerySet[Track], start: dt.date, end: dt.date) -> QuerySet:
    """The tracks' counts by status in the period, as one row."""
    in_period = (
        tracks.filter(start_date__lte=end).annotate(ends_on=_ends_on()).filter(ends_on__gte=start)
    )
    return prepared.one_row(
        in_period,
        planned=Count("pk", filter=Q(status__in=PLANNED_STATUSES)),
        running=Count("pk", filter=Q(status=TrackStatus.RUNNING)),
        closed=Count("pk", filter=Q(status__in=CLOSED_STATUSES)),
        in_shortage=Count(
            "pk",
            filter=Q(
                in_shortage(
                    occupation="need__occupation",
                    region="partnership__region",
                    day="start_date",
                )
            ),
        ),
    )


_TRACK_COUNTS = ("planned", "running", "closed", "in_shortage")
_HIRE_COUNTS = ("hired_in_period", "shortage_hires")


def _counts(rows: Iterable[dict[str, int]], names: tuple[str, ...]) -> dict[str, int]:
    """The one row of counts of a `prepared.one_row` queryset; there is none when the access
    rule left nothing to count (`none()`, which runs no query): then every count is 0."""
    for row in rows:
        return row
    return dict.fromkeys(names, 0)


def track_counts(tracks: QuerySet[Track], period: Period) -> TrackCounts:
    return TrackCounts(**_counts(_track_counts(tracks, period.start, period.end), _TRACK_COUNTS))


def _costs_in_period(
    costs: QuerySet[Cost], partnership_id: int, start: dt.date, end: dt.date
) -> QuerySet[Cost]:
    return costs.filter(
        draw_down__budget__partnership=partnership_id, spent_on__gte=start, spent_on__lte=end
    )


def _spent_per_track(
    costs: QuerySet[Cost], partnership_id: int, start: dt.date, end: dt.date
) -> QuerySet:
    """The costs booked on the partnership's tracks in the period, summed per track: their sum
    is what was spent, and their tracks are those the cost figures count."""
    return (
        _costs_in_period(costs, partnership_id, start, end)
        .order_by()
        .values_list("track")
        .annotate(total=Sum("amount"))
    )


def _per_track(
    tracks: QuerySet[Track],
    members: QuerySet[TrackParticipant],
    partnership_id: int,
    start: dt.date,
    end: dt.date,
    costed_tracks: tuple[int, ...],
) -> QuerySet:
    """The members' counts per track, of the tracks that started in the period or carry a cost
    in it (`costed_tracks`, from `_spent_per_track`): two narrow queries (this and `_hires`)
    rather than one pass over every member of the partnership's history."""
    cohort = Filters(partnership=Partnership(pk=partnership_id), start_from=start, start_to=end)
    in_view = tracks.filter(partnership=partnership_id).filter(
        # The costed tracks as one array parameter (jobbspar/database/arrays.py): an array
        # subquery of the costs instead computes them again, 1-2 ms nationally.
        Q(start_date__gte=start, start_date__lte=end) | Q(among("pk", costed_tracks))
    )
    # Counted per track, so the cost figures add up the costed tracks' rows in Python: a test of
    # each member against the list of costed tracks, in the statement, took 2-4 ms nationally.
    return (
        members.filter(track__partnership=partnership_id, track__in=in_view.values("pk"))
        .order_by()
        .values_list("track")
        .annotate(
            # The dashboard's definition (dashboard/outcomes/placement.py), one row per person.
            placement_base=Count("pk", filter=cohort.member_q() & PLACEMENT_BASE),
            placed=Count("pk", filter=cohort.member_q() & PLACED),
            started=Count("pk", filter=Q(started_on__isnull=False)),
            employed=Count("pk", filter=Q(employed_on__isnull=False)),
        )
    )


def _costed(spent_per_track: dict[int, Decimal]) -> tuple[int, ...]:
    """The costed tracks' ids, in order, padded with 0 (no track's id) to a power of two: a
    tuple's length is part of a kind of call (jobbspar/database/prepared.py), so any number of
    costed tracks up to 512 makes one of eleven kinds, not one kind each."""
    ids = sorted(spent_per_track)
    size = 1
    while size < len(ids):
        size *= 2
    return (*ids, *[0] * (size - len(ids))) if ids else ()


def _hires(
    members: QuerySet[TrackParticipant],
    partnership_id: int | OuterRef,
    start: dt.date,
    end: dt.date,
) -> QuerySet:
    """The hires in the period (members employed in it, trackparticipant_hired), and those of
    them from a track in a shortage occupation, as one row. Not one query with `_per_track`'s
    (an OR of the two): that reads every member of the partnership's history (61 ms nationally
    against 5 ms for the two)."""
    return prepared.one_row(
        members.filter(
            track__partnership=partnership_id, employed_on__gte=start, employed_on__lte=end
        ),
        hired_in_period=Count("pk"),
        shortage_hires=Count(
            "pk",
            filter=Q(
                in_shortage(
                    occupation="track__need__occupation",
                    region="track__partnership__region",
                    day="track__start_date",
                )
            ),
        ),
    )


def _counts_of(
    spent_per_track: dict[int, Decimal],
    per_track: Iterable[tuple[int, int, int, int, int]],
    hires: dict[str, int],
    tracks: dict[str, int],
) -> dict[str, Any]:
    """What the figures are made of, from the four queries' rows, as plain JSON values (what
    steering.kept keeps): the sum spent (a string, exact), the placement counts, the started
    and employed members of the costed tracks, the hires and the tracks' counts."""
    costed = set(spent_per_track)
    counts: dict[str, Any] = dict.fromkeys(
        ("placement_base", "placed", "participants", "cost_hires"), 0
    )
    for track, placement_base, placed, started, employed in per_track:
        counts["placement_base"] += placement_base
        counts["placed"] += placed
        if track in costed:
            counts["participants"] += started
            counts["cost_hires"] += employed
    counts["spent"] = str(sum(spent_per_track.values(), ZERO))
    counts["hires"] = {name: hires[name] for name in _HIRE_COUNTS}
    counts["tracks"] = {name: tracks[name] for name in _TRACK_COUNTS}
    return counts


def from_counts(
    period: Period, target: int, counts: dict[str, Any], computed_at: dt.datetime | None = None
) -> SteeringFigures:
    """The figures from `_counts_of`'s counts (as computed now, or as kept at `computed_at`)."""
    hires = counts["hires"]
    return SteeringFigures(
        period=period,
        tracks=TrackCounts(**counts["tracks"]),
        placement=Rate(counts["placed"], counts["placement_base"]),
        target=target,
        costs=CostFigures(
            spent=Decimal(counts["spent"]),
            participants=Figure(counts["participants"]),
            hires=Figure(counts["cost_hires"]),
        ),
        hires=Figure(hires["hired_in_period"]),
        shortage_hires=Rate(hires["shortage_hires"], hires["hired_in_period"]),
        computed_at=computed_at,
    )


def steering_figures(
    *,
    partnership: Partnership,
    period: Period,
    tracks: QuerySet[Track],
    members: QuerySet[TrackParticipant],
    costs: QuerySet[Cost],
    target: int,
) -> SteeringFigures:
    """The figures for `partnership` in `period`, from querysets as the access functions gave
    them (steering.access): four queries (the costs per track, the members' counts, the hires of
    the period and the tracks' counts). The pages use `figures_for`, the same four queries
    built once per kind of call, or the figures steering.kept keeps."""
    counts = steering_counts(
        partnership_id=partnership.pk, period=period, tracks=tracks, members=members, costs=costs
    )
    return from_counts(period, target, counts)


def steering_counts(
    *,
    partnership_id: int,
    period: Period,
    tracks: QuerySet[Track],
    members: QuerySet[TrackParticipant],
    costs: QuerySet[Cost],
) -> dict[str, Any]:
    """steering_figures' counts (`_counts_of`)."""
    pk, start, end = partnership_id, period.start, period.end
    spent = dict(_spent_per_track(costs, pk, start, end))
    return _counts_of(
        spent,
        list(_per_track(tracks, members, pk, start, end, _costed(spent))),
        _counts(_hires(members, pk, start, end), _HIRE_COUNTS),
        _counts(_track_counts(tracks.filter(partnership=pk), start, end), _TRACK_COUNTS),
    )


# The same four queries from the user's access functions (steering.access), each built once per
# kind of call (jobbspar/database/prepared.py): building them was two fifths of the steering
# page's work (issue 18).


def _built_spent(user: User, partnership_id: int, start: dt.date, end: dt.date) -> QuerySet:
    return _spent_per_track(access.costs_for(user), partnership_id, start, end)


def _built_per_track(
    user: User, partnership_id: int, start: dt.date, end: dt.date, costed: tuple[int, ...]
) -> QuerySet:
    return _per_track(
        access.tracks_for_steering(user),
        access.track_members_for_steering(user),
        partnership_id,
        start,
        end,
        costed,
    )


def _built_hires(user: User, partnership_id: int, start: dt.date, end: dt.date) -> QuerySet:
    return _hires(access.track_members_for_steering(user), partnership_id, start, end)


def _built_track_counts(user: User, partnership_id: int, start: dt.date, end: dt.date) -> QuerySet:
    tracks = access.tracks_for_steering(user).filter(partnership=partnership_id)
    return _track_counts(tracks, start, end)


def figures_for(user: User, partnership_id: int, period: Period, target: int) -> SteeringFigures:
    """`steering_figures` with the querysets of `user`'s access functions (steering.access)."""
    return from_counts(period, target, counts_for(user, partnership_id, period))


def counts_for(user: User, partnership_id: int, period: Period) -> dict[str, Any]:
    """figures_for's counts (`_counts_of`), as steering.kept keeps them."""
    values = (partnership_id, period.start, period.end)
    spent = dict(prepared.evaluate(_built_spent, user, *values))
    return _counts_of(
        spent,
        prepared.evaluate(_built_per_track, user, *values, _costed(spent)),
        _counts_or_none(_one(prepared.evaluate(_built_hires, user, *values)), _HIRE_COUNTS),
        _counts_or_none(_one(prepared.evaluate(_built_track_counts, user, *values)), _TRACK_COUNTS),
    )


def _one(rows: Iterable[dict[str, int]]) -> dict[str, int] | None:
    for row in rows:
        return row
    return None


def _counts_or_none(row: dict[str, int] | None, names: tuple[str, ...]) -> dict[str, int]:
    """A row of counts; None where the access rule left nothing to count (then every count is
    0: `none()` runs no query, and as a value of another statement it reads as null)."""
    return dict.fromkeys(names, 0) if row is None else {name: row[name] for name in names}
