"""Planning meetings (avstämningsmöten): saving, action items, the start page and the .ics."""

from __future__ import annotations

import datetime as dt
from typing import Any

import icalendar
from django.db import transaction
from django.db.models import QuerySet
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext as _

from employers import access as employers_access
from employers.models import ActionItem, PlanningMeeting
from employers.registry import record_change
from jobbspar.database import prepared
from jobbspar.local_time import STOCKHOLM
from jobbspar.locking import save_versioned
from jobbspar.models import User


@transaction.atomic
def save_meeting(*, meeting: PlanningMeeting, by: User | None) -> PlanningMeeting:
    created = meeting.pk is None
    if created:
        meeting.created_by = by
    save_versioned(meeting)
    summary = _("Meeting booked: %(title)s") if created else _("Meeting changed: %(title)s")
    record_change(employer=meeting.employer, by=by, summary=summary % {"title": meeting.title})
    return meeting


def add_action_item(*, item: ActionItem) -> ActionItem:
    item.save()
    return item


def set_action_item_done(*, item: ActionItem, done: bool) -> ActionItem:
    if item.done != done:
        item.done = done
        item.save(update_fields=["done"])
    return item


def coordinator_overview(user: User, *, limit: int = 10) -> dict[str, Any]:
    """The start page's list: the user's upcoming meetings and open action items (2 queries,
    each built once per kind of user: jobbspar/database/prepared.py, issue 18)."""
    return {
        # The lengths decide the statements' form (LIMIT), not values in them.
        "upcoming_meetings": prepared.evaluate(_upcoming_meetings, user, prepared.Fixed(limit)),
        "open_action_items": prepared.evaluate(_open_action_items, user, prepared.Fixed(limit * 2)),
    }


def _upcoming_meetings(user: User, limit: int) -> QuerySet[PlanningMeeting]:
    # The user's meetings as one id set from two index scans (UNION), not a join with the
    # attendees plus DISTINCT over every meeting (8 ms at national scale, on every start page).
    attending = PlanningMeeting.attendee_users.through.objects.filter(user=user).values(
        "planningmeeting_id"
    )
    created = employers_access.meetings_for(user).filter(created_by=user).order_by().values("pk")
    return (
        employers_access.meetings_for(user)
        # The database's clock (the statement's start): a builder takes no time of day.
        .filter(pk__in=attending.union(created, all=True), ends_at__gte=Now())
        .select_related("employer", "need__occupation")
        # Only what the start page shows: not the agendas, minutes and employers' notes.
        .only("title", "starts_at", "employer__name", "need__occupation__name")
        .order_by("starts_at", "id")[:limit]
    )


def _open_action_items(user: User, limit: int) -> QuerySet[ActionItem]:
    return (
        employers_access.action_items_for(user)
        .filter(owner=user, done=False)
        .select_related("meeting__employer")
        .only("description", "due_date", "meeting__title", "meeting__employer__name")
        .order_by("due_date", "id")[:limit]
    )


def _vtimezone_stockholm(year: int) -> icalendar.Timezone:
    """VTIMEZONE for Europe/Stockholm (CET/CEST, EU rules) for RFC 5545 clients."""
    tz = icalendar.Timezone()
    tz.add("tzid", "Europe/Stockholm")
    standard = icalendar.TimezoneStandard()
    standard.add("tzname", "CET")
    standard.add("dtstart", dt.datetime(1996, 10, 27, 3, 0, 0))
    standard.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    standard.add("tzoffsetfrom", dt.timedelta(hours=2))
    standard.add("tzoffsetto", dt.timedelta(hours=1))
    daylight = icalendar.TimezoneDaylight()
    daylight.add("tzname", "CEST")
    daylight.add("dtstart", dt.datetime(1981, 3, 29, 2, 0, 0))
    daylight.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    daylight.add("tzoffsetfrom", dt.timedelta(hours=1))
    daylight.add("tzoffsetto", dt.timedelta(hours=2))
    tz.add_component(standard)
    tz.add_component(daylight)
    return tz


def meeting_ics(meeting: PlanningMeeting, *, host: str = "jobbspar.localhost") -> bytes:
    """An RFC 5545 invitation with times in Europe/Stockholm (TZID and VTIMEZONE)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Jobbspår//Planning meetings//SV")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add_component(_vtimezone_stockholm(meeting.starts_at.year))
    event = icalendar.Event()
    event.add("uid", f"planning-meeting-{meeting.pk}@{host}")
    event.add("dtstamp", timezone.now().astimezone(dt.UTC))
    event.add("dtstart", meeting.starts_at.astimezone(STOCKHOLM))
    event.add("dtend", meeting.ends_at.astimezone(STOCKHOLM))
    event.add("summary", f"{meeting.title} – {meeting.employer.name}")
    location = ", ".join(part for part in [meeting.place, meeting.video_link] if part)
    if location:
        event.add("location", location)
    if meeting.video_link:
        event.add("url", meeting.video_link)
    if meeting.agenda:
        event.add("description", meeting.agenda)
    calendar.add_component(event)
    return calendar.to_ical()
