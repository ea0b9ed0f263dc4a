"""The employer records a week of APL attendance for the people they selected, on a phone: one
section per APL day up to today, one small form per person. Rules (who may be recorded, which
days, the reason and hours) live in schedule/attendance.py; each entry keeps who recorded it and
when, and a correction keeps the history there. The page names participants, so it is logged."""

from __future__ import annotations

import contextlib
import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from jobbspar import audit
from jobbspar.access import role_required
from jobbspar.forms import add_validation_error
from jobbspar.http import AuthenticatedRequest
from jobbspar.models import AccessPurpose
from schedule import access
from schedule.access import APL_VIEWERS
from schedule.attendance import ATTENDING_STATES, record_attendance
from schedule.employer_views import apl_strands_of
from schedule.forms import AttendanceForm, WeekForm
from schedule.sessions import monday_of, sessions_of
from tracks.models import Track

try:
    from zeal import zeal_ignore
except ImportError:  # a test dependency (N+1 detector), absent in production
    zeal_ignore = None


def _one_write_per_entry() -> contextlib.AbstractContextManager[object]:
    """Each entry of the week is its own checked write (record_attendance reads the day's entry
    to correct it, with its history row); a week holds at most five days of the selected people."""
    return contextlib.nullcontext() if zeal_ignore is None else zeal_ignore()


def _monday(request: AuthenticatedRequest, track: Track) -> tuple[dt.date, WeekForm]:
    """The week asked for (`?week=` any day of it), else this week while the track runs, else
    the track's last week (attendance is recorded afterwards, never ahead)."""
    form = WeekForm(request.GET or None)
    if form.is_valid() and form.cleaned_data["week"]:
        return monday_of(form.cleaned_data["week"]), form
    today = timezone.localdate()
    return monday_of(min(max(today, track.start_date), track.end_date)), form


@role_required(*APL_VIEWERS)
def employer_attendance_week(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    track = get_object_or_404(access.employer_tracks_for(request.user), pk=pk)
    monday, week_form = _monday(request, track)
    friday = monday + dt.timedelta(days=4)
    today = timezone.localdate()
    strands = [strand for strand in apl_strands_of(request) if strand.track_id == track.pk]
    sessions = sorted(
        (
            (session, strand)
            for strand in strands
            for session in sessions_of(strand, within=(monday, friday))
        ),
        key=lambda pair: (pair[0].day, pair[0].starts_at, pair[1].pk),
    )
    members = list(
        access.employer_attendance_members_for(request.user)
        .filter(track=track, state__in=ATTENDING_STATES)
        .select_related("participant")
        .order_by("participant__name", "pk")
    )
    entries = {
        (entry.strand_id, entry.day, entry.track_participant_id): entry
        for entry in access.employer_attendance_for(request.user)
        .filter(strand__in=strands, day__range=(monday, friday))
        .select_related("recorded_by", "edited_by")
    }
    posted = request.POST if request.method == "POST" else None
    days: list[dict[str, Any]] = []
    for session, strand in sessions:
        rows: list[dict[str, Any]] = []
        if session.day <= today:
            for member in members:
                entry = entries.get((strand.pk, session.day, member.pk))
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
                prefix = f"s{strand.pk}-{session.day:%Y%m%d}-m{member.pk}"
                form = AttendanceForm(posted, prefix=prefix, initial=initial)
                rows.append({"member": member, "entry": entry, "form": form})
        days.append({"session": session, "strand": strand, "rows": rows})
    if posted is not None and _save_week(request, days):
        messages.success(request, _("The attendance was saved."))
        return redirect(request.get_full_path())
    audit.log_reads(
        user=request.user,
        objects=[member.participant for member in members],
        purpose=AccessPurpose.CASE_WORK,
        path=request.path,
    )
    return render(
        request,
        "schedule/employer_attendance_week.html",
        {
            "track": track,
            "week_form": week_form,
            "monday": monday,
            "friday": friday,
            "week_number": monday.isocalendar().week,
            "previous": monday - dt.timedelta(days=7),
            "next": monday + dt.timedelta(days=7),
            "days": days,
            "members": members,
            "has_errors": any(row["form"].errors for day in days for row in day["rows"]),
        },
    )


def _save_week(request: AuthenticatedRequest, days: list[dict[str, Any]]) -> bool:
    """Record every chosen attendance of the week; all or nothing."""
    rows = [(day, row) for day in days for row in day["rows"]]
    if not rows or not all(row["form"].is_valid() for _day, row in rows):
        return False
    try:
        with transaction.atomic(), _one_write_per_entry():
            for day, row in rows:
                data = row["form"].cleaned_data
                if not data["status"]:
                    continue
                try:
                    record_attendance(
                        strand=day["strand"],
                        day=day["session"].day,
                        member=row["member"],
                        status=data["status"],
                        reason=data["reason"],
                        hours_missed=data["hours_missed"] or Decimal("0"),
                        note=data["note"],
                        by=request.user,
                    )
                except ValidationError as refused:
                    add_validation_error(row["form"], refused)
            if any(row["form"].errors for _day, row in rows):
                raise ValidationError("")
    except ValidationError:
        return False
    return True
