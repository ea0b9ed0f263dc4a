"""A valid POST changes state for the allowed roles and nothing for the others."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.authorization.matrix import MATRIX
from tests.authorization.rows import ROLES, Row
from tests.authorization.runner import _allowed, _client_for
from tests.authorization.valid_posts import POST_WITHOUT_A_VALID_BODY_YET, VALID_POSTS


def test_every_url_that_accepts_post_has_a_valid_body_or_is_listed_as_not_yet():
    posting = {name for name, row in MATRIX.items() if row.post is not None}
    # A matrix row with a body of its own posts it to every role (test_post_matrix).
    empty = Row.__dataclass_fields__["body"].default
    with_body = {name for name in posting if MATRIX[name].body is not empty}
    assert set(VALID_POSTS) <= posting
    assert posting - set(VALID_POSTS) - with_body == POST_WITHOUT_A_VALID_BODY_YET


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_a_valid_post_changes_state_for_allowed_roles_only(client, world, role):
    for name, valid in VALID_POSTS.items():
        row = MATRIX[name]
        url = reverse(name, kwargs=row.kwargs(world)) + row.query + valid.query(world)
        body = valid.body(world, role)
        _client_for(client, world["personas"], role)
        if pending := valid.session(world, role):
            session = client.session
            session.update(pending)
            session.save()
        before = valid.effect(world)
        response = client.post(url, body)
        after = valid.effect(world)
        context = f"POST {url} as {role}"
        if _allowed(row.post.get(role)):
            assert response.status_code in {200, 302}, context
            assert after != before, f"{context}: the valid body changed nothing"
        else:
            assert after == before, f"{context}: a refused POST changed something"
            assert response.status_code in {302, 403, 404, 405}, context
            if response.status_code == 302:
                assert response["Location"].startswith(reverse("login")), context
        client.logout()
