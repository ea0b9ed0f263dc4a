"""Copying a track (or using it as a template) copies the schedule's strands and weekly patterns,
shifted to the copy's start; never exceptions or attendance."""

import datetime as dt

import pytest

from schedule.models import Attendance, AttendanceStatus, StrandException, StrandKind
from tests.employers.factories import RecruitmentNeedFactory
from tests.schedule.factories import StrandFactory, weekly
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tracks import phases

pytestmark = pytest.mark.django_db


@pytest.fixture
def source(af_coordinator):
    track = TrackFactory(start_date=dt.date(2026, 9, 7), weeks=12)
    training = StrandFactory(track=track, name="Vård", place="Komvux")
    weekly(training, range(3), "08:30", "15:00")
    apl = StrandFactory(
        track=track,
        kind=StrandKind.APL,
        name="",
        responsible="employer",
        starts_on=dt.date(2026, 11, 2),
    )
    weekly(apl, (3, 4), "07:00", "16:00")
    StrandException.objects.create(strand=training, day=dt.date(2026, 9, 9), kind="cancelled")
    Attendance.objects.create(
        strand=training,
        track_participant=TrackParticipantFactory(track=track),
        day=dt.date(2026, 9, 7),
        status=AttendanceStatus.PRESENT,
        recorded_by=af_coordinator,
    )
    return track


def _plan(track):
    return [
        (
            s.kind,
            s.name,
            s.starts_on,
            s.ends_on,
            s.place,
            sorted((d.weekday, d.starts_at, d.ends_at) for d in s.weekdays.all()),
        )
        for s in track.strands.order_by("starts_on", "kind")
    ]


@pytest.mark.parametrize("as_template", [False, True])
def test_a_copy_has_the_strands_and_patterns_shifted(source, af_coordinator, as_template):
    need = RecruitmentNeedFactory() if as_template else None
    copy = phases.copy_track(
        source=source,
        start_date=source.start_date + dt.timedelta(weeks=20),
        name="Kopia",
        by=af_coordinator,
        need=need,
    )
    shift = dt.timedelta(weeks=20)
    assert _plan(copy) == [
        (kind, name, start + shift, end + shift, place, days)
        for kind, name, start, end, place, days in _plan(source)
    ]
    assert len(_plan(copy)) == 2
    assert not StrandException.objects.filter(strand__track=copy).exists()
    assert not Attendance.objects.filter(strand__track=copy).exists()
