"""Follow-up reminders of the steering group's decisions, on a frozen clock: the responsible
person hears once, on the follow-up day (the working day before, when it is a day off)."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.core import mail

from jobbspar import notifications
from jobbspar.models import Notification, NotificationKind
from steering.reminders import plan_follow_up_reminders
from steering.tasks import plan_reminders
from tests.steering.factories import SteeringDecisionFactory, SteeringMeetingFactory

pytestmark = pytest.mark.django_db
STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
D = dt.date


def rows():
    return sorted(
        (n.kind, n.recipient.username, n.due_on, n.send_after.astimezone(STOCKHOLM))
        for n in Notification.objects.select_related("recipient")
    )


@pytest.fixture
def meeting(partnership):
    return SteeringMeetingFactory(partnership=partnership, held_on=D(2027, 2, 10))


def test_the_responsible_hears_once_on_the_follow_up_day(meeting, manager):
    decision = SteeringDecisionFactory(
        meeting=meeting,
        follow_up_on=D(2027, 4, 14),
        responsible=manager,  # a Wednesday
    )
    for day in (D(2027, 4, 12), D(2027, 4, 13)):
        assert plan_follow_up_reminders(today=day) == 0
    assert plan_follow_up_reminders(today=D(2027, 4, 14)) == 1
    # A second run the same day and the runs after it add nothing.
    assert plan_follow_up_reminders(today=D(2027, 4, 14)) == 0
    assert plan_follow_up_reminders(today=D(2027, 4, 15)) == 0
    assert rows() == [
        (
            NotificationKind.STEERING_FOLLOW_UP_DUE,
            "manager",
            D(2027, 4, 14),
            dt.datetime(2027, 4, 14, 7, tzinfo=STOCKHOLM),
        )
    ]
    notification = Notification.objects.get()
    assert notification.object_id == str(decision.pk)
    assert notification.subject == "Styrgruppsbeslut att följa upp 14 april"
    assert notification.body == (
        "Du ansvarar för att följa upp ett beslut i styrgruppen för Arbetsförmedlingen + "
        "Malmö stad (mötet 10 februari 2027) senast onsdag 14 april: Ett nytt jobbspår inom "
        "vård och omsorg planeras till hösten."
    )
    assert notification.url == f"/steering/meetings/{meeting.pk}/"


def test_a_follow_up_day_on_a_weekend_is_reminded_of_the_friday_before(meeting, manager):
    SteeringDecisionFactory(meeting=meeting, follow_up_on=D(2027, 4, 18), responsible=manager)
    assert plan_follow_up_reminders(today=D(2027, 4, 15)) == 0
    assert plan_follow_up_reminders(today=D(2027, 4, 16)) == 1
    assert plan_follow_up_reminders(today=D(2027, 4, 18)) == 0
    assert [row[2:] for row in rows()] == [
        (D(2027, 4, 18), dt.datetime(2027, 4, 16, 7, tzinfo=STOCKHOLM))
    ]


def test_done_decisions_and_decisions_without_follow_up_are_not_reminded_of(meeting, manager):
    SteeringDecisionFactory(
        meeting=meeting,
        follow_up_on=D(2027, 4, 14),
        responsible=manager,
        done=True,
        done_on=D(2027, 4, 1),
    )
    SteeringDecisionFactory(meeting=meeting)
    assert plan_follow_up_reminders(today=D(2027, 4, 14)) == 0


def test_the_beat_task_plans_and_the_sweep_mails_it_once(meeting, manager, settings):
    settings.SITE_URL = "https://jobbspar.example.org"
    SteeringDecisionFactory(meeting=meeting, follow_up_on=D(2027, 4, 14), responsible=manager)
    with time_machine.travel(dt.datetime(2027, 4, 14, 8, tzinfo=STOCKHOLM), tick=False):
        assert plan_reminders() == 1
        assert plan_reminders() == 0
        notifications.sweep()
        notifications.sweep()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [manager.email]
    assert mail.outbox[0].subject == "Styrgruppsbeslut att följa upp 14 april"


def test_the_beat_plans_follow_up_reminders_every_hour(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["steering-reminders"]
    assert entry == {"task": plan_reminders.name, "schedule": 3600.0}
    assert plan_reminders.name == "steering.plan_reminders"
