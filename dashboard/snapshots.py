"""The dashboard's figures through the summary table (dashboard.models.DashboardSnapshot).

- `dashboard_for(filters, by)`: the snapshot of this view when it is younger than the maximum age
  (one query), otherwise computed now from the live data and stored (6 + 1 queries).
- `refresh(now)` (Celery beat, every DASHBOARD_SUMMARY_REFRESH_MINUTES): recomputes the views
  opened within the last day once they are older than half the refresh interval, makes sure the
  national view and each partnership's view without filters (the one its managers open first)
  exist, and forgets views nobody opened for a week. Two
  refreshes at once only compute the same counts twice; the upsert keeps one row.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging

from django.conf import settings
from django.utils import timezone

from dashboard.models import DashboardSnapshot
from dashboard.outcomes import Dashboard, Filters, build, gather
from jobbspar.models import Partnership

log = logging.getLogger(__name__)

DEFAULT_BREAKDOWN = "gender"
# Bumped when the shape of `outcomes.gather` changes, so old snapshots are not read.
FORMAT = 3
VIEWED_TOUCH = dt.timedelta(hours=1)
KEEP_REFRESHING = dt.timedelta(days=1)
FORGET_AFTER = dt.timedelta(days=7)


def max_age() -> dt.timedelta:
    return dt.timedelta(minutes=settings.DASHBOARD_SUMMARY_MAX_AGE_MINUTES)


def refresh_interval() -> dt.timedelta:
    return dt.timedelta(minutes=settings.DASHBOARD_SUMMARY_REFRESH_MINUTES)


def view_params(filters: Filters, breakdown_by: str) -> dict:
    return {**filters.params(), "by": breakdown_by, "format": FORMAT}


def key_for(params: dict) -> str:
    return hashlib.sha256(json.dumps(params, sort_keys=True).encode()).hexdigest()


def _store(params: dict, figures: dict, now: dt.datetime) -> None:
    DashboardSnapshot.objects.bulk_create(
        [
            DashboardSnapshot(
                key=key_for(params),
                params=params,
                figures=figures,
                computed_at=now,
                last_viewed_at=now,
            )
        ],
        update_conflicts=True,
        unique_fields=["key"],
        update_fields=["figures", "computed_at", "last_viewed_at"],
    )


def dashboard_for(filters: Filters, breakdown_by: str) -> Dashboard:
    """The dashboard for this view: from a fresh snapshot, or computed now and kept."""
    now = timezone.now()
    params = view_params(filters, breakdown_by)
    key = key_for(params)
    snapshot = (
        DashboardSnapshot.objects.filter(key=key, computed_at__gt=now - max_age())
        .only("figures", "computed_at", "last_viewed_at")
        .first()
    )
    if snapshot is not None:
        if snapshot.last_viewed_at < now - VIEWED_TOUCH:
            DashboardSnapshot.objects.filter(key=key).update(last_viewed_at=now)
        return build(
            filters,
            breakdown_by,
            snapshot.figures,
            computed_at=snapshot.computed_at,
            from_summary=True,
        )
    figures = gather(filters, breakdown_by)
    _store(params, figures, now)
    return build(filters, breakdown_by, figures, computed_at=now)


def refresh(now: dt.datetime | None = None, limit: int = 500) -> int:
    """Recompute the views opened lately whose figures are older than the refresh interval.
    Returns how many were recomputed."""
    now = now or timezone.now()
    DashboardSnapshot.objects.filter(last_viewed_at__lt=now - FORGET_AFTER).delete()
    DashboardSnapshot.objects.exclude(params__format=FORMAT).delete()
    national = view_params(Filters(), DEFAULT_BREAKDOWN)
    due = list(
        DashboardSnapshot.objects.filter(
            last_viewed_at__gte=now - KEEP_REFRESHING,
            # Half the interval: a view computed just after the last run is refreshed by this
            # one, so with the beat running no figures are older than about one interval.
            computed_at__lte=now - refresh_interval() / 2,
        )
        .order_by("-last_viewed_at", "-id")
        .values_list("params", flat=True)[:limit]
    )
    # The national view and each partnership's default view, when missing (2 queries).
    defaults = [national] + [
        view_params(Filters(partnership=Partnership(pk=pk)), DEFAULT_BREAKDOWN)
        for pk in Partnership.objects.order_by("pk").values_list("pk", flat=True)
    ]
    present = set(
        DashboardSnapshot.objects.filter(
            key__in=[key_for(params) for params in defaults]
        ).values_list("key", flat=True)
    )
    due += [params for params in defaults if key_for(params) not in present]
    for params in due:
        filters = Filters.from_params(params)
        _store(params, gather(filters, params["by"]), timezone.now())
    if due:
        log.info("dashboard: recomputed %d summaries", len(due))
    return len(due)
