"""Requesting a URL as a role and checking the answer."""

from __future__ import annotations

from django.urls import reverse

from tests.authorization.rows import ANON, LOGIN


def _client_for(client, personas, role):
    if role != ANON:
        client.force_login(personas[role])
    return client


def _assert_status(response, expected, context):
    if expected == LOGIN:
        assert response.status_code == 302, context
        assert response["Location"].startswith(reverse("login")), context
    else:
        assert response.status_code == expected, context


def _allowed(expected) -> bool:
    # 400: the role may post, but the matrix's empty body is a bad request (agreement_confirm).
    return isinstance(expected, int) and expected <= 400
