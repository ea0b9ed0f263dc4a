"""The placement rate's exact definition with offers during the track (docs/dashboard-measures.md):
base = completed the track or offered a job during it; placed = offered; each person once."""

import datetime as dt

import pytest

from dashboard.outcomes import Filters, compute
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tracks.models import State

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 1)
START = dt.date(2025, 3, 1)


def _member(track, **days):
    return TrackParticipantFactory(
        track=track,
        state=State.CONTINUED_SUPPORT,
        **{field: START + dt.timedelta(days=n) for field, n in days.items()},
    )


@pytest.fixture
def track():
    """11 nominated: 4 offered after completing (3 employed), 3 completed without an offer,
    2 offered during APL and employed without completing, 1 offered during APL who declined,
    1 still in APL with no offer (not in the base)."""
    track = TrackFactory(start_date=START)
    for index in range(4):
        employed = {"employed_on": 130} if index < 3 else {}
        _member(track, completed_on=100, offered_on=105, **employed)
    for _index in range(3):
        _member(track, completed_on=100)
    for _index in range(2):
        _member(track, offered_on=80, employed_on=110)
    _member(track, offered_on=85)
    _member(track, started_on=7)
    return track


def test_an_offer_during_the_track_is_in_the_base_and_counts_once(track):
    dashboard = compute(Filters(), today=TODAY)
    # Base: 7 completed + 3 offered during the track = 10; placed: 4 + 3 = 7.
    assert (dashboard.placement.part, dashboard.placement.whole) == (7, 10)
    assert dashboard.placement.percent_display == "70 %"
    assert dashboard.placement.interval_display == "40–89 %"
    # Hired: 3 after completing + 2 from an offer during the track, of the same base.
    assert (dashboard.hired.part, dashboard.hired.whole) == (5, 10)
    funnel = {key: figure.value for key, _label, figure in dashboard.funnel}
    assert (funnel["completed"], funnel["offered"], funnel["employed"]) == (7, 7, 5)


def test_the_breakdown_uses_the_same_base(track):
    rows = compute(Filters(), breakdown_by="year", today=TODAY).breakdown
    assert [(r.completed.value, r.placement.part, r.placement.whole) for r in rows] == [(7, 7, 10)]
