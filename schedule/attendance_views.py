"""Attendance: one session day of a strand, every member the user may see, recorded together;
and a member's monthly summary. Both name participants, so each read is logged. Coordinators and
job coaches record; rules live in schedule/attendance.py."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import dateformat, timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from jobbspar import audit
from jobbspar.access import role_required
from jobbspar.database import prepared
from jobbspar.database.nested import instances, nested
from jobbspar.fast_urls import reverse_fast
from jobbspar.forms import IsoDateField, add_validation_error, drawn_widget
from jobbspar.http import AuthenticatedRequest
from jobbspar.markup import format_html, joined, sentence
from jobbspar.models import AccessPurpose, User
from schedule import access
from schedule.access import ATTENDANCE_RECORDERS
from schedule.attendance import (
    ATTENDING_STATES,
    MonthSummary,
    month_bounds,
    monthly_summary,
    record_attendance,
)
from schedule.exports import month_csv, month_xlsx
from schedule.forms import AttendanceForm, MonthForm
from schedule.models import Attendance, Strand
from schedule.sessions import Session, sessions_of
from schedule.strand_views import pattern_lists, strands_of, track_for, with_pattern
from tracks.models import Track, TrackParticipant

# The columns the attendance page reads (see attendance_day).
MEMBER_FIELDS = (
    "id",
    "track_id",
    "participant_id",
    "state",
    "participant__id",
    "participant__name",
)


def _day_asked(request: AuthenticatedRequest, sessions: list[Session]) -> tuple[dt.date, str]:
    """The day in `?day=`, else the strand's latest session up to today, else its first."""
    raw = request.GET.get("day", "")
    if raw:
        field = IsoDateField()
        try:
            return field.clean(raw), ""
        except ValidationError as refused:
            return timezone.localdate(), " ".join(refused.messages)
    today = timezone.localdate()
    past = [session.day for session in sessions if session.day <= today]
    if past:
        return past[-1], ""
    return (sessions[0].day if sessions else today), ""


def _day_strand(user: User, track_id: int, pk: int) -> QuerySet[Strand]:
    """The strand of the day's page with its track (and the track's employer), its weekly
    pattern and its exceptions, in one statement (jobbspar/database/nested.py; issue 18): the
    strand under strands_for's rule, which holds only for a track the user may open
    (tracks_for, as track_for asks), and each list under its own rule (pattern_lists)."""
    return (
        access.strands_for(user)
        .filter(track=track_id, pk=pk)
        .select_related("track__employer")
        .annotate(**pattern_lists(user))
    )


# Who recorded or changed an entry: their name only.
_RECORDER = ("username", "first_name", "last_name")
_ENTRY_RELATED = (("recorded_by", _RECORDER), ("edited_by", _RECORDER))


def _day_members(
    user: User, track_id: int, strand_id: int, day: dt.date
) -> QuerySet[TrackParticipant]:
    """The members whose attendance the day's page records, each with their entry of the day (if
    any, under track_attendance_for's rule, with who recorded and changed it), in one statement.
    Only what the page and the recording read: the membership's own columns and the person's
    name (not the whole participant row per member)."""
    return (
        access.track_attendance_members_for(user, track_id)
        .filter(state__in=ATTENDING_STATES)
        .select_related("participant")
        .only(*MEMBER_FIELDS)
        .annotate(entry_rows=day_entry_rows(user, track_id, strand_id, day))
        .order_by("participant__name", "pk")
    )


def day_entry_rows(user: User, track_id: int, strand_id: int, day: dt.date) -> Subquery:
    """The membership in the outer query's entry of the day (if any) as a value of its row,
    under track_attendance_for's rule whatever query it is read in, with who recorded and
    changed it."""
    return nested(
        access.track_attendance_for(user, track_id).filter(
            track_participant=OuterRef("pk"), strand=strand_id, day=day
        ),
        parent="track_participant",
        order_by=("id",),
        related=_ENTRY_RELATED,
    )


