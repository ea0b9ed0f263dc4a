"""Lockout after repeated failed sign-ins, per username and IP, with a cool-off (django-axes)."""

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client, RequestFactory
from django.urls import reverse

from jobbspar.client_ip import client_ip
from tests.jobbspar.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

LOCKED = "för många misslyckade inloggningsförsök"


def _without_tokens(response) -> str:
    # The CSRF token and the CSP nonce differ on every response; nothing else may.
    body = re.sub(r'value="[A-Za-z0-9]{64}"', "", response.content.decode())
    return re.sub(r'nonce="[^"]+"', "", body)


WRONG = "wrong-password"


def attempt(client, username, password=WRONG, ip="198.51.100.7"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def fail_until_locked(client, username, settings, ip="198.51.100.7"):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, username, ip=ip)


def test_lockout_after_the_failure_limit_even_with_the_right_password(
    client, settings, af_coordinator
):
    for number in range(settings.AXES_FAILURE_LIMIT - 1):
        response = attempt(client, "af.coordinator")
        assert response.status_code == 200, number
    response = attempt(client, "af.coordinator")
    assert response.status_code == 429
    response = attempt(client, "af.coordinator", password=TEST_PASSWORD)
    assert response.status_code == 429
    body = response.content.decode()
    assert LOCKED in body and "15 minuter" in body
    assert "_auth_user_id" not in client.session


def test_lockout_page_is_the_same_for_a_username_that_does_not_exist(
    client, settings, af_coordinator
):
    fail_until_locked(client, "af.coordinator", settings)
    known = attempt(client, "af.coordinator")
    fail_until_locked(client, "no.such.user", settings)
    unknown = attempt(client, "no.such.user")
    assert known.status_code == unknown.status_code == 429
    assert _without_tokens(known) == _without_tokens(unknown)
    assert "af.coordinator" not in known.content.decode()


def test_lockout_is_per_username_and_ip(client, settings, af_coordinator, job_coach):
    fail_until_locked(client, "af.coordinator", settings)
    # The same person from another address, and another user from the same address, get in.
    other_ip = Client().post(
        reverse("login"),
        {"username": "af.coordinator", "password": TEST_PASSWORD},
        REMOTE_ADDR="203.0.113.50",
    )
    assert other_ip.status_code == 302
    other_user = attempt(Client(), "coach", password=TEST_PASSWORD)
    assert other_user.status_code == 302


def test_cool_off_ends_the_lockout(client, settings, af_coordinator):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False):
        fail_until_locked(client, "af.coordinator", settings)
        assert attempt(client, "af.coordinator", password=TEST_PASSWORD).status_code == 429
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 14, tzinfo=dt.UTC), tick=False):
        assert attempt(client, "af.coordinator", password=TEST_PASSWORD).status_code == 429
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 31, tzinfo=dt.UTC), tick=False):
        response = attempt(client, "af.coordinator", password=TEST_PASSWORD)
        assert response.status_code == 302


def test_a_successful_sign_in_resets_the_count(client, settings, af_coordinator):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "af.coordinator")
    assert attempt(client, "af.coordinator", password=TEST_PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "af.coordinator").status_code == 200


def test_behind_a_proxy_the_lockout_follows_the_real_client(client, settings, af_coordinator):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("login"),
            {"username": "af.coordinator", "password": "wrong"},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR="198.51.100.7",
        )
    # Another client behind the same proxy is not locked out ...
    other = Client().post(
        reverse("login"),
        {"username": "af.coordinator", "password": TEST_PASSWORD},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR="203.0.113.50",
    )
    assert other.status_code == 302
    # ... and the locked-out client cannot escape by forging an address in front of its own.
    forged = Client().post(
        reverse("login"),
        {"username": "af.coordinator", "password": TEST_PASSWORD},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR="192.0.2.1, 198.51.100.7",
    )
    assert forged.status_code == 429


@pytest.mark.parametrize(
    ("count", "forwarded", "remote", "expected"),
    [
        (0, "", "198.51.100.7", "198.51.100.7"),
        (0, "203.0.113.9", "198.51.100.7", "198.51.100.7"),  # no proxy: header is ignored
        (1, "203.0.113.9", "10.0.0.2", "203.0.113.9"),
        (1, "192.0.2.1, 203.0.113.9", "10.0.0.2", "203.0.113.9"),  # forged entry ignored
        (2, "192.0.2.1, 203.0.113.9, 10.0.0.3", "10.0.0.2", "203.0.113.9"),
        (2, "203.0.113.9", "10.0.0.2", "10.0.0.2"),  # fewer hops than proxies
        (1, "not-an-address", "10.0.0.2", "10.0.0.2"),
        (1, "2001:db8::1", "10.0.0.2", "2001:db8::1"),
        (1, "", "10.0.0.2", "10.0.0.2"),
    ],
)
def test_client_ip_from_the_configured_proxy_count(settings, count, forwarded, remote, expected):
    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_proxy_count_comes_from_the_environment():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    assert 'env.int("TRUSTED_PROXY_COUNT"' in (root / "jobbspar" / "settings.py").read_text()
    assert "TRUSTED_PROXY_COUNT=" in (root / ".env.example").read_text()
