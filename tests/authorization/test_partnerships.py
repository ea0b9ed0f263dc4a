"""Another partnership's coordinator against the world: every URL naming the partnership's
work is a 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jobbspar.models import Role
from tests.authorization.matrix import MATRIX, PARTNERSHIP_URLS, SHARED_ACROSS_PARTNERSHIPS
from tests.authorization.rows import Row
from tests.authorization.runner import _assert_status


def _other_partnership_expects(name: str, row: Row, method: str) -> int | str | None:
    same_as_own = (row.get if method == "get" else row.post or {}).get(Role.MUNICIPAL_COORDINATOR)
    if name in SHARED_ACROSS_PARTNERSHIPS or (method == "get" and same_as_own == 405):
        return same_as_own
    # The education provider's own pages are no coordinator's: refused by role.
    if name.startswith("schedule:provider_"):
        return 403
    return 404


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_partnerships_coordinator_matrix(client, world, lund_coordinator, method):
    client.force_login(lund_coordinator)
    checked = 0
    for name, row in MATRIX.items():
        kwargs = row.kwargs(world)
        if not kwargs or not name.startswith(PARTNERSHIP_URLS):
            continue
        if method == "post" and row.post is None:
            continue
        url = reverse(name, kwargs=kwargs) + row.query
        response = getattr(client, method)(url, {})
        expected = _other_partnership_expects(name, row, method)
        _assert_status(response, expected, f"{method.upper()} {url} as Lund's coordinator")
        checked += expected == 404
    assert checked >= (30 if method == "get" else 25)
