"""The summary table behind the dashboard (dashboard.snapshots): a view opened once is served from
its snapshot while it is younger than 15 minutes, the page says when its figures were computed,
and the Celery task recomputes the views opened lately."""

import datetime as dt
import json

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dashboard import snapshots
from dashboard.models import DashboardSnapshot
from dashboard.outcomes import Filters, compute
from dashboard.tasks import refresh_summaries
from participants.models import Participant
from tests.dashboard.dataset import build
from tests.tracks.factories import TrackParticipantFactory
from tracks.models import State

pytestmark = pytest.mark.django_db

URL = reverse("dashboard:dashboard")
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def _completer(data):
    """One more participant who completed track A and was offered a job."""
    return TrackParticipantFactory(
        track=data["track_a"],
        state=State.CONTINUED_SUPPORT,
        nominating_organisation=data["af"],
        selected_on=dt.date(2025, 2, 1),
        started_on=dt.date(2025, 2, 8),
        completed_on=dt.date(2025, 5, 1),
        offered_on=dt.date(2025, 5, 2),
    )


def _completed(response) -> int:
    return response.context["dashboard"].placement.whole


def test_a_view_is_computed_once_then_served_from_its_snapshot(client, manager):
    data = build()
    client.force_login(manager)
    with time_machine.travel(NOW, tick=False):
        first = client.get(URL, {"by": "employer"})
        assert first.status_code == 200
        assert not first.context["dashboard"].from_summary
        assert "ur aktuella uppgifter" in first.content.decode()
        assert DashboardSnapshot.objects.count() == 1
        completed = _completed(first)
        _completer(data)
    with time_machine.travel(NOW + dt.timedelta(minutes=14), tick=False):
        second = client.get(URL, {"by": "employer"})
        assert second.context["dashboard"].from_summary
        assert _completed(second) == completed  # the snapshot, not yet the new completer
        text = second.content.decode()
        assert "2026-03-02 10:00" in text  # computed at, in Swedish local time
        assert "var 5:e minut" in text or "var 5 minut" in text
    with time_machine.travel(NOW + dt.timedelta(minutes=16), tick=False):
        third = client.get(URL, {"by": "employer"})
        assert not third.context["dashboard"].from_summary  # too old: computed again
        assert _completed(third) == completed + 1
    assert DashboardSnapshot.objects.count() == 1


def test_each_view_has_its_own_snapshot_and_figures_match_the_live_ones(client, manager):
    data = build()
    client.force_login(manager)
    queries = [{}, {"year": "2025"}, {"gender": "woman", "by": "year"}]
    for query in queries:
        client.get(URL, query)
    assert DashboardSnapshot.objects.count() == 3
    for query in queries:
        served = client.get(URL, query).context["dashboard"]
        assert served.from_summary
        live = compute(served.filters, breakdown_by=served.breakdown_by)
        assert served.placement.part == live.placement.part
        assert [f.value for _k, _l, f in served.funnel] == [f.value for _k, _l, f in live.funnel]
        assert [r.label for r in served.breakdown] == [r.label for r in live.breakdown]
        assert served.cost == live.cost
        assert served.tracks_per_year == live.tracks_per_year
    assert data


def test_a_snapshot_hit_takes_fewer_queries_and_the_same_whatever_the_data(client, manager):
    data = build()
    client.force_login(manager)
    client.get(URL)  # computes and stores
    with CaptureQueriesContext(connection) as small:
        assert client.get(URL).context["dashboard"].from_summary
    for _n in range(10):
        _completer(data)
    client.get(URL)  # new organisations: the form's shared lists are read again, once
    with CaptureQueriesContext(connection) as large:
        assert client.get(URL).context["dashboard"].from_summary
    assert len(small.captured_queries) == len(large.captured_queries)
    DashboardSnapshot.objects.all().delete()
    with CaptureQueriesContext(connection) as miss:
        assert not client.get(URL).context["dashboard"].from_summary
    # A miss computes (the dashboard's 6 queries and the schedule's attendance, 1) and stores (1).
    assert len(miss.captured_queries) == len(small.captured_queries) + 6 + 1 + 1


