"""Which reminders are due, for whom, and when: plans notification rows (jobbspar.notifications).

Run by Celery beat every hour (tracks.tasks.plan_reminders); planning is idempotent, so running
it twice, late, or from two beats adds nothing. Reminders that would fall on a weekend or a
Swedish public holiday move to the working day before (jobbspar.workdays).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, Q
from django.urls import reverse

from employers.meetings import meeting_ics
from employers.models import ActionItem, PlanningMeeting
from jobbspar.local_time import STOCKHOLM
from jobbspar.models import NotificationKind, User
from jobbspar.notifications import notify, render_message
from jobbspar.workdays import on_or_before_working_day, working_days_before
from tracks.followups import plan_follow_up_reminders
from tracks.reminder_times import SEND_HOUR, send_after_on
from tracks.track_reminders import plan_track_reminders

MEETING_WORKING_DAYS_AHEAD = 2

__all__ = ["SEND_HOUR", "send_after_on"]  # used here, and kept importable from here


def meeting_reminder_day(meeting: PlanningMeeting) -> dt.date:
    return working_days_before(
        meeting.starts_at.astimezone(STOCKHOLM).date(), MEETING_WORKING_DAYS_AHEAD
    )


def plan_meeting_reminders(*, today: dt.date) -> int:
    """Planning meeting in 2 working days: every attendee with an account, and its organiser,
    gets a reminder with the invitation. Returns how many new rows were planned."""
    # Two working days back never spans more than a week of holidays; look ahead generously.
    horizon = send_after_on(today + dt.timedelta(days=14))
    meetings = (
        PlanningMeeting.objects.filter(starts_at__gte=send_after_on(today), starts_at__lt=horizon)
        .select_related("employer", "created_by")
        .prefetch_related(Prefetch("attendee_users", queryset=User.objects.filter(is_active=True)))
    )
    created = 0
    for meeting in meetings:
        day = meeting_reminder_day(meeting)
        if day > today:
            continue
        recipients = {user.pk: user for user in meeting.attendee_users.all()}
        if meeting.created_by is not None and meeting.created_by.is_active:
            recipients.setdefault(meeting.created_by_id, meeting.created_by)
        ics = meeting_ics(meeting).decode()
        for user in recipients.values():
            _, new = notify(
                recipient=user,
                kind=NotificationKind.MEETING_SOON,
                obj=meeting,
                due_on=day,
                send_after=send_after_on(day),
                message=render_message(
                    recipient=user,
                    template="notifications/meeting_soon",
                    context={"meeting": meeting},
                ),
                url=reverse("employers:meeting_detail", args=[meeting.pk]),
                ics=ics,
            )
            created += new
    return created


def plan_action_item_reminders(*, today: dt.date) -> int:
    """Action item due tomorrow (the working day before), and once when it is overdue."""
    items = ActionItem.objects.filter(
        Q(due_date__lte=today + dt.timedelta(days=7)), done=False, owner__is_active=True
    ).select_related("owner", "meeting__employer")
    created = 0
    for item in items:
        if item.due_date < today:
            kind, day, template = (
                NotificationKind.ACTION_ITEM_OVERDUE,
                item.due_date,
                "notifications/action_item_overdue",
            )
            send_after = send_after_on(today)
        else:
            day = on_or_before_working_day(item.due_date - dt.timedelta(days=1))
            if day > today:
                continue
            kind, template = NotificationKind.ACTION_ITEM_DUE, "notifications/action_item_due"
            send_after = send_after_on(day)
        _, new = notify(
            recipient=item.owner,
            kind=kind,
            obj=item,
            due_on=day,
            send_after=send_after,
            message=render_message(recipient=item.owner, template=template, context={"item": item}),
            url=reverse("employers:meeting_detail", args=[item.meeting_id]),
        )
        created += new
    return created


def plan_reminders(*, today: dt.date) -> int:
    """Everything the hourly beat plans: meetings, action items, the tracks' calendar and the
    outcome follow-ups."""
    return (
        plan_meeting_reminders(today=today)
        + plan_action_item_reminders(today=today)
        + plan_track_reminders(today=today)
        + plan_follow_up_reminders(today=today)
    )
