"""Rows of the import pages: coordinators import; an uploaded file is its owner's (the AF
coordinator's in the world) and a 404 for everyone else, the colleague in the other authority
included. Nobody else gets any of it."""

from __future__ import annotations

from jobbspar.models import Role
from tests.authorization.rows import COORDINATORS, Row, everyone, only


def _batch(w) -> dict:
    return {"pk": w["import_batch"].pk}


def _owner_only(status: int) -> dict[str, int | str]:
    expected = only(COORDINATORS)
    expected[Role.AF_COORDINATOR] = status
    expected[Role.MUNICIPAL_COORDINATOR] = 404
    return expected


IMPORTS_ROWS: dict[str, Row] = {
    "imports:start": Row(get=only(COORDINATORS), post=dict.fromkeys(COORDINATORS, 200)),
    "imports:template": Row(
        get=only(COORDINATORS), kwargs=lambda w: {"kind": "participants", "extension": "xlsx"}
    ),
    "imports:mapping": Row(get=_owner_only(200), kwargs=_batch, post={Role.AF_COORDINATOR: 200}),
    "imports:preview": Row(get=_owner_only(200), kwargs=_batch),
    # Last: a valid body commits (and so removes) the world's batch.
    "imports:cancel": Row(
        get=everyone(405),
        kwargs=lambda w: {"pk": w["import_batch_to_cancel"].pk},
        post={Role.AF_COORDINATOR: 302, Role.MUNICIPAL_COORDINATOR: 404},
    ),
    "imports:commit": Row(
        get=everyone(405),
        kwargs=_batch,
        post={Role.AF_COORDINATOR: 302, Role.MUNICIPAL_COORDINATOR: 404},
    ),
}
