"""The steering page's figures, kept for a few minutes (steering.models.FiguresSnapshot).

The figures of a partnership's year are four aggregate queries over its whole history of tracks
and members: nationally ~8 ms of the page's statements (issue 18). Like the dashboard's views
(dashboard/snapshots.py), they are kept as the plain counts they are made of and shown while
younger than STEERING_FIGURES_MAX_AGE_MINUTES (15); Celery (`steering.refresh_figures`, every
STEERING_FIGURES_REFRESH_MINUTES) recomputes those viewed lately and each partnership's current
year, so a steering group normally never waits. The page says when its figures were computed.

A cost shows at once: every booking, change or removal of a cost counts one more change of the
partnership's costs in the database, in the writing transaction (CostsGeneration, Cost's
trigger). Kept figures carry the count they were read under, read before the costs were, and
are shown only while it is still the partnership's; figures computed while a cost was being
booked are therefore never shown after it. What the tracks' members do (a start, a hire) shows
within the maximum age, as on the dashboard.

- `kept_of(user, start, end)`: the kept figures and the partnership's count of cost changes, as
  values of the partnership's row (the page reads them with the partnership, one statement);
- `figures_of(user, partnership_id, period, target, kept)`: from those when they may be shown,
  otherwise computed now (figures.counts_for, four queries) and kept (one);
- `refresh(now)`: the Celery task's work.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.db.models import F, JSONField, OuterRef, Subquery
from django.db.models.fields.json import KT
from django.db.models.functions import JSONObject
from django.utils import timezone

from dashboard.snapshots import FORGET_AFTER, KEEP_REFRESHING, VIEWED_TOUCH
from jobbspar.models import Partnership, User
from steering import access, figures
from steering.figures import Period, SteeringFigures
from steering.models import CostsGeneration, FiguresSnapshot

log = logging.getLogger(__name__)

# Bumped when the shape of figures._counts_of changes, so counts kept in another shape are not
# read. When a view marks them viewed again, and how long they are refreshed after a view and
# kept unviewed: the dashboard's (VIEWED_TOUCH, KEEP_REFRESHING, FORGET_AFTER).
FORMAT = 1


def max_age() -> dt.timedelta:
    return dt.timedelta(minutes=settings.STEERING_FIGURES_MAX_AGE_MINUTES)


def refresh_interval() -> dt.timedelta:
    return dt.timedelta(minutes=settings.STEERING_FIGURES_REFRESH_MINUTES)


def kept_of(user: User, start: dt.date, end: dt.date) -> dict[str, Subquery]:
    """The figures kept for the partnership in the outer query and the period (`kept_figures`,
    one JSON value or null), and the partnership's count of cost changes now
    (`costs_generation`, null for none yet), under steering.access."""
    partnership = OuterRef("pk")
    kept = access.kept_figures_for(user).filter(partnership=partnership, start=start, end=end)
    return {
        "kept_figures": Subquery(
            kept.values(
                row=JSONObject(
                    counts=F("counts"),
                    generation=F("generation"),
                    computed_at=F("computed_at"),
                    last_viewed_at=F("last_viewed_at"),
                )
            )[:1],
            output_field=JSONField(),
        ),
        "costs_generation": Subquery(
            access.costs_generations_for(user)
            .filter(partnership=partnership)
            .values("generation")[:1]
        ),
    }


def _showable(
    kept: dict[str, Any] | None, generation: int, now: dt.datetime
) -> tuple[dict[str, Any], dt.datetime, dt.datetime] | None:
    """The kept counts with when they were computed and last viewed, if they may be shown: of
    this format, computed under the partnership's count of cost changes now, and younger than
    the maximum age."""
    if not kept or kept["generation"] != generation:
        return None
    counts = kept["counts"]
    if not isinstance(counts, dict) or counts.get("format") != FORMAT:
        return None
    computed_at = dt.datetime.fromisoformat(kept["computed_at"])
    if computed_at <= now - max_age():
        return None
    return counts, computed_at, dt.datetime.fromisoformat(kept["last_viewed_at"])


def figures_of(
    user: User,
    partnership_id: int,
    period: Period,
    target: int,
    kept: dict[str, Any] | None,
    generation: int | None,
) -> SteeringFigures:
    """The partnership's figures for the period: from `kept` (kept_of's `kept_figures`) if they
    may be shown under `generation` (kept_of's `costs_generation`), otherwise computed now under
    `user`'s access functions and kept. The partnership is one `user` may see (the caller read
    it, and these, through steering.access)."""
    now = timezone.now()
    showable = _showable(kept, generation or 0, now)
    if showable is not None:
        counts, computed_at, viewed_at = showable
        if viewed_at < now - VIEWED_TOUCH:
            access.kept_figures_for(user).filter(
                partnership=partnership_id, start=period.start, end=period.end
            ).update(last_viewed_at=now)
        return figures.from_counts(period, target, counts, computed_at=computed_at)
    counts = figures.counts_for(user, partnership_id, period)
    _keep(partnership_id, period, counts, generation or 0, now)
    return figures.from_counts(period, target, counts)


def _keep(
    partnership_id: int,
    period: Period,
    counts: dict[str, Any],
    generation: int,
    now: dt.datetime,
    viewed: bool = True,
) -> None:
    """Keeps the counts computed under `generation` (read before the costs were), stamped `now`
    (taken before too); one row per partnership and period, the last written wins (an older
    count of cost changes over a newer one only costs a computation: it is never shown).

    In a request this is an upsert the fail-loud scoping does not check (an insert): the
    partnership is one the user may see, read through steering.access by the caller."""
    update_fields = ["counts", "generation", "computed_at"]
    if viewed:
        update_fields.append("last_viewed_at")
    FiguresSnapshot.objects.bulk_create(
        [
            FiguresSnapshot(
                partnership_id=partnership_id,
                start=period.start,
                end=period.end,
                counts={**counts, "format": FORMAT},
                generation=generation,
                computed_at=now,
                last_viewed_at=now,
            )
        ],
        update_conflicts=True,
        unique_fields=["partnership", "start", "end"],
        update_fields=update_fields,
    )


def refresh(now: dt.datetime | None = None, limit: int = 500) -> int:
    """Recomputes the figures viewed within a day and each partnership's current year, where they
    are missing, of another format, computed under an older count of cost changes or older than
    half the refresh interval; the most out of date first, at most `limit`. Forgets the figures
    of other periods nobody viewed for a week. Returns how many were computed."""
    now = now or timezone.now()
    this_year = Period.year(timezone.localdate(now).year)
    FiguresSnapshot.objects.filter(last_viewed_at__lt=now - FORGET_AFTER).exclude(
        start=this_year.start, end=this_year.end
    ).delete()
    generations = dict(CostsGeneration.objects.values_list("partnership", "generation"))
    kept = {
        (row["partnership"], row["start"], row["end"]): row
        for row in FiguresSnapshot.objects.values(
            "partnership", "start", "end", "generation", "computed_at", "last_viewed_at"
        ).annotate(format=KT("counts__format"))
    }
    wanted = {
        key for key, row in kept.items() if row["last_viewed_at"] >= now - KEEP_REFRESHING
    } | {
        (pk, this_year.start, this_year.end)
        for pk in Partnership.objects.values_list("pk", flat=True)
    }
    # Half the interval: figures computed just after the last run are refreshed by this one, so
    # with the beat running no figures are older than about one interval.
    stale_before = now - refresh_interval() / 2

    def out_of_date(key: tuple[int, dt.date, dt.date]) -> tuple[int, dt.datetime] | None:
        """How out of date (missing, another format or an older count of cost changes, then
        by age), or None when it is not due."""
        row = kept.get(key)
        if row is None or row["format"] != str(FORMAT):
            return (0, now)
        if row["generation"] != generations.get(key[0], 0):
            return (1, row["computed_at"])
        if row["computed_at"] <= stale_before:
            return (2, row["computed_at"])
        return None

    ranked = [(rank, key) for key in wanted if (rank := out_of_date(key)) is not None]
    due = [key for _, key in sorted(ranked)[:limit]]
    tracks, members, costs = access.figures_sources_for_refresh()
    for partnership_id, start, end in due:
        # The time and the count of cost changes first, then the costs (see above).
        computed_at = timezone.now()
        generation = (
            CostsGeneration.objects.filter(partnership=partnership_id)
            .values_list("generation", flat=True)
            .first()
        )
        period = Period(start, end)
        counts = figures.steering_counts(
            partnership_id=partnership_id,
            period=period,
            tracks=tracks,
            members=members,
            costs=costs,
        )
        _keep(partnership_id, period, counts, generation or 0, computed_at, viewed=False)
    if due:
        log.info("steering: recomputed the figures of %d partnership periods", len(due))
    return len(due)