def test_the_refresh_task_recomputes_views_opened_lately_and_forgets_old_ones(client, manager):
    data = build()
    client.force_login(manager)
    with time_machine.travel(NOW, tick=False):
        client.get(URL, {"year": "2025"})
        client.get(URL, {"gender": "man"})
    with time_machine.travel(NOW - dt.timedelta(days=8), tick=False):
        client.get(URL, {"by": "occupation"})
    _completer(data)
    later = NOW + dt.timedelta(minutes=settings.DASHBOARD_SUMMARY_REFRESH_MINUTES + 1)
    with time_machine.travel(later, tick=False):
        # The two views, the national default view and the partnership's default view.
        assert refresh_summaries() == 4
        kept = {tuple(sorted(s.params.items())) for s in DashboardSnapshot.objects.all()}
        assert len(kept) == 4  # the view nobody opened for a week is forgotten
        assert DashboardSnapshot.objects.filter(computed_at=timezone.now()).count() == 4
        client.force_login(manager)  # the session idled out while the clock was turned back
        served = client.get(URL, {"year": "2025"}).context["dashboard"]
        assert served.from_summary
        assert served.placement.whole == compute(served.filters).placement.whole
        assert refresh_summaries() == 0  # all fresh: nothing to do
    national = DashboardSnapshot.objects.get(
        key=snapshots.key_for(snapshots.view_params(Filters(), "gender"))
    )
    assert national.figures["counts"]["nominated"] == compute(Filters()).total_people


def test_filters_survive_the_round_trip_through_the_snapshot():
    data = build()
    filters = Filters(
        start_from=dt.date(2025, 1, 1),
        start_to=dt.date(2025, 12, 31),
        track=data["track_a"],
        employer=data["track_a"].employer,
        occupation=data["track_a"].need.occupation,
        nominating_organisation=data["af"],
        target_group="newly_arrived",
        gender="woman",
    )
    again = Filters.from_params(json.loads(json.dumps(filters.params())))
    assert again.params() == filters.params()
    assert again.track_q() == filters.track_q()
    assert again.member_q() == filters.member_q()


def test_snapshots_hold_no_name_or_personnummer(client, manager):
    build()
    client.force_login(manager)
    for query in ({}, {"by": "employer"}, {"by": "occupation"}, {"by": "nominating_organisation"}):
        client.get(URL, query)
    stored = json.dumps([s.figures for s in DashboardSnapshot.objects.all()])
    for person in Participant.objects.all():
        assert person.name not in stored
        assert person.personal_number not in stored
        assert person.personal_number[2:] not in stored


def test_the_beat_runs_the_refresh():
    schedule = settings.CELERY_BEAT_SCHEDULE["dashboard-summaries"]
    assert schedule["task"] == "dashboard.refresh_summaries"
    assert schedule["schedule"] == settings.DASHBOARD_SUMMARY_REFRESH_MINUTES * 60
    assert settings.DASHBOARD_SUMMARY_MAX_AGE_MINUTES <= 15


def test_a_view_computed_just_after_a_refresh_is_refreshed_by_the_next(client, manager):
    build()
    client.force_login(manager)
    with time_machine.travel(NOW, tick=False):
        client.get(URL, {"year": "2025"})
    every = dt.timedelta(minutes=settings.DASHBOARD_SUMMARY_REFRESH_MINUTES)
    with time_machine.travel(NOW + every * 0.4, tick=False):
        # Only the national and the partnership's default views, which did not exist.
        assert refresh_summaries() == 2
    with time_machine.travel(NOW + every * 0.9, tick=False):
        assert refresh_summaries() == 3  # all: no figures wait for a second interval


def test_the_refresh_prepares_each_partnerships_default_view(client, manager, partnership):
    """A manager's first visit is served from the summary table too: the refresh computes the
    view their page opens on (their partnership, no filters)."""
    build()
    with time_machine.travel(NOW, tick=False):
        refresh_summaries()
    client.force_login(manager)
    with time_machine.travel(NOW + dt.timedelta(minutes=1), tick=False):
        client.force_login(manager)
        served = client.get(URL).context["dashboard"]
    assert served.filters.partnership == partnership
    assert served.from_summary