@role_required(*ATTENDANCE_RECORDERS)
def attendance_day(request: AuthenticatedRequest, pk: int, strand_pk: int) -> HttpResponse:
    strand = prepared.get_or_404(_day_strand, request.user, pk, strand_pk)
    track = strand.track
    with_pattern(strand)
    sessions = sessions_of(strand)
    day, day_error = _day_asked(request, sessions)
    session = next((s for s in sessions if s.day == day), None)
    # Built once per kind of user (jobbspar/database/prepared.py).
    members = prepared.evaluate(_day_members, request.user, track.pk, strand.pk, day)
    bound = request.POST if request.method == "POST" and session is not None else None
    rows = []
    for member in members:
        member.track = track
        # The member's entry of the day, if any (one at most: a member, a strand, a day).
        found = instances(
            Attendance,
            member.entry_rows,
            of=member,
            related=_ENTRY_RELATED,
            strand=strand,
            track_participant=member,
        )
        entry = found[0] if found else None
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
        form = AttendanceForm(bound, prefix=f"m{member.pk}", initial=initial)
        rows.append({"member": member, "entry": entry, "form": form})
    if bound is not None and session is not None and _save_day(request, strand, day, rows):
        messages.success(request, _("The attendance was saved."))
        return redirect(request.get_full_path())
    audit.log_reads(
        user=request.user,
        objects=[member.participant for member in members],
        purpose=AccessPurpose.CASE_WORK,
        path=request.path,
    )
    for row in rows:
        row["html"] = _row_html(track, row)
    index = next((i for i, s in enumerate(sessions) if s.day == day), None)
    return render(
        request,
        "schedule/attendance_day.html",
        {
            "track": track,
            "strand": strand,
            "day": day,
            "day_error": day_error,
            "session": session,
            "rows": rows,
            "previous": sessions[index - 1].day if index else None,
            "next": sessions[index + 1].day
            if index is not None and index + 1 < len(sessions)
            else None,
            "has_errors": any(row["form"].errors for row in rows),
        },
    )


# One member's row of the day's table (attendance_day.html): written here, not node by node in
# the template, where the rows were a third of the page's Python (issue 18; jobbspar.markup).
ROW = (
    '<tr><th scope="row"><a href="{url}">{name}</a></th>{cells}<td class="small">{recorded}</td>'
    "</tr>"
)
# Each input with its label for screen readers, named after the person (the template's msgids).
CELL_LABELS = (
    ("status", gettext_noop("Attendance of %(name)s")),
    ("reason", gettext_noop("Reason for the absence of %(name)s")),
    ("hours_missed", gettext_noop("Hours missed by %(name)s")),
    ("note", gettext_noop("Note on %(name)s")),
)


def _by(user) -> str:
    """Who recorded or changed an entry; nobody named if that account has been removed."""
    if user is None:
        return ""
    return user.get_full_name() or user.username


def _row_html(track: Track, row: dict) -> SafeString:
    form, member, entry = row["form"], row["member"], row["entry"]
    name = member.participant.name
    cells = joined(
        [
            format_html(
                '<td><label class="visually-hidden" for="{}">{}</label>{}</td>',
                form[field].id_for_label,
                sentence(_(label), name=name),
                drawn_widget(form[field]),
            )
            for field, label in CELL_LABELS
        ]
    )
    recorded = SafeString("–")
    if entry:
        recorded = sentence(
            _("%(when)s by %(by)s"), when=_when(entry.recorded_at), by=_by(entry.recorded_by)
        )
        if entry.edited_at:
            changed = sentence(
                _("Changed %(when)s by %(by)s"),
                when=_when(entry.edited_at),
                by=_by(entry.edited_by),
            )
            recorded = format_html("{}<br>{}", recorded, changed)
    return format_html(
        ROW,
        url=reverse_fast("schedule:attendance_summary", [track.pk, member.pk]),
        name=name,
        cells=cells,
        recorded=recorded,
    )


def _when(moment: dt.datetime) -> str:
    return dateformat.format(timezone.localtime(moment), "Y-m-d H:i")


