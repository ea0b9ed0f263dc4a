"""API keys: shown once, stored as a hash, refused when wrong, expired, revoked or rotated, and
a client acts as its service user, which can never sign in to the web."""

import datetime as dt
import hashlib

import pytest
from django.urls import reverse

from api import keys
from api.models import ApiClient
from tests.api.factories import auth, make_client
from tests.dates import today

pytestmark = pytest.mark.django_db

URL = "/api/v1/tracks/"


def test_the_key_is_stored_only_as_a_hash(af):
    _client, key = make_client(af)
    secret = key[len("jsp_") + 9 :]  # after "jsp_<8 hex digits>_"
    stored = ApiClient.objects.get()
    assert key not in str(stored.__dict__)
    assert secret not in str(stored.__dict__)
    assert stored.key_hash == hashlib.sha256(secret.encode()).hexdigest()


def test_a_valid_key_is_let_in_and_marks_the_client_used(client, af):
    _api_client, key = make_client(af)
    response = client.get(URL, headers=auth(key))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert ApiClient.objects.get().last_used_at is not None


@pytest.mark.parametrize(
    "header",
    [
        None,
        "Bearer",
        "Bearer jsp_deadbeef_wrong",
        "Bearer jsp_short_x",
        "Bearer not-a-key",
        "Bearer a b",
        "Token jsp_deadbeef_x",
    ],
)
def test_no_key_or_a_wrong_key_is_a_401_problem(client, af, header):
    make_client(af)
    headers = {"Authorization": header} if header else {}
    response = client.get(URL, headers=headers)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 401 and body["title"] and body["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_another_clients_prefix_with_a_wrong_secret_is_refused(client, af):
    _, key = make_client(af)
    forged = key[: key.rindex("_") + 1] + "x" * 43
    assert client.get(URL, headers=auth(forged)).status_code == 401


def test_an_expired_key_is_refused_in_swedish_and_in_english(client, af):
    _, key = make_client(af, expires_on=today() - dt.timedelta(days=1))
    response = client.get(URL, headers=auth(key))
    assert response.status_code == 401
    assert "har gått ut" in response.json()["detail"]
    english = client.get(URL, headers={**auth(key), "Accept-Language": "en"})
    assert "has expired" in english.json()["detail"]


def test_a_revoked_key_is_refused(client, af):
    api_client, key = make_client(af)
    keys.revoke(api_client)
    response = client.get(URL, headers=auth(key))
    assert response.status_code == 401
    assert "återkallad" in response.json()["detail"]


def test_rotating_stops_the_old_key_at_once(client, af):
    api_client, old = make_client(af)
    new = keys.rotate_key(api_client)
    assert client.get(URL, headers=auth(old)).status_code == 401
    assert client.get(URL, headers=auth(new)).status_code == 200


def test_the_service_user_cannot_sign_in_to_the_web(client, af):
    api_client, key = make_client(af)
    user = api_client.user
    user.refresh_from_db()
    assert not user.is_active and not user.has_usable_password()
    assert (user.role, user.organisation) == (api_client.role, af)
    response = client.post(reverse("login"), {"username": user.username, "password": key})
    assert not response.wsgi_request.user.is_authenticated


def test_a_session_does_not_open_the_api(client, af_coordinator):
    client.force_login(af_coordinator)
    assert client.get(URL).status_code == 401


def test_the_rate_limit_per_client_answers_429_with_retry_after(client, af, settings):
    settings.API_RATE = "3/min"
    _, key = make_client(af)
    _, other = make_client(af, name="Annat system")
    statuses = [client.get(URL, headers=auth(key)).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = client.get(URL, headers=auth(key))
    assert limited["Content-Type"] == "application/problem+json"
    assert int(limited["Retry-After"]) > 0
    # Counted per client: another client is not held back.
    assert client.get(URL, headers=auth(other)).status_code == 200
