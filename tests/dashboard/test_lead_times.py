"""The lead times (first planning meeting to start, to first hire) cannot be negative (on the demo
data they are what the rows say: tests/demo/test_dashboard.py).

Issue 21: the demo dashboard said "från första avstämningsmöte till start: median -81 dagar" and
"till första anställning: median -178 dagar": the measure took the need's first meeting ever,
and the demo's old tracks shared needs whose meetings were in the future."""

import datetime as dt
import statistics

import pytest

from dashboard.outcomes import Filters, compute
from jobbspar.local_time import STOCKHOLM
from tests.employers.factories import PlanningMeetingFactory, RecruitmentNeedFactory
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tracks.models import State

pytestmark = pytest.mark.django_db

START = dt.date(2025, 3, 3)


def _meeting(need, day):
    at = dt.datetime.combine(day, dt.time(9), tzinfo=STOCKHOLM)
    return PlanningMeetingFactory(
        employer=need.employer, need=need, starts_at=at, ends_at=at + dt.timedelta(hours=1)
    )


def _employed(track, day):
    # The milestone is what the measure reads; the state is beside the point here.
    return TrackParticipantFactory(track=track, state=State.COMPLETED, employed_on=day)


def test_each_intake_is_measured_from_its_own_planning_and_never_negatively():
    need = RecruitmentNeedFactory()
    first = TrackFactory(employer=need.employer, need=need, profile_version=None, start_date=START)
    second = TrackFactory(
        employer=need.employer,
        need=need,
        profile_version=None,
        start_date=START + dt.timedelta(days=100),
    )
    _meeting(need, START - dt.timedelta(days=30))  # planning of the first intake
    _meeting(need, START + dt.timedelta(days=10))  # after the first start: the second's planning
    _meeting(need, START + dt.timedelta(days=200))  # a check-in after both started: not planning
    _employed(first, START + dt.timedelta(days=120))
    _employed(first, START - dt.timedelta(days=5))  # a bad row: a hire before the start
    _employed(second, START + dt.timedelta(days=250))
    only_later = RecruitmentNeedFactory(employer=need.employer)
    TrackFactory(employer=need.employer, need=only_later, profile_version=None, start_date=START)
    _meeting(only_later, START + dt.timedelta(days=3))  # met only after the start: not measured

    timing = compute(Filters()).timing

    assert timing["meeting_to_start_n"] == 2
    assert timing["meeting_to_start"] == statistics.median([30, 90])
    assert timing["meeting_to_hire_n"] == 2
    assert timing["meeting_to_hire"] == statistics.median([150, 240])


def test_the_lead_times_are_never_negative_whatever_the_rows():
    need = RecruitmentNeedFactory()
    for offset in (-40, -3, 0, 5, 60):
        _meeting(need, START + dt.timedelta(days=offset))
    for days in (0, 1, 30, 90):
        track = TrackFactory(
            employer=need.employer,
            need=need,
            profile_version=None,
            start_date=START + dt.timedelta(days=days),
        )
        _employed(track, START - dt.timedelta(days=10))
        _employed(track, START + dt.timedelta(days=days + 7))
    timing = compute(Filters()).timing
    assert timing["meeting_to_start"] >= 0 and timing["meeting_to_hire"] >= 0
