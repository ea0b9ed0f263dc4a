"""Rows of the schedule app: those who may open the track read its schedule and calendar, its
editors plan it, coordinators and job coaches record attendance (which names participants). The
education provider user opens none of these (403): only their own pages, on their own strands."""

from __future__ import annotations

from jobbspar.models import Role
from tests.authorization.rows import (
    EDITORS,
    STAFF,
    TRACK_READERS,
    Row,
    _track,
    everyone,
    only,
)

PROVIDERS = [Role.EDUCATION_PROVIDER]
# Who subscribes to a track's calendar: those who open its schedule, its employer's users (the APL
# days) and the provider running a strand in it (its strands).
FEED_OWNERS = [*TRACK_READERS, Role.EMPLOYER, Role.EDUCATION_PROVIDER]


def _others_404(owners: list[str]) -> dict[str, int]:
    """Another subscriber's subscription: a 404 for every feed owner but `owners`."""
    return {role: 404 for role in FEED_OWNERS if role not in owners}


def _strand(world) -> dict:
    return {"pk": world["track"].pk, "strand_pk": world["strand"].pk}


SCHEDULE_ROWS: dict[str, Row] = {
    "schedule:track_schedule": Row(get=only(TRACK_READERS), kwargs=_track),
    "schedule:calendar_week": Row(get=only(TRACK_READERS), kwargs=_track),
    "schedule:calendar_list": Row(get=only(TRACK_READERS), kwargs=_track),
    "schedule:calendar_ics": Row(get=only(TRACK_READERS), kwargs=_track),
    "schedule:attendance_month_csv": Row(get=only(STAFF), kwargs=_track, query="?month=2026-04"),
    "schedule:attendance_month_xlsx": Row(get=only(STAFF), kwargs=_track, query="?month=2026-04"),
    # The participant's own schedule names them: those who record their attendance.
    "schedule:member_schedule": Row(
        get=only(STAFF),
        kwargs=lambda w: {"pk": w["track"].pk, "member_pk": w["schedule_member"].pk},
    ),
    # Calendar subscriptions: the owner's list; revoking one's own (the world's is the AF
    # coordinator's: another owner's is a 404); making one for a track the user may subscribe
    # to (after the revocation: a new address replaces the old); and the secret address,
    # which answers whoever holds it, signed in or not.
    "schedule:feed_list": Row(get=only(FEED_OWNERS)),
    "schedule:feed_revoke": Row(
        get=only(FEED_OWNERS, others=403) | _others_404([Role.AF_COORDINATOR]),
        kwargs=lambda w: {"feed_pk": w["calendar_feed"].pk},
        post=only(FEED_OWNERS, status=302) | _others_404([Role.AF_COORDINATOR]),
    ),
    "schedule:feed_create": Row(
        get=only(FEED_OWNERS), kwargs=_track, post=only(FEED_OWNERS, status=302)
    ),
    "schedule:feed_ics": Row(get=everyone(200), kwargs=lambda w: {"token": w["calendar_token"]}),
    # The employer's APL days of their own tracks.
    "schedule:employer_apl": Row(get=only([Role.EMPLOYER])),
    "schedule:employer_calendar_ics": Row(get=only([Role.EMPLOYER]), kwargs=_track),
    # The track's first week is ahead: nothing to record, the page again.
    "schedule:employer_attendance_week": Row(
        get=only([Role.EMPLOYER]), kwargs=_track, post=only([Role.EMPLOYER])
    ),
    # An empty body re-renders the form with its message.
    "schedule:template_apply": Row(
        get=only(EDITORS),
        kwargs=lambda w: {"pk": w["template_track"].pk},
        post=dict.fromkeys(EDITORS, 200),
    ),
    "schedule:strand_create": Row(
        get=only(EDITORS), kwargs=_track, post=dict.fromkeys(EDITORS, 200)
    ),
    "schedule:strand_edit": Row(
        get=only(EDITORS), kwargs=_strand, post=dict.fromkeys(EDITORS, 200)
    ),
    "schedule:exception_add": Row(
        get=only(EDITORS), kwargs=_strand, post=dict.fromkeys(EDITORS, 200)
    ),
    "schedule:exception_delete": Row(
        get=only(EDITORS),
        kwargs=lambda w: {**_strand(w), "exception_pk": w["strand_exception"].pk},
        post=dict.fromkeys(EDITORS, 302),
    ),
    # An empty pattern is a valid one (the strand meets on no day).
    "schedule:pattern_edit": Row(
        get=only(EDITORS), kwargs=_strand, post=dict.fromkeys(EDITORS, 302)
    ),
    "schedule:strand_delete": Row(
        get=only(EDITORS),
        kwargs=lambda w: {"pk": w["track"].pk, "strand_pk": w["spare_strand"].pk},
        post=dict.fromkeys(EDITORS, 302),
    ),
    # Nothing chosen is a valid (empty) recording: saved, back to the day.
    "schedule:attendance_day": Row(
        get=only(STAFF),
        kwargs=lambda w: {"pk": w["track"].pk, "strand_pk": w["running_strand"].pk},
        post=dict.fromkeys(STAFF, 302),
    ),
    "schedule:attendance_summary": Row(
        get=only(STAFF),
        kwargs=lambda w: {"pk": w["track"].pk, "member_pk": w["schedule_member"].pk},
    ),
    # The education provider's own pages; nobody else's (not even the administrator's: they name
    # participants). Nothing chosen is a valid (empty) recording.
    "schedule:provider_home": Row(get=only(PROVIDERS)),
    "schedule:provider_week": Row(get=only(PROVIDERS)),
    "schedule:provider_attendance": Row(
        get=only(PROVIDERS),
        kwargs=lambda w: {"strand_pk": w["provider_strand"].pk},
        post=dict.fromkeys(PROVIDERS, 302),
    ),
    # The provider records progress for the members of its own strands' tracks; an empty body
    # re-renders the form with its messages.
    "schedule:provider_progress": Row(
        get=only(PROVIDERS),
        kwargs=lambda w: {"strand_pk": w["provider_strand"].pk},
        post=dict.fromkeys(PROVIDERS, 200),
    ),
    # Every provider's entries for one member: those who may see the participant in the track.
    "schedule:member_progress": Row(
        get=only(STAFF),
        kwargs=lambda w: {"pk": w["track"].pk, "member_pk": w["schedule_member"].pk},
    ),
}
