"""Rows of the APL log written at the workplace (tracks.apl_log): the employer user assigns the
mentor and writes in the portal; coordinators assign the mentor; coordinators and job coaches
comment. The world's participant in APL is `apl_member` (tests/authorization/world_apl.py)."""

from __future__ import annotations

from jobbspar.models import Role
from tests.authorization.rows import COORDINATORS, STAFF, Row, only


def _apl_member(w) -> dict:
    return {"pk": w["track"].pk, "member_pk": w["apl_member"].pk}


def _apl_entry(w) -> dict:
    return {**_apl_member(w), "entry_pk": w["apl_portal_entry"].pk}


APL_ROWS: dict[str, Row] = {
    # An empty choice is "the track's mentor": a valid answer (302).
    "portal:mentor": Row(get=only([Role.EMPLOYER]), kwargs=_apl_member, post={Role.EMPLOYER: 302}),
    "portal:apl_entry_add": Row(
        get=only([Role.EMPLOYER]), kwargs=_apl_member, post={Role.EMPLOYER: 200}
    ),
    # The employer user's organisation wrote the entry; a correction without a note is refused.
    "portal:apl_entry_correct": Row(
        get=only([Role.EMPLOYER]), kwargs=_apl_entry, post={Role.EMPLOYER: 200}
    ),
    "tracks:member_mentor": Row(
        get=only(COORDINATORS), kwargs=_apl_member, post=dict.fromkeys(COORDINATORS, 302)
    ),
    # The form is on the participant's page (a GET goes there); an empty comment is refused
    # with a message there (302).
    "tracks:apl_log_comment": Row(
        get=only(STAFF, status=302), kwargs=_apl_entry, post=dict.fromkeys(STAFF, 302)
    ),
}
