"""The education provider's pages: their strands, the week's sessions, and recording attendance
for one session on a phone. Everything comes from the provider functions of schedule/access.py
(their own strands, and of each member only the name); rules live in schedule/attendance.py."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.db.models import Count, Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from jobbspar import audit
from jobbspar.access import role_required
from jobbspar.http import AuthenticatedRequest
from jobbspar.models import AccessPurpose
from participants.models import Participant
from schedule import access
from schedule.access import PROVIDER_USERS
from schedule.attendance_views import _day_asked, _save_day
from schedule.forms import AttendanceForm, WeekForm
from schedule.models import Strand, Weekday
from schedule.sessions import Session, monday_of, sessions_of


def _strands(request: AuthenticatedRequest) -> list[Strand]:
    """The provider's strands with their track, weekly pattern and exceptions (three queries)."""
    user = request.user
    return list(
        access.provider_strands_for(user)
        .select_related("track")
        .prefetch_related(
            Prefetch("weekdays", queryset=access.provider_weekdays_for(user)),
            Prefetch("exceptions", queryset=access.provider_exceptions_for(user)),
        )
        .order_by("track__start_date", "track_id", "starts_on", "pk")
    )


@role_required(*PROVIDER_USERS)
def provider_home(request: AuthenticatedRequest) -> HttpResponse:
    """The provider's strands, by track, with how many members attend each track."""
    strands = _strands(request)
    members = dict(
        access.provider_members_for(request.user)
        .order_by()
        .values("track_id")
        .annotate(n=Count("pk"))
        .values_list("track_id", "n")
    )
    today = timezone.localdate()
    rows = [
        {
            "strand": strand,
            "members": members.get(strand.track_id, 0),
            "running": strand.starts_on <= today <= strand.ends_on,
        }
        for strand in strands
    ]
    return render(request, "schedule/provider_home.html", {"rows": rows, "today": today})


@role_required(*PROVIDER_USERS)
def provider_week(request: AuthenticatedRequest) -> HttpResponse:
    """Monday to Friday of a week (`?week=` any day of it; this week by default): every session
    of the provider's strands, with a link to record its attendance once the day has come."""
    form = WeekForm(request.GET or None)
    if form.is_valid() and form.cleaned_data["week"]:
        monday = monday_of(form.cleaned_data["week"])
    else:
        monday = monday_of(timezone.localdate())
    friday = monday + dt.timedelta(days=4)
    columns: list[list[tuple[Session, Strand]]] = [[] for _ in Weekday]
    for strand in _strands(request):
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
        "schedule/provider_week.html",
        {
            "form": form,
            "monday": monday,
            "friday": friday,
            "week_number": monday.isocalendar().week,
            "previous": monday - dt.timedelta(days=7),
            "next": monday + dt.timedelta(days=7),
            "days": days,
            "today": timezone.localdate(),
        },
    )


@role_required(*PROVIDER_USERS)
def provider_attendance(request: AuthenticatedRequest, strand_pk: int) -> HttpResponse:
    """One session of one of the provider's strands: each member by name, their attendance
    recorded or corrected together (who and when is kept; corrections keep the history)."""
    user = request.user
    strand = get_object_or_404(
        access.provider_strands_for(user)
        .select_related("track")
        .prefetch_related(
            Prefetch("weekdays", queryset=access.provider_weekdays_for(user)),
            Prefetch("exceptions", queryset=access.provider_exceptions_for(user)),
        ),
        pk=strand_pk,
    )
    sessions = sessions_of(strand)
    day, day_error = _day_asked(request, sessions)
    session = next((s for s in sessions if s.day == day), None)
    roster = list(
        access.provider_roster_for(user)
        .filter(track_id=strand.track_id)
        .order_by("participant__name", "pk")
    )
    members = access.provider_members_for(user).in_bulk([person["pk"] for person in roster])
    entries = {
        entry.track_participant_id: entry
        for entry in access.provider_attendance_for(user)
        .filter(strand=strand, day=day)
        .select_related("recorded_by", "edited_by")
    }
    bound = request.POST if request.method == "POST" and session is not None else None
    rows = []
    for person in roster:
        entry = entries.get(person["pk"])
        initial = (
            {
                "status": entry.status,
                "reason": entry.reason,
                "hours_missed": entry.hours_missed or None,
                "note": entry.note,
            }
            if entry
            else {}
        )
        rows.append(
            {
                "member": members[person["pk"]],
                "name": person["participant__name"],
                "entry": entry,
                "form": AttendanceForm(bound, prefix=f"m{person['pk']}", initial=initial),
            }
        )
    if bound is not None and session is not None and _save_day(request, strand, day, rows):
        messages.success(request, _("The attendance was saved."))
        return redirect(request.get_full_path())
    # The names are shown: a case-work read of each person (by id; nothing else is loaded).
    audit.log_reads(
        user=user,
        objects=[Participant(pk=person["participant_id"]) for person in roster],
        purpose=AccessPurpose.CASE_WORK,
        path=request.path,
    )
    index = next((i for i, s in enumerate(sessions) if s.day == day), None)
    return render(
        request,
        "schedule/provider_attendance.html",
        {
            "strand": strand,
            "track": strand.track,
            "day": day,
            "day_error": day_error,
            "session": session,
            "rows": rows,
            "previous": sessions[index - 1].day if index else None,
            "next": sessions[index + 1].day
            if index is not None and index + 1 < len(sessions)
            else None,
            "has_errors": any(row["form"].errors for row in rows),
            "future": day > timezone.localdate(),
        },
    )
