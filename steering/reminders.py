"""Reminders of the steering group's follow-up dates: the responsible person hears once, on the
decision's follow-up date (the working day before, if it falls on a weekend or holiday).

Run by Celery beat every hour (steering.tasks.plan_reminders). Planning is idempotent: the
notification row is unique on kind, decision, due date and recipient, so a second run, a late
run or two beats add nothing. A decision marked done before its day is not reminded of.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from jobbspar.local_time import STOCKHOLM
from jobbspar.models import NotificationKind
from jobbspar.notifications import notify, render_message
from jobbspar.workdays import on_or_before_working_day
from steering.models import SteeringDecision

# Reminders become visible and are e-mailed from this hour of their day (as tracks' do).
SEND_HOUR = 7
# A follow-up date on a weekend or holiday is reminded of up to a week of days off before.
LOOK_AHEAD = dt.timedelta(days=7)


def send_after_on(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(SEND_HOUR), tzinfo=STOCKHOLM)


def plan_follow_up_reminders(*, today: dt.date) -> int:
    """Plan a reminder for each open decision whose follow-up day has come; returns how many
    new rows were planned (0 on a second run)."""
    decisions = SteeringDecision.objects.filter(
        done=False,
        follow_up_on__lte=today + LOOK_AHEAD,
        responsible__is_active=True,
    ).select_related("responsible", "meeting", "partnership")
    created = 0
    for decision in decisions:
        assert decision.follow_up_on is not None and decision.responsible is not None
        day = on_or_before_working_day(decision.follow_up_on)
        if day > today:
            continue
        recipient = decision.responsible
        _, new = notify(
            recipient=recipient,
            kind=NotificationKind.STEERING_FOLLOW_UP_DUE,
            obj=decision,
            due_on=decision.follow_up_on,
            send_after=send_after_on(day),
            message=render_message(
                recipient=recipient,
                template="notifications/steering_follow_up_due",
                context={"decision": decision},
            ),
            url=reverse("steering:meeting_detail", args=[decision.meeting_id]),
        )
        created += new
    return created
