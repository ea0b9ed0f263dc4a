"""Planning a track's strands: dates inside the track, the weekly pattern, exceptions."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from schedule import planning
from schedule.attendance import record_attendance
from schedule.models import ExceptionKind, Strand, StrandKind
from schedule.sessions import sessions_of
from tests.schedule.factories import StrandFactory, weekly
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tracks.models import ResponsibleParty, State, TrackStatus

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 3, 2)


@pytest.fixture
def track():
    return TrackFactory(start_date=MONDAY, weeks=10)


def test_a_strand_inside_the_track_is_saved(track):
    strand = Strand(
        track=track,
        kind=StrandKind.LANGUAGE,
        language_course="vocational_swedish",
        level="B",
        responsible=ResponsibleParty.PROVIDER,
        starts_on=MONDAY,
        ends_on=MONDAY + dt.timedelta(weeks=4),
    )
    planning.save_strand(strand=strand)
    assert str(strand) == "Yrkessvenska B"


def test_a_strand_outside_the_track_is_refused(track):
    strand = StrandFactory.build(track=track, ends_on=track.end_date + dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="inom spåret"):
        planning.save_strand(strand=strand)


def test_a_closed_tracks_schedule_does_not_change(track):
    strand = StrandFactory(track=track)
    track.status = TrackStatus.COMPLETED
    with pytest.raises(ValidationError, match="avslutat"):
        planning.save_pattern(strand=strand, weekly={0: (dt.time(8), dt.time(12))})


def test_the_pattern_replaces_the_previous_one(track):
    strand = StrandFactory(track=track)
    weekly(strand, range(5))
    planning.save_pattern(
        strand=strand,
        weekly={0: (dt.time(8, 30), dt.time(15)), 2: (dt.time(8, 30), dt.time(15))},
    )
    assert sorted(strand.weekdays.values_list("weekday", flat=True)) == [0, 2]
    # 10 weeks of Mondays and Wednesdays, less Easter Monday (6 April 2026).
    assert len(sessions_of(strand)) == 19


def test_a_pattern_on_a_weekend_or_ending_before_it_starts_is_refused(track):
    strand = StrandFactory(track=track)
    with pytest.raises(ValidationError):
        planning.save_pattern(strand=strand, weekly={5: (dt.time(8), dt.time(12))})
    with pytest.raises(ValidationError):
        planning.save_pattern(strand=strand, weekly={1: (dt.time(12), dt.time(8))})


def test_cancelling_a_session_and_adding_an_extra_day(track):
    strand = StrandFactory(track=track)
    weekly(strand, [0])
    planning.add_exception(strand=strand, day=MONDAY, kind=ExceptionKind.CANCELLED)
    planning.add_exception(
        strand=strand,
        day=MONDAY + dt.timedelta(days=2),
        kind=ExceptionKind.EXTRA,
        times=(dt.time(9), dt.time(12)),
    )
    days = [s.day for s in sessions_of(strand)]
    assert MONDAY not in days
    assert MONDAY + dt.timedelta(days=2) in days
    # 10 Mondays, less Easter Monday and the cancelled one, plus the extra Wednesday.
    assert len(days) == 9


def test_exceptions_that_make_no_sense_are_refused(track):
    strand = StrandFactory(track=track)
    weekly(strand, [0])
    tuesday = MONDAY + dt.timedelta(days=1)
    with pytest.raises(ValidationError, match="inget pass den dagen"):
        planning.add_exception(strand=strand, day=tuesday, kind=ExceptionKind.CANCELLED)
    with pytest.raises(ValidationError, match="redan pass"):
        planning.add_exception(
            strand=strand, day=MONDAY, kind=ExceptionKind.EXTRA, times=(dt.time(9), dt.time(12))
        )
    with pytest.raises(ValidationError, match="tiderna för den extra dagen"):
        planning.add_exception(strand=strand, day=tuesday, kind=ExceptionKind.EXTRA)
    with pytest.raises(ValidationError, match="inom delen"):
        planning.add_exception(
            strand=strand, day=track.end_date + dt.timedelta(days=1), kind=ExceptionKind.CANCELLED
        )
    planning.add_exception(strand=strand, day=MONDAY, kind=ExceptionKind.CANCELLED)
    with pytest.raises(ValidationError, match="redan en avvikelse"):
        planning.add_exception(strand=strand, day=MONDAY, kind=ExceptionKind.CANCELLED)


@time_machine.travel(dt.datetime(2026, 3, 20, 12, tzinfo=dt.UTC))
def test_recorded_attendance_keeps_its_day_in_the_plan(track, af_coordinator):
    strand = StrandFactory(track=track)
    weekly(strand, [0, 1])
    member = TrackParticipantFactory(
        track=track, state=State.IN_TRAINING, nominated_by=af_coordinator
    )
    record_attendance(strand=strand, day=MONDAY, member=member, status="present", by=af_coordinator)
    with pytest.raises(ValidationError, match="utelämnar"):
        planning.save_pattern(strand=strand, weekly={1: (dt.time(8), dt.time(12))})
    with pytest.raises(ValidationError, match="kan inte ställas in"):
        planning.add_exception(strand=strand, day=MONDAY, kind=ExceptionKind.CANCELLED)
    strand.starts_on = MONDAY + dt.timedelta(days=1)
    with pytest.raises(ValidationError, match="utanför de här datumen"):
        planning.save_strand(strand=strand)
    with pytest.raises(ValidationError, match="kan inte tas bort"):
        planning.delete_strand(strand=strand)
    assert sorted(strand.weekdays.values_list("weekday", flat=True)) == [0, 1]
