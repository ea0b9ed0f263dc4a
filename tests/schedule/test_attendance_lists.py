"""The attendance page's lists read with their row (jobbspar/database/nested.py, issue 18): the
strand's weekly pattern and exceptions with the strand (schedule.access.pattern_of_outer_strand)
and each member's entry of the day with the member (schedule.access.track_attendance_for). Each
list keeps its own rule whatever query it is nested in: a query of every strand or of every
membership shows a user no row their own access functions would not."""

import datetime as dt

import pytest
from django.db.models import OuterRef

from jobbspar.database.nested import nested
from jobbspar.scoping import scoped
from schedule import access
from schedule.models import Attendance, Strand, StrandException, StrandWeekday
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


def _pattern(user, base):
    rows = base.annotate(
        weekday_rows=nested(
            access.pattern_of_outer_strand(user, StrandWeekday), parent="strand", order_by=("id",)
        ),
        exception_rows=nested(
            access.pattern_of_outer_strand(user, StrandException),
            parent="strand",
            order_by=("id",),
        ),
    ).values_list("weekday_rows", "exception_rows")
    return [[len(value or []) for value in row] for row in rows]


def _entries(user, strand, base):
    """Each membership's entries of the day, nested as the day's page reads them."""
    rows = (
        base.filter(track=strand.track_id)
        .annotate(
            entries=nested(
                access.track_attendance_for(user, strand.track_id).filter(
                    track_participant=OuterRef("pk"), strand=strand.pk, day=DAY
                ),
                parent="track_participant",
                order_by=("id",),
            )
        )
        .values_list("entries", flat=True)
    )
    return sum(len(value or []) for value in rows)


def test_the_pattern_follows_strands_for(
    strand, af_coordinator, job_coach, lund_coordinator, employer_user, manager
):
    for user in (af_coordinator, job_coach):
        expected = [[len(access.weekdays_for(user)), len(access.exceptions_for(user))]]
        assert expected == [[2, 1]]
        assert _pattern(user, access.strands_for(user)) == expected, user
        assert _pattern(user, scoped(Strand).all()) == expected, user
    for user in (lund_coordinator, employer_user, manager):
        assert _pattern(user, access.strands_for(user)) == [], user
        assert _pattern(user, scoped(Strand).all()) == [[0, 0]], user


def test_the_days_entries_follow_track_attendance_for(
    strand, af_coordinator, municipal_coordinator, job_coach, lund_coordinator, employer_user
):
    for user in (af_coordinator, municipal_coordinator, job_coach, lund_coordinator, employer_user):
        rule = access.track_attendance_for(user, strand.track_id).filter(day=DAY).count()
        as_read = _entries(user, strand, access.track_attendance_members_for(user, strand.track_id))
        nested_anywhere = _entries(user, strand, scoped(TrackParticipant).all())
        assert as_read == nested_anywhere == rule, user
    # Each coordinator sees their own organisation's person; another partnership's and an
    # employer user none.
    assert [
        _entries(user, strand, scoped(TrackParticipant).all())
        for user in (af_coordinator, municipal_coordinator, lund_coordinator, employer_user)
    ] == [1, 1, 0, 0]


def test_only_the_pattern_is_handed_out(af_coordinator):
    with pytest.raises(ValueError, match="own rule"):
        access.pattern_of_outer_strand(af_coordinator, Attendance)
