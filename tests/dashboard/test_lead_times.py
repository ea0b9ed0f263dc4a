"""The lead times (first planning meeting to start, to first hire) cannot be negative, and on the
demo data they are what the rows say.

Issue 21: the demo dashboard said "från första avstämningsmöte till start: median -81 dagar" and
"till första anställning: median -178 dagar": the measure took the need's first meeting ever,
and the demo's old tracks shared needs whose meetings were in the future."""

import datetime as dt
import statistics

import pytest
from django.core.management import call_command

from dashboard.outcomes import Filters, compute
from employers.models import PlanningMeeting
from jobbspar.local_time import STOCKHOLM
from tests.employers.factories import PlanningMeetingFactory, RecruitmentNeedFactory
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tracks.models import State, Track, TrackParticipant

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


def _expected_from_rows():
    """The definition, computed in Python from the rows: per track, the first meeting for its need
    after the previous track of that need started and no later than its start."""
    to_start, to_hire = [], []
    tracks = list(Track.objects.all())
    for track in tracks:
        previous = max(
            (
                o.start_date
                for o in tracks
                if o.need_id == track.need_id and o.start_date < track.start_date
            ),
            default=None,
        )
        days = [
            m.starts_at.astimezone(STOCKHOLM).date()
            for m in PlanningMeeting.objects.filter(need_id=track.need_id)
        ]
        days = [d for d in days if d <= track.start_date and (previous is None or d > previous)]
        if not days:
            continue
        first = min(days)
        to_start.append((track.start_date - first).days)
        hires = TrackParticipant.objects.filter(
            track=track, employed_on__gte=track.start_date
        ).values_list("employed_on", flat=True)
        if hires:
            to_hire.append((min(hires) - first).days)
    return to_start, to_hire


def test_the_demo_lead_times_agree_with_the_demo_rows(settings):
    settings.DEMO_MODE = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    to_start, to_hire = _expected_from_rows()
    timing = compute(Filters()).timing

    assert len(to_start) >= 4 and len(to_hire) >= 3  # the demo measures most of its tracks
    assert all(days >= 0 for days in to_start + to_hire)
    assert timing["meeting_to_start_n"] == len(to_start)
    assert timing["meeting_to_start"] == statistics.median(to_start)
    assert timing["meeting_to_hire_n"] == len(to_hire)
    assert timing["meeting_to_hire"] == statistics.median(to_hire)
    # Hires happen after the track: a demo with hires dated on the seeding day would say so.
    for member in TrackParticipant.objects.filter(employed_on__isnull=False).select_related(
        "track"
    ):
        assert member.employed_on >= member.track.end_date
