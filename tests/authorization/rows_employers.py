"""Rows of the employers app. Staff read, coordinators and admin edit, employer users read
their own employer's needs, profile and agreement; another employer's object is a 404."""

from __future__ import annotations

from jobbspar.models import Role
from tests.authorization.rows import EDITORS, READERS, STAFF, Row, everyone, only

EMPLOYERS_ROWS: dict[str, Row] = {
    "employers:list": Row(get=only([*STAFF, Role.ADMIN])),
    "employers:create": Row(get=only(EDITORS), post=dict.fromkeys(EDITORS, 200)),
    "employers:detail": Row(get=only(READERS), kwargs=lambda w: {"pk": w["employer"].pk}),
    "employers:edit": Row(
        get=only(EDITORS),
        kwargs=lambda w: {"pk": w["employer"].pk},
        post=dict.fromkeys(EDITORS, 200),
    ),
    "employers:contact_create": Row(
        get=only(EDITORS),
        kwargs=lambda w: {"pk": w["employer"].pk},
        post=dict.fromkeys(EDITORS, 200),
    ),
    "employers:contact_delete": Row(
        get=everyone(405),
        kwargs=lambda w: {"pk": w["employer"].pk, "contact_pk": w["contact"].pk},
        post=dict.fromkeys(EDITORS, 302),
    ),
    "employers:need_create": Row(
        get=only(EDITORS),
        kwargs=lambda w: {"pk": w["employer"].pk},
        post=dict.fromkeys(EDITORS, 200),
    ),
    "employers:need_detail": Row(get=only(READERS), kwargs=lambda w: {"pk": w["need"].pk}),
    "employers:need_edit": Row(
        get=only(EDITORS),
        kwargs=lambda w: {"pk": w["need"].pk},
        post=dict.fromkeys(EDITORS, 200),
    ),
    "employers:need_repeat": Row(
        get=only(EDITORS),
        kwargs=lambda w: {"pk": w["need"].pk},
        post=dict.fromkeys(EDITORS, 200),
    ),
    "employers:profile": Row(get=only(READERS), kwargs=lambda w: {"pk": w["need"].pk}),
    "employers:criterion_create": Row(
        get=only(EDITORS),
        kwargs=lambda w: {"pk": w["need"].pk},
        post=dict.fromkeys(EDITORS, 200),
    ),
    "employers:criterion_delete": Row(
        get=everyone(405),
        kwargs=lambda w: {"pk": w["need"].pk, "criterion_pk": w["criterion"].pk},
        post=dict.fromkeys(EDITORS, 302),
    ),
    "employers:profile_notes": Row(
        get=only(EDITORS),
        kwargs=lambda w: {"pk": w["need"].pk},
        post=dict.fromkeys(EDITORS, 302),
    ),
    "employers:agreement_create": Row(
        get=only(EDITORS),
        kwargs=lambda w: {"pk": w["need"].pk},
        post=dict.fromkeys(EDITORS, 200),
    ),
    "employers:meeting_create": Row(
        get=only(EDITORS),
        kwargs=lambda w: {"pk": w["employer"].pk},
        post=dict.fromkeys(EDITORS, 200),
    ),
    "employers:meeting_detail": Row(
        get=only([*STAFF, Role.ADMIN]), kwargs=lambda w: {"pk": w["meeting"].pk}
    ),
    "employers:meeting_edit": Row(
        get=only(EDITORS),
        kwargs=lambda w: {"pk": w["meeting"].pk},
        post=dict.fromkeys(EDITORS, 200),
    ),
    "employers:meeting_ics": Row(
        get=only([*STAFF, Role.ADMIN]), kwargs=lambda w: {"pk": w["meeting"].pk}
    ),
    "employers:action_item_create": Row(
        get=only(EDITORS),
        kwargs=lambda w: {"pk": w["meeting"].pk},
        post=dict.fromkeys(EDITORS, 200),
    ),
    "employers:action_item_toggle": Row(
        get=everyone(405),
        kwargs=lambda w: {"pk": w["action_item"].pk},
        post=dict.fromkeys(EDITORS, 302),
    ),
    "employers:agreement_detail": Row(
        get=only(READERS), kwargs=lambda w: {"pk": w["agreement"].pk}
    ),
    "employers:agreement_edit": Row(
        get=only(EDITORS),
        kwargs=lambda w: {"pk": w["agreement"].pk},
        post=dict.fromkeys(EDITORS, 200),
    ),
    "employers:agreement_confirm": Row(
        get=everyone(405),
        kwargs=lambda w: {"pk": w["agreement"].pk},
        post=dict.fromkeys(EDITORS, 400),
    ),
    "employers:agreement_send": Row(
        get=everyone(405),
        kwargs=lambda w: {"pk": w["agreement"].pk},
        post=dict.fromkeys(EDITORS, 302),
    ),
    "employers:agreement_print": Row(get=only(READERS), kwargs=lambda w: {"pk": w["agreement"].pk}),
    "employers:agreement_pdf": Row(get=only(READERS), kwargs=lambda w: {"pk": w["agreement"].pk}),
    "employers:provider_list": Row(get=only([*STAFF, Role.ADMIN])),
    "employers:provider_create": Row(get=only(EDITORS), post=dict.fromkeys(EDITORS, 200)),
    "employers:provider_detail": Row(
        get=only([*STAFF, Role.ADMIN]), kwargs=lambda w: {"pk": w["provider"].pk}
    ),
    "employers:provider_edit": Row(
        get=only(EDITORS),
        kwargs=lambda w: {"pk": w["provider"].pk},
        post=dict.fromkeys(EDITORS, 200),
    ),
    "employers:provider_contact_create": Row(
        get=only(EDITORS),
        kwargs=lambda w: {"pk": w["provider"].pk},
        post=dict.fromkeys(EDITORS, 200),
    ),
}
