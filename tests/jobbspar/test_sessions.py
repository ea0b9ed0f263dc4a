"""The session engine (jobbspar/sessions.py, issue 18): a signed-in page reads its session, user,
organisation and authenticator in one statement, with every sign-in check as before; a row's
user and device columns are used only when they name the session's own user and device."""

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.db import connection
from django.db.models import Exists, OuterRef
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from jobbspar import backends
from jobbspar.models import User, UserSession
from jobbspar.sessions import SessionStore
from jobbspar.tasks import clear_expired_sessions

pytestmark = pytest.mark.django_db


def _row(client) -> UserSession:
    return UserSession.objects.get(session_key=client.session.session_key)


def _page_queries(client, url):
    client.get(url)  # the first page renews a new session (a write)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response, [q["sql"] for q in captured.captured_queries]


def test_the_row_names_the_sessions_user_and_verified_device(client, af_coordinator):
    client.force_login(af_coordinator)
    device = TOTPDevice.objects.get(user=af_coordinator, confirmed=True)
    row = _row(client)
    assert (row.user_id, row.device_pk) == (af_coordinator.pk, device.pk)
    assert row.get_decoded()[SESSION_KEY] == str(af_coordinator.pk)


def test_a_session_without_a_user_names_none():
    store = SessionStore()
    store["anything"] = 1
    store.save()
    row = UserSession.objects.get(session_key=store.session_key)
    assert (row.user_id, row.device_pk) == (None, None)


def test_a_signed_in_page_reads_session_user_and_device_in_one_statement_and_no_redis(
    client, af_coordinator, monkeypatch
):
    import redis

    def no_redis(*args, **kwargs):
        raise AssertionError("a page asked Redis")

    client.force_login(af_coordinator)
    monkeypatch.setattr(redis.Redis, "execute_command", no_redis)
    response, queries = _page_queries(client, reverse("home"))
    assert response.status_code == 200
    assert response.wsgi_request.user == af_coordinator
    assert response.wsgi_request.user.is_verified()
    touching = [sql for sql in queries if '"jobbspar_usersession"' in sql]
    assert len(touching) == 1
    assert '"jobbspar_user"' in touching[0] and '"otp_totp_totpdevice"' in touching[0]
    assert [sql for sql in queries if '"otp_totp_totpdevice"' in sql] == touching


def test_an_employer_without_an_authenticator_is_read_with_the_session(client, employer_user):
    client.force_login(employer_user)
    response, queries = _page_queries(client, reverse("portal:home"))
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_verified()
    assert response.wsgi_request.user.has_confirmed_device is False
    assert len([sql for sql in queries if '"jobbspar_user"' in sql]) == 1


def test_columns_naming_another_user_never_sign_in_as_them(
    client, af_coordinator, municipal_coordinator
):
    """A row whose columns disagree with its (signed) data: the data's user, read as before."""
    client.force_login(af_coordinator)
    key = client.session.session_key
    foreign = TOTPDevice.objects.create(user=municipal_coordinator, name="App", confirmed=True)
    UserSession.objects.filter(session_key=key).update(
        user_id=municipal_coordinator.pk, device_pk=foreign.pk
    )
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert response.wsgi_request.user == af_coordinator
    assert response.wsgi_request.user.otp_device.user_id == af_coordinator.pk


def test_a_device_column_naming_another_device_is_not_used(
    client, af_coordinator, municipal_coordinator
):
    client.force_login(af_coordinator)
    key = client.session.session_key
    foreign = TOTPDevice.objects.create(user=municipal_coordinator, name="App", confirmed=True)
    UserSession.objects.filter(session_key=key).update(device_pk=foreign.pk)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert response.wsgi_request.user.otp_device.user_id == af_coordinator.pk


@pytest.mark.parametrize("change", ["deactivated", "device removed", "device unconfirmed"])
def test_a_change_to_the_account_counts_at_the_next_request(client, af_coordinator, change):
    client.force_login(af_coordinator)
    assert client.get(reverse("home")).status_code == 200
    if change == "deactivated":
        User.objects.filter(pk=af_coordinator.pk).update(is_active=False)
    elif change == "device removed":
        TOTPDevice.objects.filter(user=af_coordinator).delete()
    else:
        TOTPDevice.objects.filter(user=af_coordinator).update(confirmed=False)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert not response.wsgi_request.user.is_verified()
    if change == "deactivated":
        assert not response.wsgi_request.user.is_authenticated


