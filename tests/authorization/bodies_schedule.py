"""Valid bodies and effects for the schedule app."""

from __future__ import annotations

import datetime as dt

from jobbspar.models import Role
from schedule.forms import StrandForm
from schedule.models import (
    Attendance,
    CalendarFeed,
    ProgressEntry,
    Strand,
    StrandException,
    StrandWeekday,
)
from schedule.sessions import sessions_of
from tests.authorization.bodies import _as_posted, _fresh
from tests.dates import today


def _strands(w):
    return sorted(Strand.objects.filter(track=w["track"]).values_list("pk", "name", "version"))


def _strand_create(w, role):
    track = w["track"]
    return {
        "kind": "language",
        "language_course": "sfi",
        "level": "D",
        "responsible": "provider",
        "starts_on": track.start_date.isoformat(),
        "ends_on": track.end_date.isoformat(),
        "place": "Komvux",
    }


def _strand_edit(w, role):
    return _as_posted(StrandForm(instance=_fresh(w["strand"])), name=f"Utbildning ({role})")


def _pattern(w):
    return sorted(
        StrandWeekday.objects.filter(strand=w["strand"]).values_list(
            "weekday", "starts_at", "ends_at"
        )
    )


def _pattern_edit(w, role):
    return {"start_3": "08:30", "end_3": "15:00", "start_4": "08:30", "end_4": "12:00"}


def _exceptions(w):
    return sorted(StrandException.objects.filter(strand=w["strand"]).values_list("day", "kind"))


def _exception_add(w, role):
    """Cancels the strand's first session that is not already an exception."""
    strand = _fresh(w["strand"])
    day = sessions_of(strand)[0].day
    return {"day": day.isoformat(), "kind": "cancelled", "note": "Studiedag"}


def _attendance(w):
    return sorted(
        Attendance.objects.filter(track_participant=w["schedule_member"]).values_list(
            "day", "status", "hours_missed"
        )
    )


def _last_session(w) -> dt.date:
    day = today()
    return [s.day for s in sessions_of(_fresh(w["running_strand"])) if s.day <= day][-1]


# Each role records something else, so every allowed role's POST changes the entry.
_STATUS_BY_ROLE = {
    Role.AF_COORDINATOR: {"status": "present"},
    Role.MUNICIPAL_COORDINATOR: {"status": "absent_valid", "reason": "sick"},
    Role.JOB_COACH: {"status": "partly", "hours_missed": "1.5"},
}


def _attendance_day(w, role):
    prefix = f"m{w['schedule_member'].pk}"
    values = _STATUS_BY_ROLE.get(role, {"status": "present"})
    return {f"{prefix}-{field}": value for field, value in values.items()}


def _attendance_query(w) -> str:
    return f"?day={_last_session(w).isoformat()}"


def _template_strands(w):
    return sorted(Strand.objects.filter(track=w["template_track"]).values_list("pk", flat=True))


def _template_apply(w, role):
    """The short track's template; a template is applied only to a track without strands, so the
    plan an earlier role made is removed first (outside the request)."""
    Strand.objects.filter(track=w["template_track"]).delete()
    return {"template": "short-7"}


def _employer_attendance(w):
    return sorted(
        Attendance.objects.filter(track_participant=w["portal_completed"]).values_list(
            "day", "status", "recorded_by"
        )
    )


def _provider_attendance(w):
    return sorted(
        Attendance.objects.filter(strand=w["provider_strand"]).values_list(
            "track_participant_id", "day", "status"
        )
    )


def _employer_attendance_week(w, role):
    """The employer records the completed participant they selected present at the APL strand's
    latest session."""
    prefix = f"s{w['running_strand'].pk}-{_last_session(w):%Y%m%d}-m{w['portal_completed'].pk}"
    return {f"{prefix}-status": "present"}


def _employer_attendance_query(w) -> str:
    return f"?week={_last_session(w).isoformat()}"


def _provider_attendance_body(w, role):
    return {f"m{w['schedule_member'].pk}-status": "present"}


def _provider_progress_body(w, role):
    return {
        "member": str(w["schedule_member"].pk),
        "day": today().isoformat(),
        "achieved": f"Modul 2 klar ({role})",
        "note": "",
    }


def _provider_progress(w):
    return sorted(
        ProgressEntry.objects.filter(strand=w["provider_strand"]).values_list(
            "track_participant_id", "achieved"
        )
    )


def _provider_attendance_query(w) -> str:
    day = today()
    days = [s.day for s in sessions_of(_fresh(w["provider_strand"])) if s.day <= day]
    return f"?day={days[-1].isoformat()}"


def _calendar_feeds(w):
    return sorted(CalendarFeed.objects.values_list("pk", "revoked_at"))
