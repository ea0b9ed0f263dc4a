"""The idle timeout: one value in settings, given to the page, renewed by 'stay signed in'."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_timeout_is_thirty_minutes_renewed_at_most_a_minute_late(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_RENEW_SECONDS == 60
    assert settings.SESSION_IDLE_WARNING_SECONDS == 2 * 60


def _expiry(client):
    from jobbspar.models import UserSession as Session

    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_a_request_renews_the_session_once_a_minute_not_on_every_request(client, af_coordinator):
    import datetime as dt

    import time_machine
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        client.force_login(af_coordinator)
        client.get(reverse("home"))
        first = _expiry(client)
        assert first == start + dt.timedelta(minutes=30)
    with time_machine.travel(start + dt.timedelta(seconds=30), tick=False):
        with CaptureQueriesContext(connection) as queries:
            body = client.get(reverse("home")).content.decode()
        assert not any(q["sql"].startswith('UPDATE "jobbspar_usersession"') for q in queries)
        assert _expiry(client) == first
        assert 'data-session-seconds="1770"' in body  # counted from the last renewal
    with time_machine.travel(start + dt.timedelta(seconds=61), tick=False):
        body = client.get(reverse("home")).content.decode()
        assert _expiry(client) == start + dt.timedelta(seconds=61, minutes=30)
        assert 'data-session-seconds="1800"' in body
    with time_machine.travel(start + dt.timedelta(seconds=61, minutes=31), tick=False):
        response = client.get(reverse("home"))  # idle for longer than the timeout
        assert response.status_code == 302 and reverse("login") in response["Location"]


def test_anonymous_requests_create_no_session(client):
    from jobbspar.models import UserSession as Session

    client.get(reverse("login"))
    client.get(reverse("accessibility"))
    assert Session.objects.count() == 0


def test_signed_in_pages_pass_the_timeout_to_the_script(
    client, settings, af_coordinator, time_machine
):
    # A frozen clock: on a busy machine the page could be drawn a second after the session was
    # renewed, and show 599 (seen once in a full run).
    time_machine.move_to("2026-12-01 10:00:00+00:00", tick=False)
    settings.SESSION_COOKIE_AGE = 600
    client.force_login(af_coordinator)
    body = client.get(reverse("home")).content.decode()
    assert 'data-session-seconds="600"' in body
    assert 'data-session-warning-seconds="120"' in body
    assert "js/idle-timeout.js" in body
    assert 'id="idle-warning"' in body and "Fortsätt vara inloggad" in body


def test_public_pages_have_no_timeout_script(client):
    body = client.get(reverse("login")).content.decode()
    assert "data-session-seconds" not in body and "idle-timeout.js" not in body


def test_keep_alive_renews_the_session(client, af_coordinator):
    client.force_login(af_coordinator)
    response = client.post(reverse("session_keep_alive"), HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response.json() == {"expires_in": 30 * 60}
    assert int(response.cookies["sessionid"]["max-age"]) == 30 * 60
    assert "no-store" in response["Cache-Control"]


def test_keep_alive_without_script_returns_to_the_page(client, af_coordinator):
    client.force_login(af_coordinator)
    response = client.post(reverse("session_keep_alive"), {"next": "/accessibility/"})
    assert response.status_code == 302 and response["Location"] == "/accessibility/"
    offsite = client.post(reverse("session_keep_alive"), {"next": "https://evil.example/"})
    assert offsite["Location"] == reverse("home")


def test_keep_alive_is_post_only_and_needs_a_session(client, af_coordinator):
    anonymous = client.post(reverse("session_keep_alive"), HTTP_ACCEPT="application/json")
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("login"))
    client.force_login(af_coordinator)
    assert client.get(reverse("session_keep_alive")).status_code == 405


def test_keep_alive_needs_the_csrf_token(af_coordinator):
    from tests.conftest import VerifiedClient

    client = VerifiedClient(enforce_csrf_checks=True)
    client.force_login(af_coordinator)
    response = client.post(reverse("session_keep_alive"), HTTP_ACCEPT="application/json")
    assert response.status_code == 403


def test_login_page_explains_a_timed_out_sign_out(client):
    body = client.get(reverse("login") + "?timed_out=1").content.decode()
    assert "Du loggades ut eftersom du inte hade gjort något på en stund" in body


def test_keep_alive_works_on_the_two_factor_pages_too(af_coordinator):
    from django.test import Client

    from tests.jobbspar.factories import TEST_PASSWORD

    client = Client()
    client.post(reverse("login"), {"username": "af.coordinator", "password": TEST_PASSWORD})
    response = client.post(reverse("session_keep_alive"), HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert client.get(reverse("home"))["Location"].startswith(reverse("two_factor_setup"))


def test_a_page_reads_its_session_with_its_user_and_signing_out_ends_it_everywhere(
    client, af_coordinator
):
    """A page reads its session, user and authenticator in one statement
    (settings.SESSION_ENGINE, jobbspar/sessions.py; issue 18), and writes nothing to it between
    renewals; every worker reads the same row."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from jobbspar.models import UserSession as Session

    client.force_login(af_coordinator)
    key = client.session.session_key
    client.get(reverse("home"))  # the first page renews the new session (a write)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    sessions = [q["sql"] for q in queries if "jobbspar_usersession" in q["sql"]]
    assert len(sessions) == 1 and sessions[0].startswith("SELECT")
    assert '"jobbspar_user"' in sessions[0] and '"otp_totp_totpdevice"' in sessions[0]
    assert Session.objects.filter(session_key=key).exists()
    # Another "worker" (a client of its own) with the same cookie is the same person...
    other = Client()
    other.cookies[settings.SESSION_COOKIE_NAME] = key
    assert other.get(reverse("home")).status_code == 200
    # ...until they sign out: then the cookie leads to the sign-in page everywhere.
    client.post(reverse("logout"))
    response = other.get(reverse("home"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert not Session.objects.filter(session_key=key).exists()
