"""The attendance page's lists read with their row (jobbspar/database/nested.py, issue 18): the
strand's weekly pattern and exceptions with the strand (schedule.access.pattern_of_outer_strand)
and each member's entry of the day with the member (schedule.access.track_attendance_for). Each
list keeps its own rule whatever query it is nested in: a query of every strand or of every
membership shows a user no row their own access functions would not."""

import datetime as dt

import pytest

from jobbspar.scoping import scoped
from schedule import access
from schedule.attendance_views import day_entry_rows, pattern_lists
from schedule.models import Attendance, Strand, StrandException
from tests.participants.factories import ParticipantFactory
from tests.schedule.factories import StrandFactory, weekly
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tracks.models import State, TrackParticipant

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 3, 10)


@pytest.fixture
def strand(af, municipality, af_coordinator):
    strand = StrandFactory(track=TrackFactory(start_date=dt.date(2026, 3, 2), weeks=12))
    weekly(strand, [0, 1])
    StrandException.objects.create(strand=strand, day=dt.date(2026, 3, 11), kind="cancelled")
    for registered_by in (af, municipality):
        member = TrackParticipantFactory(
            track=strand.track,
            state=State.IN_TRAINING,
            participant=ParticipantFactory(registered_by=registered_by),
            nominated_by=af_coordinator,
        )
        Attendance.objects.create(
            strand=strand, day=DAY, track_participant=member, status="present"
        )
    return strand


@pytest.fixture
def other_strand(other_partnership):
    """A strand of another partnership's track, with a pattern and an exception of its own."""
    strand = StrandFactory(
        track=TrackFactory(
            start_date=dt.date(2026, 3, 2), weeks=12, need__partnership=other_partnership
        )
    )
    weekly(strand, [2, 3, 4])
    StrandException.objects.create(strand=strand, day=dt.date(2026, 3, 12), kind="cancelled")
    StrandException.objects.create(strand=strand, day=dt.date(2026, 3, 19), kind="cancelled")
    return strand


def _pattern(user, base):
    """Each strand's pattern as the day's page reads it (attendance_views.pattern_lists)."""
    rows = (
        base.order_by("pk")
        .annotate(**pattern_lists(user))
        .values_list("weekday_rows", "exception_rows")
    )
    return [[len(value or []) for value in row] for row in rows]


def _entries(user, strand, base):
    """Each membership's entries of the day, as the day's page reads them (day_entry_rows)."""
    rows = base.annotate(entries=day_entry_rows(user, strand.track_id, strand.pk, DAY)).values_list(
        "entries", flat=True
    )
    return sum(len(value or []) for value in rows)


def test_the_pattern_follows_strands_for(
    strand, other_strand, af_coordinator, job_coach, lund_coordinator, employer_user, manager
):
    """Each strand's own pattern, to those who may see that strand: in a query of every strand,
    this partnership's people see this strand's and none of the other's, and the other
    partnership's coordinator the reverse."""
    for user in (af_coordinator, job_coach):
        expected = [[len(access.weekdays_for(user)), len(access.exceptions_for(user))]]
        assert expected == [[2, 1]]
        assert _pattern(user, access.strands_for(user)) == expected, user
        assert _pattern(user, scoped(Strand).all()) == [[2, 1], [0, 0]], user
    assert _pattern(lund_coordinator, access.strands_for(lund_coordinator)) == [[3, 2]]
    assert _pattern(lund_coordinator, scoped(Strand).all()) == [[0, 0], [3, 2]]
    for user in (employer_user, manager):
        assert _pattern(user, access.strands_for(user)) == [], user
        assert _pattern(user, scoped(Strand).all()) == [[0, 0], [0, 0]], user


def test_the_days_entries_follow_track_attendance_for(
    strand,
    other_strand,
    other_partnership,
    af_coordinator,
    municipal_coordinator,
    job_coach,
    lund_coordinator,
    employer_user,
):
    """Each membership's own entry of this strand's day, to those who may record it: in a query
    of every membership (of this track and another partnership's, with an entry of its own),
    each coordinator sees their organisation's person's entry and nothing of the other track."""
    elsewhere = TrackParticipantFactory(
        track=other_strand.track,
        state=State.IN_TRAINING,
        participant=ParticipantFactory(registered_by=other_partnership.municipality),
    )
    Attendance.objects.create(
        strand=other_strand, day=DAY, track_participant=elsewhere, status="present"
    )
    every = scoped(TrackParticipant).all()
    for user in (af_coordinator, municipal_coordinator, job_coach, lund_coordinator, employer_user):
        rule = access.track_attendance_for(user, strand.track_id).filter(day=DAY).count()
        as_read = _entries(user, strand, access.track_attendance_members_for(user, strand.track_id))
        assert as_read == _entries(user, strand, every) == rule, user
    assert [
        _entries(user, strand, every)
        for user in (af_coordinator, municipal_coordinator, lund_coordinator, employer_user)
    ] == [1, 1, 0, 0]
    # The other track's entry, read for its own strand, by its own partnership's coordinator.
    assert _entries(lund_coordinator, other_strand, every) == 1
    assert _entries(af_coordinator, other_strand, every) == 0


def test_only_the_pattern_is_handed_out(af_coordinator):
    with pytest.raises(ValueError, match="own rule"):
        access.pattern_of_outer_strand(af_coordinator, Attendance)
