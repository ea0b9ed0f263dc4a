"""Rows of the tracks app (and its follow-ups); two of them run last (TRACKS_LAST_ROWS)."""

from __future__ import annotations

from jobbspar.models import Role
from tests.authorization.rows import (
    COORDINATORS,
    EDITORS,
    STAFF,
    TRACK_READERS,
    Row,
    _member,
    _track,
    only,
)
from tests.dates import today

TRACKS_ROWS: dict[str, Row] = {
    # Tracks: coordinators, job coaches and the administrator read; coordinators and the
    # administrator edit; only coordinators (who may see participants) match and move people.
    "tracks:track_list": Row(get=only(TRACK_READERS)),
    "tracks:track_create": Row(get=only(EDITORS), post=dict.fromkeys(EDITORS, 200)),
    "tracks:track_detail": Row(get=only(TRACK_READERS), kwargs=_track),
    "tracks:track_edit": Row(get=only(EDITORS), kwargs=_track, post=dict.fromkeys(EDITORS, 200)),
    "tracks:track_copy": Row(get=only(EDITORS), kwargs=_track, post=dict.fromkeys(EDITORS, 200)),
    "tracks:track_status": Row(
        get=only(EDITORS, status=405), kwargs=_track, post=dict.fromkeys(EDITORS, 302)
    ),
    "tracks:funding_add": Row(get=only(EDITORS), kwargs=_track, post=dict.fromkeys(EDITORS, 200)),
    "tracks:funding_edit": Row(
        get=only(EDITORS),
        kwargs=lambda world: {"pk": world["track"].pk, "funding_pk": world["funding"].pk},
        post=dict.fromkeys(EDITORS, 200),
    ),
    "tracks:phase_create": Row(get=only(EDITORS), kwargs=_track, post=dict.fromkeys(EDITORS, 200)),
    # The world's phase has recorded progress, so deleting it is refused (the page explains).
    "tracks:phase_delete": Row(
        get=only(EDITORS),
        kwargs=lambda world: {"pk": world["track"].pk, "phase_pk": world["phase"].pk},
        post=dict.fromkeys(EDITORS, 200),
    ),
    "tracks:phase_edit": Row(
        get=only(EDITORS),
        kwargs=lambda world: {"pk": world["track"].pk, "phase_pk": world["phase"].pk},
        post=dict.fromkeys(EDITORS, 200),
    ),
    "tracks:find_candidates": Row(get=only(COORDINATORS), kwargs=_track),
    "tracks:nominate": Row(
        get=only(COORDINATORS, status=405), kwargs=_track, post=dict.fromkeys(COORDINATORS, 302)
    ),
    "tracks:member_detail": Row(get=only(STAFF), kwargs=_member),
    "tracks:progress_edit": Row(
        get=only(STAFF),
        kwargs=lambda world: {**_member(world), "phase_pk": world["phase"].pk},
        post=dict.fromkeys(STAFF, 302),
    ),
    "tracks:apl_log_add": Row(get=only(STAFF), kwargs=_member, post=dict.fromkeys(STAFF, 200)),
    # A note is changed by its author's organisation (the world's note is AF's).
    "tracks:apl_log_edit": Row(
        get=only([Role.AF_COORDINATOR]),
        kwargs=lambda w: {**_member(w), "entry_pk": w["apl_entry"].pk},
        post={Role.AF_COORDINATOR: 200},
    ),
    # Outcome follow-ups: coordinators who may see the participant; an empty answer is refused
    # with the form again (200).
    # The world's track is not completed: the page says so, and a POST is refused with it.
    "tracks:track_closing": Row(
        get=only(COORDINATORS), kwargs=_track, post=dict.fromkeys(COORDINATORS, 200)
    ),
    "follow_ups:list": Row(get=only(COORDINATORS)),
    "follow_ups:answer": Row(
        get=only(COORDINATORS),
        kwargs=lambda world: {"pk": world["follow_up"].pk},
        post=dict.fromkeys(COORDINATORS, 200),
    ),
    # The world's progress row is a completed phase, so its certificate exists.
    "tracks:certificate": Row(
        get=only(STAFF), kwargs=lambda world: {**_member(world), "phase_pk": world["phase"].pk}
    ),
    "tracks:bulk_move": Row(
        get=only(COORDINATORS), kwargs=_track, post=dict.fromkeys(COORDINATORS, 200)
    ),
    # The other bulk actions on the pool, and nominating from the participant list: coordinators
    # (who may see participants) of the track's partnership.
    "tracks:bulk_present": Row(
        get=only(COORDINATORS), kwargs=_track, post=dict.fromkeys(COORDINATORS, 200)
    ),
    "tracks:bulk_remind": Row(
        get=only(COORDINATORS), kwargs=_track, post=dict.fromkeys(COORDINATORS, 200)
    ),
    # An export changes nothing but the read log: its own body (a preview) goes to every role.
    "tracks:bulk_export": Row(
        get=only(COORDINATORS),
        kwargs=_track,
        post=dict.fromkeys(COORDINATORS, 200),
        body=lambda w: {"members": [w["member"].pk], "preview": "1"},
    ),
    "tracks:bulk_nominate": Row(get=only(COORDINATORS), post=dict.fromkeys(COORDINATORS, 200)),
    "tracks:member_move": Row(
        get=only(COORDINATORS),
        kwargs=lambda world: {"pk": world["track"].pk, "member_pk": world["member"].pk},
        post=dict.fromkeys(COORDINATORS, 200),
    ),
    # Asking by member id for a person shown by pseudonym: the track's own team of the other
    # organisation (the world's municipal coordinator and job coach); AF's coordinator is not on
    # the track's team.
    "tracks:member_access_request": Row(
        get={**only(STAFF, status=200), Role.AF_COORDINATOR: 404},
        kwargs=lambda world: {"pk": world["track"].pk, "member_pk": world["hidden_member"].pk},
        post={Role.AF_COORDINATOR: 404, Role.MUNICIPAL_COORDINATOR: 302, Role.JOB_COACH: 302},
        body=lambda world: {
            "consent_given_on": today().isoformat(),
            "consent_method": "in_writing",
            "consent_taken_by": "Sara Malmö",
            "scope": "without_notes",
        },
    ),
    "tracks:apply_decisions": Row(
        get=only(COORDINATORS, status=405), kwargs=_track, post=dict.fromkeys(COORDINATORS, 302)
    ),
}


TRACKS_LAST_ROWS: dict[str, Row] = {
    # Near the end: removes the world's funding source.
    "tracks:funding_delete": Row(
        get=only(EDITORS),
        kwargs=lambda world: {"pk": world["track"].pk, "funding_pk": world["funding"].pk},
        post=dict.fromkeys(EDITORS, 302),
    ),
    # Last: generating the plan again is refused while progress is recorded (a message says so).
    "tracks:phases_generate": Row(
        get=only(EDITORS, status=405), kwargs=_track, post=dict.fromkeys(EDITORS, 302)
    ),
}
