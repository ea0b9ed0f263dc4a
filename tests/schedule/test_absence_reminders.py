"""The reminder when a participant's absence without a valid reason in a month passes the
track's limit: once per member and month to each coordinator, with the pseudonym only."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jobbspar.models import Notification, NotificationKind
from schedule.absence import plan_absence_reminders
from schedule.attendance import record_attendance
from schedule.models import AttendanceStatus
from tests.jobbspar.factories import UserFactory
from tests.schedule.test_attendance import setting  # noqa: F401 - the shared fixture
from tests.tracks.factories import TrackParticipantFactory
from tracks.models import State, TrackStatus

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 20)


def absent(strand, day, member, by, status=AttendanceStatus.ABSENT_INVALID, hours="0"):
    record_attendance(
        strand=strand, day=day, member=member, status=status, hours_missed=Decimal(hours), by=by
    )


@pytest.fixture
def team(setting, af_coordinator):  # noqa: F811
    track, *_ = setting
    away = UserFactory(role=af_coordinator.role, organisation=af_coordinator.organisation)
    away.is_active = False
    away.save()
    track.coordinators.set([af_coordinator, away])
    return setting


@time_machine.travel(dt.datetime(2026, 3, 20, 12, tzinfo=dt.UTC))
def test_a_member_above_the_limit_is_reminded_of_once(team, af_coordinator):
    """Limit 8 h (the default). Training days are 6.5 h, APL days 8 h: one training day absent
    (6.5) and 1.5 h late on another make 8.0, not above; one more APL day absent makes 16."""
    _track, training, apl, member = team
    absent(training, dt.date(2026, 3, 2), member, af_coordinator)
    absent(training, dt.date(2026, 3, 3), member, af_coordinator, AttendanceStatus.PARTLY, "1.5")
    assert plan_absence_reminders(today=TODAY) == 0
    absent(apl, dt.date(2026, 3, 5), member, af_coordinator)
    assert plan_absence_reminders(today=TODAY) == 1
    assert plan_absence_reminders(today=TODAY) == 0  # a second run adds nothing
    [reminder] = Notification.objects.filter(kind=NotificationKind.INVALID_ABSENCE)
    # The active coordinator only; the body names the pseudonym, never the person.
    assert reminder.recipient == af_coordinator
    assert reminder.due_on == dt.date(2026, 3, 1)
    assert member.pseudonym in reminder.body
    assert member.participant.name not in reminder.body + reminder.subject
    assert "16" in reminder.body
    assert reminder.url.endswith("/attendance/?month=2026-03")


@time_machine.travel(dt.datetime(2026, 4, 20, 12, tzinfo=dt.UTC))
def test_a_new_month_counts_anew(team, af_coordinator):
    _track, _training, apl, member = team
    for day in (dt.date(2026, 3, 5), dt.date(2026, 3, 6)):
        absent(apl, day, member, af_coordinator)
    assert plan_absence_reminders(today=dt.date(2026, 3, 31)) == 1
    absent(apl, dt.date(2026, 4, 2), member, af_coordinator)
    assert plan_absence_reminders(today=dt.date(2026, 4, 20)) == 0  # 8 h in April: not above
    absent(apl, dt.date(2026, 4, 9), member, af_coordinator)  # (3 April is Good Friday)
    assert plan_absence_reminders(today=dt.date(2026, 4, 20)) == 1
    assert Notification.objects.filter(kind=NotificationKind.INVALID_ABSENCE).count() == 2


@time_machine.travel(dt.datetime(2026, 3, 20, 12, tzinfo=dt.UTC))
def test_no_limit_or_a_closed_track_means_no_reminder(team, af_coordinator):
    track, _training, apl, member = team
    for day in (dt.date(2026, 3, 5), dt.date(2026, 3, 6), dt.date(2026, 3, 12)):
        absent(apl, day, member, af_coordinator)
    track.invalid_absence_limit_hours = None
    track.save()
    assert plan_absence_reminders(today=TODAY) == 0
    track.invalid_absence_limit_hours = Decimal("30")
    track.save()
    assert plan_absence_reminders(today=TODAY) == 0  # 24 h is within 30
    track.invalid_absence_limit_hours = Decimal("20")
    track.status = TrackStatus.COMPLETED
    track.save()
    assert plan_absence_reminders(today=TODAY) == 0


@time_machine.travel(dt.datetime(2026, 3, 20, 12, tzinfo=dt.UTC))
def test_the_sweep_costs_the_same_queries_for_more_members(team, af_coordinator):
    track, _training, apl, member = team

    def sweep() -> int:
        """The sweep's reads, without the planning of each new row (get-or-create)."""
        Notification.objects.all().delete()
        with CaptureQueriesContext(connection) as captured:
            assert plan_absence_reminders(today=TODAY) > 0
        return sum(
            1
            for query in captured.captured_queries
            if "jobbspar_notification" not in query["sql"] and "SAVEPOINT" not in query["sql"]
        )

    for day in (dt.date(2026, 3, 5), dt.date(2026, 3, 6), dt.date(2026, 3, 12)):
        absent(apl, day, member, af_coordinator)
    few = sweep()
    for _ in range(4):
        other = TrackParticipantFactory(track=track, state=State.IN_TRAINING)
        for day in (dt.date(2026, 3, 5), dt.date(2026, 3, 6), dt.date(2026, 3, 12)):
            absent(apl, day, other, af_coordinator)
    assert sweep() == few
