"""Authorization matrix: every URL, every role, the expected status.

Every named URL pattern in the project (outside the Django admin, which has its own staff
check) must have a row in MATRIX; a new URL without one fails `test_every_url_is_in_the_matrix`.

A row gives: `kwargs(world)` -> URL kwargs, built from the `world` fixture (one object of each
kind, owned by the personas' organisations), and the expected GET status per role. `ANON` is the
anonymous visitor. A value of LOGIN means "redirect to the login page". Add POST expectations with
`post={role: status}` where a URL accepts POST; unlisted roles are expected to get 403/404/405 for
POST (never 2xx/3xx success).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from jobbspar.models import Role

ANON = "anonymous"
LOGIN = "login-redirect"
ROLES = [ANON, *Role.values]
STAFF = [Role.AF_COORDINATOR, Role.MUNICIPAL_COORDINATOR, Role.JOB_COACH]
COORDINATORS = [Role.AF_COORDINATOR, Role.MUNICIPAL_COORDINATOR]


def everyone(status: int | str) -> dict[str, int | str]:
    return dict.fromkeys(ROLES, status)


def signed_in(status: int | str, **overrides: int | str) -> dict[str, int | str]:
    """ANON is redirected to login; every role gets `status` unless overridden."""
    expected: dict[str, int | str] = {ANON: LOGIN, **dict.fromkeys(Role.values, status)}
    expected.update(overrides)
    return expected


def only(roles: list[str], status: int = 200, others: int = 403) -> dict[str, int | str]:
    expected: dict[str, int | str] = {ANON: LOGIN}
    for role in Role.values:
        expected[role] = status if role in roles else others
    return expected


@dataclass
class Row:
    get: dict[str, int | str]
    kwargs: Callable[[Any], dict] = field(default=lambda world: {})
    post: dict[str, int | str] | None = None
    query: str = ""


def _shared(world) -> dict:
    return {"pk": world["shared"].pk}


MATRIX: dict[str, Row] = {
    "home": Row(get=signed_in(200)),
    "login": Row(get={ANON: 200, **dict.fromkeys(Role.values, 302)}),
    "logout": Row(get=everyone(405)),
    "password_change": Row(get=signed_in(200)),
    "password_change_done": Row(get=signed_in(200)),
    "password_reset": Row(get=everyone(200)),
    "password_reset_done": Row(get=everyone(200)),
    "password_reset_confirm": Row(
        get=everyone(200), kwargs=lambda world: {"uidb64": "MQ", "token": "bad-token"}
    ),
    "password_reset_complete": Row(get=everyone(200)),
    "accessibility": Row(get=everyone(200)),
    "healthz": Row(get=everyone(200)),
    "set_language": Row(get=everyone(302)),
    # Participants: staff of the registering organisation and of an organisation with an active
    # consent. The rows use the participant AF registered and shared with the municipality;
    # tests/participants/test_visibility.py proves the 404s for participants not shared.
    "participants:participant_list": Row(get=only(STAFF)),
    "participants:participant_export": Row(get=only(COORDINATORS)),
    "participants:participant_create": Row(
        get=only(COORDINATORS), post=dict.fromkeys(COORDINATORS, 200)
    ),
    # Without a pending registration in the session the consent step sends back to the form.
    "participants:consent_needed": Row(
        get=only(COORDINATORS, status=302), post=dict.fromkeys(COORDINATORS, 302)
    ),
    "participants:participant_detail": Row(get=only(STAFF), kwargs=_shared),
    "participants:participant_edit": Row(
        get=only(COORDINATORS), kwargs=_shared, post=dict.fromkeys(COORDINATORS, 200)
    ),
    "participants:background_edit": Row(
        get=only(STAFF), kwargs=_shared, post=dict.fromkeys(STAFF, 200)
    ),
    "participants:language_add": Row(
        get=only(STAFF), kwargs=_shared, post=dict.fromkeys(STAFF, 200)
    ),
    "participants:experience_add": Row(
        get=only(STAFF), kwargs=_shared, post=dict.fromkeys(STAFF, 200)
    ),
    "participants:language_delete": Row(
        get=only(STAFF, status=405),
        kwargs=lambda world: {"pk": world["shared"].pk, "item_pk": world["language"].pk},
        post=dict.fromkeys(STAFF, 302),
    ),
    "participants:experience_delete": Row(
        get=only(STAFF, status=405),
        kwargs=lambda world: {"pk": world["shared"].pk, "item_pk": world["experience"].pk},
        post=dict.fromkeys(STAFF, 302),
    ),
    "participants:note_create": Row(
        get=only(STAFF), kwargs=_shared, post=dict.fromkeys(STAFF, 200)
    ),
    "participants:plan_item_create": Row(
        get=only(STAFF), kwargs=_shared, post=dict.fromkeys(STAFF, 200)
    ),
    "participants:plan_item_edit": Row(
        get=only(STAFF),
        kwargs=lambda world: {"pk": world["shared"].pk, "item_pk": world["plan_item"].pk},
        post=dict.fromkeys(STAFF, 200),
    ),
    "participants:consent_create": Row(
        get=only(COORDINATORS), kwargs=_shared, post=dict.fromkeys(COORDINATORS, 200)
    ),
    "participants:consent_withdraw": Row(
        get=only(COORDINATORS),
        kwargs=lambda world: {"pk": world["shared"].pk, "consent_pk": world["consent"].pk},
        post=dict.fromkeys(COORDINATORS, 200),
    ),
    "participants:presentation_consent": Row(
        get=only(COORDINATORS), kwargs=_shared, post=dict.fromkeys(COORDINATORS, 200)
    ),
}


def _named_patterns(resolver: URLResolver | None = None, prefix: str = "") -> list[str]:
    resolver = resolver or get_resolver()
    names = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names.extend(_named_patterns(pattern, namespace))
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.append(prefix + pattern.name)
    return names


@pytest.fixture
def world(personas, af, municipality):
    """One object of each kind for URLs that take ids; apps add theirs here."""
    from participants.models import OtherLanguage
    from tests.participants.factories import (
        ConsentFactory,
        ParticipantFactory,
        PlanItemFactory,
        WorkExperienceFactory,
    )

    af_coordinator = personas[Role.AF_COORDINATOR]
    shared = ParticipantFactory(registered_by=af)
    return {
        "personas": personas,
        "af_participant": ParticipantFactory(registered_by=af),
        "municipal_participant": ParticipantFactory(registered_by=municipality),
        "shared": shared,
        "consent": ConsentFactory(
            participant=shared, shared_with=municipality, recorded_by=af_coordinator
        ),
        "plan_item": PlanItemFactory(participant=shared, created_by=af_coordinator),
        "language": OtherLanguage.objects.create(
            participant=shared, language="arabiska", level="b1"
        ),
        "experience": WorkExperienceFactory(participant=shared),
    }


def test_every_url_is_in_the_matrix():
    missing = sorted(set(_named_patterns()) - set(MATRIX))
    assert missing == [], f"URLs without an authorization row: {missing}"


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


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_get_matrix(client, world, role):
    for name, row in MATRIX.items():
        url = reverse(name, kwargs=row.kwargs(world)) + row.query
        response = _client_for(client, world["personas"], role).get(url)
        _assert_status(response, row.get[role], f"GET {url} as {role}")
        client.logout()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_post_matrix(client, world, role):
    for name, row in MATRIX.items():
        if row.post is None:
            continue
        url = reverse(name, kwargs=row.kwargs(world)) + row.query
        response = _client_for(client, world["personas"], role).post(url, {})
        expected = row.post.get(role)
        if expected is None:
            # Not allowed: refused, or (anonymous) sent to sign in; never a success.
            assert response.status_code in {302, 403, 404, 405}, f"POST {url} as {role}"
            if response.status_code == 302:
                assert response["Location"].startswith(reverse("login")), f"POST {url} as {role}"
        else:
            _assert_status(response, expected, f"POST {url} as {role}")
        client.logout()