def test_removing_an_account_ends_its_sessions(client, employer_user):
    client.force_login(employer_user)
    key = client.session.session_key
    employer_user.delete()
    assert not UserSession.objects.filter(session_key=key).exists()
    response = client.get(reverse("portal:home"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_a_row_naming_an_account_that_is_gone_reads_as_signed_out(client, employer_user):
    """No database constraint ties the column to the account (a save racing the removal must not
    fail): a row left naming no account is no sign-in."""
    client.force_login(employer_user)
    store = SessionStore(client.session.session_key)
    store[SESSION_KEY] = str(employer_user.pk + 10_000)
    store.save()
    response = client.get(reverse("portal:home"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert not response.wsgi_request.user.is_authenticated


def test_an_expired_session_is_no_sign_in(client, af_coordinator):
    client.force_login(af_coordinator)
    key = client.session.session_key
    UserSession.objects.filter(session_key=key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    response = client.get(reverse("home"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


@pytest.mark.parametrize(
    "cookie",
    [
        "short",
        "x" * 41,
        "a" * 31 + "\x00",
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345",
        "é" * 32,
        "a b c d e f g h",
    ],
)
def test_a_malformed_session_cookie_is_no_session_and_no_query(cookie):
    browser = Client()
    browser.cookies[settings.SESSION_COOKIE_NAME] = cookie
    with CaptureQueriesContext(connection) as captured:
        response = browser.get(reverse("home"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert not [q for q in captured.captured_queries if "usersession" in q["sql"]]


def test_the_user_read_with_the_session_is_handed_over_once(client, af_coordinator):
    client.force_login(af_coordinator)
    store = SessionStore(client.session.session_key)
    assert store[SESSION_KEY] == str(af_coordinator.pk)
    first = store.take_session_user()
    assert first is not None and first.user == af_coordinator
    assert store.take_session_user() is None


@pytest.mark.parametrize("column", ["user", "device"])
def test_columns_that_disagree_with_the_data_hand_over_nothing(
    client, af_coordinator, municipal_coordinator, column
):
    client.force_login(af_coordinator)
    key = client.session.session_key
    if column == "user":
        UserSession.objects.filter(session_key=key).update(user_id=municipal_coordinator.pk)
    else:
        second = TOTPDevice.objects.create(user=af_coordinator, name="Second", confirmed=True)
        UserSession.objects.filter(session_key=key).update(device_pk=second.pk)
    store = SessionStore(key)
    assert store[SESSION_KEY] == str(af_coordinator.pk)
    assert store.take_session_user() is None


def _row_values(instance):
    return {field.attname: getattr(instance, field.attname) for field in instance._meta.fields}


@pytest.mark.parametrize("role", ["af_coordinator", "employer_user", "admin_user"])
@pytest.mark.parametrize(
    "device", ["verified", "confirmed elsewhere", "unconfirmed", "another user's", "none"]
)
def test_the_session_statement_reads_what_the_orm_reads(request, role, device):
    """backends.session_row: the user, organisation (an administrator has none) and device the
    ORM would read, every field, and whether the user has a confirmed authenticator."""
    signed_in = request.getfixturevalue(role)
    TOTPDevice.objects.filter(user=signed_in).delete()
    store = SessionStore()
    store[SESSION_KEY] = str(signed_in.pk)
    named = None
    if device != "none":
        named = TOTPDevice.objects.create(
            user=signed_in, name="Phone", confirmed=device != "unconfirmed"
        )
        store[DEVICE_ID_SESSION_KEY] = named.persistent_id
    if device == "confirmed elsewhere":
        TOTPDevice.objects.filter(pk=named.pk).update(confirmed=False)
        TOTPDevice.objects.create(user=signed_in, name="Other", confirmed=True)
    if device == "another user's":
        someone = User.objects.create(
            username="someone.else", role=signed_in.role, organisation=signed_in.organisation
        )
        TOTPDevice.objects.filter(pk=named.pk).update(user=someone)
    store.save()
    with CaptureQueriesContext(connection) as captured:
        data, loaded = backends.session_row(store.session_key, timezone.now())
        user = loaded.user
        organisation = user.organisation
    assert len(captured.captured_queries) == 1
    assert data == UserSession.objects.get(pk=store.session_key).session_data
    expected = (
        User.objects.select_related("organisation")
        .annotate(flag=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)))
        .get(pk=signed_in.pk)
    )
    assert _row_values(user) == _row_values(expected)
    assert not user._state.adding
    if expected.organisation_id is None:
        assert organisation is None
    else:
        assert _row_values(organisation) == _row_values(expected.organisation)
    assert loaded.has_confirmed_device is expected.flag
    if device == "verified":
        assert _row_values(loaded.device) == _row_values(TOTPDevice.objects.get(pk=named.pk))
        assert loaded.device.user is user
    else:
        assert loaded.device is None


def test_a_page_for_an_expired_or_missing_session_key_creates_no_row(client, af_coordinator):
    client.force_login(af_coordinator)
    key = client.session.session_key
    UserSession.objects.filter(session_key=key).delete()
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert not UserSession.objects.filter(session_key=key).exists()


def test_the_beat_removes_expired_sessions_only(client, af_coordinator, employer_user):
    client.force_login(af_coordinator)
    kept = client.session.session_key
    other = Client()
    other.force_login(employer_user)
    gone = other.session.session_key
    UserSession.objects.filter(session_key=gone).update(
        expire_date=timezone.now() - dt.timedelta(minutes=1)
    )
    assert "jobbspar.clear_expired_sessions" in {
        entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()
    }
    clear_expired_sessions.apply()
    assert set(UserSession.objects.values_list("session_key", flat=True)) == {kept}


def test_the_backend_takes_the_sessions_user_only_for_the_user_asked_for(
    af_coordinator, municipal_coordinator
):
    """get_user(a) with what a row naming b brought: b is not returned; a is read as before."""
    session_user = backends.SessionUser(
        user_id=municipal_coordinator.pk,
        device_pk=None,
        user=municipal_coordinator,
        device=None,
        has_confirmed_device=False,
    )
    with backends.session_device(None, session_user), CaptureQueriesContext(connection) as q:
        found = backends.JobbsparBackend().get_user(af_coordinator.pk)
    assert found == af_coordinator
    assert len(q.captured_queries) == 1  # asked the database, not taken from the hand-over
    with backends.session_device(None, session_user), CaptureQueriesContext(connection) as q:
        taken = backends.JobbsparBackend().get_user(str(municipal_coordinator.pk))
    assert taken is municipal_coordinator and q.captured_queries == []


def test_the_hand_over_ends_with_the_request(client, af_coordinator):
    client.force_login(af_coordinator)
    assert client.get(reverse("home")).status_code == 200
    assert backends._session_user.get() is None
    assert backends._session_device.get() is None


def test_a_key_with_no_row_is_dropped_and_a_save_makes_a_new_one():
    store = SessionStore("a" * 32)
    assert store.load() == {}
    assert store.session_key is None
    store["x"] = 1
    store.save()
    assert store.session_key not in {None, "a" * 32}
    assert UserSession.objects.filter(session_key=store.session_key).exists()


def test_signing_in_with_the_code_names_the_device_and_ends_the_first_key(af_coordinator):
    from tests.jobbspar.factories import TEST_PASSWORD
    from tests.otp import code_for_device

    device = TOTPDevice.objects.create(user=af_coordinator, name="App", confirmed=True)
    browser = Client()
    browser.post(reverse("login"), {"username": af_coordinator.username, "password": TEST_PASSWORD})
    before = browser.session.session_key
    row = UserSession.objects.get(session_key=before)
    assert (row.user_id, row.device_pk) == (af_coordinator.pk, None)
    assert browser.get(reverse("home")).status_code == 302  # the code first
    browser.post(reverse("two_factor_verify"), {"code": code_for_device(device)})
    after = browser.session.session_key
    assert after != before
    assert not UserSession.objects.filter(session_key=before).exists()
    row = UserSession.objects.get(session_key=after)
    assert (row.user_id, row.device_pk) == (af_coordinator.pk, device.pk)
    response = browser.get(reverse("home"))
    assert response.status_code == 200 and response.wsgi_request.user.is_verified()
    stale = Client()
    stale.cookies[settings.SESSION_COOKIE_NAME] = before
    refused = stale.get(reverse("home"))
    assert refused.status_code == 302 and reverse("login") in refused["Location"]


def test_a_recovery_code_session_names_no_authenticator_and_is_verified(af_coordinator):
    from jobbspar import two_factor
    from tests.jobbspar.factories import TEST_PASSWORD

    TOTPDevice.objects.create(user=af_coordinator, name="App", confirmed=True)
    codes = two_factor.new_recovery_codes(af_coordinator)
    browser = Client()
    browser.post(reverse("login"), {"username": af_coordinator.username, "password": TEST_PASSWORD})
    browser.post(reverse("two_factor_verify"), {"code": codes[0]})
    row = UserSession.objects.get(session_key=browser.session.session_key)
    assert (row.user_id, row.device_pk) == (af_coordinator.pk, None)
    response = browser.get(reverse("home"))
    assert response.status_code == 200 and response.wsgi_request.user.is_verified()


def test_changing_the_password_keeps_the_person_signed_in_and_verified(client, af_coordinator):
    from tests.jobbspar.factories import TEST_PASSWORD

    client.force_login(af_coordinator)
    before = client.session.session_key
    new_password = "ett-nytt-och-langt-losenord-2026"
    response = client.post(
        reverse("password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": new_password,
            "new_password2": new_password,
        },
    )
    assert response.status_code == 302
    after = client.session.session_key
    assert after != before
    row = UserSession.objects.get(session_key=after)
    assert row.user_id == af_coordinator.pk and row.device_pk is not None
    page = client.get(reverse("home"))
    assert page.status_code == 200 and page.wsgi_request.user.is_verified()


def test_deleting_a_user_in_the_admin_never_shows_their_session_keys(
    client, admin_user, employer_user
):
    signed_in = Client()
    signed_in.force_login(employer_user)
    key = signed_in.session.session_key
    client.force_login(admin_user)
    page = client.get(reverse("admin:jobbspar_user_delete", args=[employer_user.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert key not in body
    assert "ession" in body  # the session is listed, by its type
    assert key not in str(UserSession.objects.get(session_key=key))
