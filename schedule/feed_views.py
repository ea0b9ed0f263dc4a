"""A track's sessions to take along: the `.ics` file of the whole track for staff, and a
participant's own schedule as a printable page (it names the person, so the read is logged).
Every track member follows every strand of the track, so a member's schedule is the track's."""

from __future__ import annotations

import datetime as dt
from itertools import groupby

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from jobbspar import audit
from jobbspar.access import role_required
from jobbspar.http import AuthenticatedRequest
from schedule import access
from schedule.access import ATTENDANCE_RECORDERS, SCHEDULE_VIEWERS
from schedule.feeds import track_ics
from schedule.models import Strand
from schedule.sessions import Session, monday_of, sessions_of
from schedule.strand_views import strands_of, track_for


def ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@role_required(*SCHEDULE_VIEWERS)
def calendar_ics(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    track = track_for(request, pk)
    content = track_ics(track, strands_of(request, track), host=request.get_host().split(":")[0])
    return ics_response(content, f"schema-spar-{track.pk}.ics")


def weeks_of(strands: list[Strand]) -> list[dict]:
    """Every session of `strands` in order, grouped by week (Monday, ISO week number)."""
    sessions: list[tuple[Session, Strand]] = sorted(
        ((session, strand) for strand in strands for session in sessions_of(strand)),
        key=lambda pair: (pair[0].day, pair[0].starts_at, pair[1].pk),
    )
    weeks = []
    for monday, rows in groupby(sessions, key=lambda pair: monday_of(pair[0].day)):
        weeks.append(
            {
                "monday": monday,
                "friday": monday + dt.timedelta(days=4),
                "number": monday.isocalendar().week,
                "sessions": list(rows),
            }
        )
    return weeks


@role_required(*ATTENDANCE_RECORDERS)
def member_schedule(request: AuthenticatedRequest, pk: int, member_pk: int) -> HttpResponse:
    track = track_for(request, pk)
    member = get_object_or_404(
        access.attendance_members_for(request.user)
        .filter(track=track)
        .select_related("participant"),
        pk=member_pk,
    )
    weeks = weeks_of(strands_of(request, track))
    audit.log_page_read(request, member.participant)
    return render(
        request,
        "schedule/member_schedule.html",
        {
            "track": track,
            "member": member,
            "weeks": weeks,
            "session_count": sum(len(week["sessions"]) for week in weeks),
        },
    )
