"""A constant number of queries whatever the filter and however much data: the measures are
six aggregate queries; the page adds the signed-in overhead and the filter form's choices."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dashboard.outcomes import Filters, compute
from tests.dashboard.dataset import TODAY, build
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tracks.models import FundingSource, State

pytestmark = pytest.mark.django_db


def _more_data(data, tracks=4, per_track=10):
    for index in range(tracks):
        track = TrackFactory(start_date=dt.date(2025, 2, 1) + dt.timedelta(days=index))
        FundingSource.objects.create(track=track, source="eu", amount=50_000)
        for _n in range(per_track):
            TrackParticipantFactory(
                track=track,
                state=State.CONTINUED_SUPPORT,
                nominating_organisation=data["af"],
                selected_on=dt.date(2025, 2, 1),
                started_on=dt.date(2025, 2, 8),
                completed_on=dt.date(2025, 5, 1),
            )


FILTERS = [
    lambda data: Filters(),
    lambda data: Filters(start_from=dt.date(2025, 1, 1), start_to=dt.date(2025, 12, 31)),
    lambda data: Filters(track=data["track_a"], employer=data["track_a"].employer),
    lambda data: Filters(gender="woman", target_group="newly_arrived"),
    lambda data: Filters(
        nominating_organisation=data["af"], occupation=data["track_a"].need.occupation
    ),
]


@pytest.mark.parametrize("by", ["gender", "year", "employer", "nominating_organisation"])
def test_measures_take_seven_queries_whatever_the_filter_and_size(by):
    """The dashboard's own six and the schedule's attendance per kind of strand."""
    data = build()
    counts = []
    for size in range(2):
        if size:
            _more_data(data)
        for make in FILTERS:
            with CaptureQueriesContext(connection) as captured:
                compute(make(data), breakdown_by=by, today=TODAY)
            counts.append(len(captured.captured_queries))
    assert set(counts) == {7}


@pytest.mark.parametrize(
    "query", [{}, {"year": "2025", "gender": "woman", "target_group": "newly_arrived"}]
)
def test_page_queries_are_constant_for_small_and_larger_data(client, manager, query):
    data = build()
    client.force_login(manager)
    url = reverse("dashboard:dashboard")
    client.get(url, query)  # warm the session
    with CaptureQueriesContext(connection) as small:
        assert client.get(url, query).status_code == 200
    _more_data(data, tracks=8, per_track=12)
    # New organisations and occupations: the form's shared lists are read again, once.
    client.get(url, query)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url, query).status_code == 200
    assert len(small.captured_queries) == len(large.captured_queries)
