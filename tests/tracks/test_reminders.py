"""Reminders on a frozen clock: exactly which notifications exist, for whom, and when."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.core import mail

from jobbspar import notifications
from jobbspar.models import EmailState, Notification, NotificationKind
from tests.employers.factories import ActionItemFactory, PlanningMeetingFactory
from tracks.reminders import plan_reminders

pytestmark = pytest.mark.django_db
STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
D = dt.date


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=STOCKHOLM)


def days(start: dt.date, end: dt.date):
    while start <= end:
        yield start
        start += dt.timedelta(days=1)


def rows():
    return sorted(
        (n.kind, n.recipient.username, n.due_on, n.send_after.astimezone(STOCKHOLM).hour)
        for n in Notification.objects.select_related("recipient")
    )


@pytest.fixture
def meeting(af_coordinator, municipal_coordinator):
    meeting = PlanningMeetingFactory(
        title="Avstämning om kravprofil",
        starts_at=at(D(2026, 12, 2)),  # Wednesday
        ends_at=at(D(2026, 12, 2), 11),
        created_by=af_coordinator,
    )
    meeting.attendee_users.set([af_coordinator, municipal_coordinator])
    return meeting


def test_meeting_reminder_two_working_days_before_to_every_attendee(meeting):
    for today in days(D(2026, 11, 23), D(2026, 11, 29)):
        plan_reminders(today=today)
    assert rows() == []
    for today in days(D(2026, 11, 30), D(2026, 12, 3)):
        plan_reminders(today=today)
        plan_reminders(today=today)  # running twice adds nothing
    assert rows() == [
        (NotificationKind.MEETING_SOON, "af.coordinator", D(2026, 11, 30), 7),
        (NotificationKind.MEETING_SOON, "malmo.coordinator", D(2026, 11, 30), 7),
    ]


def test_holidays_move_the_meeting_reminder_earlier(af_coordinator):
    # Monday 28 Dec 2026: back past Christmas (24-27 Dec) to Tuesday 22 Dec.
    PlanningMeetingFactory(
        starts_at=at(D(2026, 12, 28)), ends_at=at(D(2026, 12, 28), 11), created_by=af_coordinator
    )
    plan_reminders(today=D(2026, 12, 21))
    assert rows() == []
    plan_reminders(today=D(2026, 12, 22))
    assert rows() == [(NotificationKind.MEETING_SOON, "af.coordinator", D(2026, 12, 22), 7)]


def test_meeting_reminder_is_emailed_in_the_recipients_language_with_the_invitation(
    meeting, municipal_coordinator
):
    municipal_coordinator.language = "en"
    municipal_coordinator.save()
    plan_reminders(today=D(2026, 11, 30))
    with time_machine.travel(at(D(2026, 11, 30), 6)):
        assert notifications.sweep() == 0  # not before 07:00
    with time_machine.travel(at(D(2026, 11, 30), 7)):
        assert notifications.sweep() == 2
    by_recipient = {message.to[0]: message for message in mail.outbox}
    swedish = by_recipient["af.coordinator@example.org"]
    english = by_recipient["malmo.coordinator@example.org"]
    assert swedish.subject.startswith("Avstämningsmöte snart: Avstämning om kravprofil")
    assert "onsdag 2 december 2026, 10:00" in swedish.body
    assert english.subject.startswith("Planning meeting soon: Avstämning om kravprofil")
    assert "Wednesday 2 December 2026, 10:00" in english.body
    _name, content, _mimetype = swedish.attachments[0]
    assert "BEGIN:VEVENT" in content and "Europe/Stockholm" in content
    assert f"/employers/meetings/{meeting.pk}/" in swedish.body


def test_action_item_due_tomorrow_then_overdue_once(af_coordinator):
    item = ActionItemFactory(owner=af_coordinator, due_date=D(2026, 11, 30))  # Monday
    for today in days(D(2026, 11, 23), D(2026, 11, 26)):
        plan_reminders(today=today)
    assert rows() == []
    # Due Monday: "tomorrow" falls on Sunday, so the reminder comes on Friday.
    for today in days(D(2026, 11, 27), D(2026, 12, 4)):
        plan_reminders(today=today)
    assert rows() == [
        (NotificationKind.ACTION_ITEM_DUE, "af.coordinator", D(2026, 11, 27), 7),
        (NotificationKind.ACTION_ITEM_OVERDUE, "af.coordinator", D(2026, 11, 30), 7),
    ]
    item.done = True
    item.save()
    Notification.objects.all().delete()
    plan_reminders(today=D(2026, 12, 5))
    assert rows() == []


def test_a_whole_calendar_sends_each_reminder_exactly_once(meeting, af_coordinator):
    ActionItemFactory(owner=af_coordinator, meeting=meeting, due_date=D(2026, 12, 4))
    for today in days(D(2026, 11, 23), D(2026, 12, 10)):
        for hour in (0, 7, 13):
            with time_machine.travel(at(today, hour)):
                plan_reminders(today=today)
                notifications.sweep()
    assert len(mail.outbox) == 4  # two meeting reminders, due tomorrow, overdue
    assert set(Notification.objects.values_list("email_state", flat=True)) == {EmailState.SENT}


def test_planning_and_sending_need_no_broker(meeting, settings):
    from jobbspar.celery import app

    original = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"  # Redis is down
    try:
        plan_reminders(today=D(2026, 11, 30))
        with time_machine.travel(at(D(2026, 11, 30), 8)):
            assert notifications.sweep() == 2
    finally:
        app.conf.broker_url = original
