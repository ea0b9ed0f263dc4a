"""Rows of the steering group and budget pages: managers and coordinators of the partnership
read; its coordinators and the group's members (the world's manager is one) edit. The
administrator, job coaches and employer users get none of it."""

from __future__ import annotations

from jobbspar.models import Role
from tests.authorization.rows import COORDINATORS, Row, everyone, only

STEERING_VIEWERS = [*COORDINATORS, Role.MANAGER]
# The world's manager is a member of the steering group.
STEERING_EDITORS = STEERING_VIEWERS


def _partnership(w) -> dict:
    return {"pk": w["steering_partnership"].pk}


def _meeting(w) -> dict:
    return {"pk": w["steering_meeting"].pk}


def _budget(w) -> dict:
    return {"pk": w["budget"].pk}


def _editing(kwargs) -> Row:
    return Row(get=only(STEERING_EDITORS), kwargs=kwargs, post=dict.fromkeys(STEERING_EDITORS, 200))


STEERING_ROWS: dict[str, Row] = {
    "steering:index": Row(get=only(STEERING_VIEWERS)),
    "steering:page": Row(get=only(STEERING_VIEWERS), kwargs=_partnership),
    "steering:report": Row(
        get=only(STEERING_VIEWERS), kwargs=_partnership, query="?start=2027-01-01&end=2027-06-30"
    ),
    "steering:report_pdf": Row(
        get=only(STEERING_VIEWERS), kwargs=_partnership, query="?start=2027-01-01&end=2027-12-31"
    ),
    "steering:decisions": Row(get=only(STEERING_VIEWERS), kwargs=_partnership),
    "steering:meeting_detail": Row(get=only(STEERING_VIEWERS), kwargs=_meeting),
    "steering:budget_detail": Row(get=only(STEERING_VIEWERS), kwargs=_budget),
    "steering:meeting_create": _editing(_partnership),
    "steering:meeting_edit": _editing(_meeting),
    "steering:decision_create": _editing(_meeting),
    "steering:decision_edit": _editing(lambda w: {"pk": w["steering_decision"].pk}),
    "steering:decision_done": Row(
        get=everyone(405),
        kwargs=lambda w: {"pk": w["steering_decision"].pk},
        post=dict.fromkeys(STEERING_EDITORS, 302),
    ),
    "steering:budget_create": _editing(_partnership),
    "steering:target_edit": _editing(_partnership),
    "steering:draw_down_create": _editing(_budget),
    "steering:budget_edit": _editing(_budget),
    "steering:costs": Row(get=only(STEERING_VIEWERS), kwargs=_partnership),
    "steering:cost_create": _editing(_partnership),
    "steering:cost_delete": Row(
        get=everyone(405),
        kwargs=lambda w: {"pk": w["cost"].pk},
        post=dict.fromkeys(STEERING_EDITORS, 302),
    ),
    "steering:draw_down_delete": Row(
        get=everyone(405),
        kwargs=lambda w: {"pk": w["draw_down"].pk},
        post=dict.fromkeys(STEERING_EDITORS, 302),
    ),
    # Last: posted with the group's own members, so every role's later rows find it unchanged.
    "steering:members": Row(
        get=only(STEERING_EDITORS),
        kwargs=_partnership,
        post=dict.fromkeys(STEERING_EDITORS, 302),
        body=lambda w: {
            "members": [w["personas"][Role.MANAGER].pk, w["personas"][Role.AF_COORDINATOR].pk]
        },
    ),
}
