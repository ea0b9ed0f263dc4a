"""The reminder when a participant's absence without a valid reason passes the track's limit.

A track sets a limit in hours a calendar month (`Track.invalid_absence_limit_hours`, 8 by
default; empty for none). Celery beat runs `plan_absence_reminders` every hour: for the month
of today, each member whose absence without a valid reason (the monthly summary's figure,
`schedule.attendance.monthly_summary`: absent days plus hours missed by coming late or leaving
early) is above the limit gets one notification to each of the track's active coordinators.
The notification row is unique on kind, member, the month's first day and recipient, so a second
run, a late run or two beats add nothing, and the member is reminded of once a month at most.
The message names the member by their candidate pseudonym only (it may be e-mailed).

A fixed number of queries whatever the number of tracks and members (the strands with their
patterns, the month's entries of the members with any invalid absence, the coordinators), plus
one insert per new reminder.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Prefetch, Q
from django.urls import reverse

from jobbspar.local_time import STOCKHOLM
from jobbspar.models import NotificationKind, User
from jobbspar.notifications import notify, render_message
from jobbspar.repeats import once_per_row
from schedule.attendance import month_bounds, monthly_summary
from schedule.models import Attendance, AttendanceStatus, Strand
from tracks.models import CLOSED_TRACK_STATUSES, Track, TrackParticipant

SEND_HOUR = 7


def plan_absence_reminders(*, today: dt.date) -> int:
    """Plan the month's reminders; returns how many new rows were planned (0 on a second run)."""
    first, last = month_bounds(today)
    entries = list(
        Attendance.objects.filter(
            day__gte=first,
            day__lte=min(last, today),
            track_participant__track__invalid_absence_limit_hours__isnull=False,
        )
        .exclude(track_participant__track__status__in=CLOSED_TRACK_STATUSES)
        .filter(
            track_participant__in=Attendance.objects.filter(
                Q(status=AttendanceStatus.ABSENT_INVALID) | Q(status=AttendanceStatus.PARTLY),
                day__gte=first,
                day__lte=min(last, today),
            ).values("track_participant")
        )
    )
    if not entries:
        return 0
    by_member: dict[int, list[Attendance]] = defaultdict(list)
    for entry in entries:
        by_member[entry.track_participant_id].append(entry)
    members = {
        m.pk: m for m in TrackParticipant.objects.filter(pk__in=by_member).select_related("track")
    }
    tracks = {m.track_id for m in members.values()}
    strands: dict[int, list[Strand]] = defaultdict(list)
    for strand in Strand.objects.filter(track__in=tracks).prefetch_related(
        "weekdays", "exceptions"
    ):
        strands[strand.track_id].append(strand)
    coordinators: dict[int, list[User]] = {
        track.pk: list(track.coordinators.all())
        for track in Track.objects.filter(pk__in=tracks).prefetch_related(
            Prefetch("coordinators", queryset=User.objects.filter(is_active=True))
        )
    }
    created = 0
    # One idempotent row per coordinator and member (notify's get_or_create).
    with once_per_row():
        for pk, member in members.items():
            limit = member.track.invalid_absence_limit_hours
            assert limit is not None  # filtered above
            summary = monthly_summary(
                strands=strands[member.track_id], attendance=by_member[pk], month=first
            )
            if summary.absent_invalid <= limit:
                continue
            created += _remind(member, summary.absent_invalid, limit, first, today, coordinators)
    return created


def _remind(
    member: TrackParticipant,
    hours: Decimal,
    limit: Decimal,
    month: dt.date,
    today: dt.date,
    coordinators: dict[int, list[User]],
) -> int:
    created = 0
    url = reverse("schedule:attendance_summary", args=[member.track_id, member.pk])
    for recipient in coordinators.get(member.track_id, []):
        _, new = notify(
            recipient=recipient,
            kind=NotificationKind.INVALID_ABSENCE,
            obj=member,
            due_on=month,
            send_after=dt.datetime.combine(today, dt.time(SEND_HOUR), tzinfo=STOCKHOLM),
            message=render_message(
                recipient=recipient,
                template="notifications/invalid_absence",
                context={
                    "member": member,
                    "track": member.track,
                    "hours": hours,
                    "limit": limit,
                    "month": month,
                },
            ),
            url=f"{url}?month={month:%Y-%m}",
        )
        created += new
    return created