def _save_day(request: AuthenticatedRequest, strand, day: dt.date, rows: list[dict]) -> bool:
    """Record every member whose attendance was chosen; all or nothing."""
    if not all(row["form"].is_valid() for row in rows):
        return False
    try:
        with transaction.atomic():
            for row in rows:
                data = row["form"].cleaned_data
                if not data["status"]:
                    continue
                try:
                    record_attendance(
                        strand=strand,
                        day=day,
                        member=row["member"],
                        status=data["status"],
                        reason=data["reason"],
                        hours_missed=data["hours_missed"] or Decimal("0"),
                        note=data["note"],
                        by=request.user,
                    )
                except ValidationError as refused:
                    add_validation_error(row["form"], refused)
            if any(row["form"].errors for row in rows):
                raise ValidationError("")
    except ValidationError:
        return False
    return True


@role_required(*ATTENDANCE_RECORDERS)
def attendance_summary(request: AuthenticatedRequest, pk: int, member_pk: int) -> HttpResponse:
    track = track_for(request, pk)
    member = get_object_or_404(
        access.attendance_members_for(request.user)
        .filter(track=track)
        .select_related("participant"),
        pk=member_pk,
    )
    form = MonthForm(request.GET or None)
    if form.is_valid() and form.cleaned_data["month"]:
        month = form.cleaned_data["month"]
    else:
        today = timezone.localdate()
        month = today if track.start_date <= today <= track.end_date else track.start_date
    first, last = month_bounds(month)
    summary = monthly_summary(
        strands=strands_of(request, track),
        attendance=list(
            access.attendance_for(request.user).filter(
                track_participant=member, day__range=(first, last)
            )
        ),
        month=month,
    )
    audit.log_page_read(request, member.participant)
    return render(
        request,
        "schedule/attendance_summary.html",
        {
            "track": track,
            "member": member,
            "form": form,
            "month": first,
            "previous": (first - dt.timedelta(days=1)).replace(day=1),
            "next": last + dt.timedelta(days=1),
            "summary": summary,
        },
    )


def _month_export(
    request: AuthenticatedRequest, pk: int
) -> tuple[Track, dt.date, list[tuple[str, MonthSummary]]]:
    """The track, the month (`?month=YYYY-MM`) and the summary of every member the user may see;
    the reads are logged as an export."""
    track = track_for(request, pk)
    form = MonthForm(request.GET or None)
    if form.is_valid() and form.cleaned_data["month"]:
        month = form.cleaned_data["month"]
    else:
        month = timezone.localdate()
    first, last = month_bounds(month)
    members = list(
        access.track_attendance_members_for(request.user, track.pk)
        .filter(state__in=ATTENDING_STATES)
        .select_related("participant")
        .order_by("participant__name", "pk")
    )
    by_member: dict[int, list] = {member.pk: [] for member in members}
    for entry in access.attendance_for(request.user).filter(
        track_participant__in=[member.pk for member in members], day__range=(first, last)
    ):
        by_member[entry.track_participant_id].append(entry)
    strands = strands_of(request, track)
    rows = [
        (
            member.participant.name,
            monthly_summary(strands=strands, attendance=by_member[member.pk], month=first),
        )
        for member in members
    ]
    audit.log_reads(
        user=request.user,
        objects=[member.participant for member in members],
        purpose=AccessPurpose.EXPORT,
        path=request.path,
    )
    return track, first, rows


@role_required(*ATTENDANCE_RECORDERS)
def attendance_month_csv(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The month's summary of every member the user may see, as CSV (`?month=YYYY-MM`)."""
    track, first, rows = _month_export(request, pk)
    response = HttpResponse(
        month_csv(track_name=track.name, month=first, rows=rows),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="narvaro-spar-{track.pk}-{first:%Y-%m}.csv"'
    )
    return response


@role_required(*ATTENDANCE_RECORDERS)
def attendance_month_xlsx(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The month's summary of every member the user may see, as an Excel workbook."""
    track, first, rows = _month_export(request, pk)
    response = HttpResponse(
        month_xlsx(track_name=track.name, month=first, rows=rows),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="narvaro-spar-{track.pk}-{first:%Y-%m}.xlsx"'
    )
    return response
