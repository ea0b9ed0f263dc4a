"""The track calendar: a week view (Monday to Friday, the sessions of every strand) with the
previous and next week, and a list of every session; both print. The sessions are generated from
the strands (schedule/sessions.py), so each page makes the same few queries however many
strands and weeks the track has. The calendar names no participant."""

from __future__ import annotations

import datetime as dt

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from jobbspar.access import role_required
from jobbspar.http import AuthenticatedRequest
from schedule import access
from schedule.access import SCHEDULE_VIEWERS
from schedule.forms import WeekForm
from schedule.models import Strand, Weekday
from schedule.sessions import Session, monday_of, sessions_of
from schedule.strand_views import strands_of, track_for
from tracks.models import Track


def _week_of(request: AuthenticatedRequest, track: Track) -> tuple[dt.date, WeekForm]:
    """The Monday of the week asked for (`?week=` any day of it), else this week while the
    track runs, else the track's first week."""
    form = WeekForm(request.GET or None)
    if form.is_valid() and form.cleaned_data["week"]:
        return monday_of(form.cleaned_data["week"]), form
    today = timezone.localdate()
    if track.start_date <= today <= track.end_date:
        return monday_of(today), form
    return monday_of(track.start_date), form


@role_required(*SCHEDULE_VIEWERS)
def calendar_week(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    track = track_for(request, pk)
    monday, form = _week_of(request, track)
    friday = monday + dt.timedelta(days=4)
    strands = strands_of(request, track)
    by_id = {strand.pk: strand for strand in strands}
    columns: list[list[tuple[Session, Strand]]] = [[] for _ in Weekday]
    for strand in strands:
        for session in sessions_of(strand, within=(monday, friday)):
            columns[session.day.weekday()].append((session, strand))
    days = [
        {
            "day": monday + dt.timedelta(days=weekday.value),
            "label": weekday.label,
            "sessions": sorted(columns[weekday.value], key=lambda p: (p[0].starts_at, p[1].pk)),
        }
        for weekday in Weekday
    ]
    return render(
        request,
        "schedule/calendar_week.html",
        {
            "track": track,
            "form": form,
            "monday": monday,
            "friday": friday,
            "week_number": monday.isocalendar().week,
            "previous": monday - dt.timedelta(days=7),
            "next": monday + dt.timedelta(days=7),
            "days": days,
            "strands": by_id.values(),
            "may_record": access.may_record_attendance(request.user),
            "today": timezone.localdate(),
        },
    )


@role_required(*SCHEDULE_VIEWERS)
def calendar_list(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    track = track_for(request, pk)
    strands = strands_of(request, track)
    sessions: list[tuple[Session, Strand]] = sorted(
        ((session, strand) for strand in strands for session in sessions_of(strand)),
        key=lambda pair: (pair[0].day, pair[0].starts_at, pair[1].pk),
    )
    return render(
        request,
        "schedule/calendar_list.html",
        {"track": track, "sessions": sessions, "strands": strands},
    )
