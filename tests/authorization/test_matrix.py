"""Every URL in the matrix; GET and POST (an empty body) as every role."""

from __future__ import annotations

from contextlib import nullcontext

import pytest
from django.urls import reverse

from tests.authorization.matrix import MATRIX, _named_patterns
from tests.authorization.rows import ANON, ROLES
from tests.authorization.runner import _assert_status, _client_for
from tests.authorization.statements_watch import StatementWatch


def test_every_url_is_in_the_matrix():
    missing = sorted(set(_named_patterns()) - set(MATRIX))
    assert missing == [], f"URLs without an authorization row: {missing}"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_get_matrix(client, world, role, monkeypatch):
    # As every signed-in role, the same walk checks that each page's statements are taken from
    # the cache of compiled statements (statements_watch.py).
    watch = StatementWatch(monkeypatch) if role != ANON else None
    for name, row in MATRIX.items():
        url = reverse(name, kwargs=row.kwargs(world)) + row.query
        with watch.page(url) if watch else nullcontext():
            response = _client_for(client, world["personas"], role).get(url)
            client.logout()
        _assert_status(response, row.get[role], f"GET {url} as {role}")
        if watch:
            watch.answered += response.status_code == 200
    if watch:
        watch.check()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_post_matrix(client, world, role):
    for name, row in MATRIX.items():
        if row.post is None:
            continue
        url = reverse(name, kwargs=row.kwargs(world)) + row.query
        response = _client_for(client, world["personas"], role).post(url, row.body(world))
        expected = row.post.get(role)
        if expected is None:
            # Not allowed: refused, or (anonymous) sent to sign in; never a success.
            assert response.status_code in {302, 403, 404, 405}, f"POST {url} as {role}"
            if response.status_code == 302:
                assert response["Location"].startswith(reverse("login")), f"POST {url} as {role}"
        else:
            _assert_status(response, expected, f"POST {url} as {role}")
        client.logout()
