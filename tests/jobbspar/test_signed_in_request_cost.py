"""The signed-in overhead (issue 18): the user comes with their verified authenticator and
organisation in one query, the Redis cache's client is reused, and the menu's addresses are
reversed once; every check of the sign-in still holds (jobbspar/backends.py)."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from jobbspar import backends, navigation
from jobbspar.middleware import evaluated
from jobbspar.models import UserSession
from jobbspar.redis_cache import ReusedClientRedisCacheClient

pytestmark = pytest.mark.django_db


def _queries(client, url):
    client.get(url)  # the session is renewed at most once a minute: not by the next request
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response, [query["sql"] for query in captured.captured_queries]


def _touching(queries, table):
    return [sql for sql in queries if f'"{table}"' in sql]


def test_the_user_and_the_verified_device_come_in_one_query(client, af_coordinator):
    client.force_login(af_coordinator)
    response, queries = _queries(client, reverse("accessibility"))
    assert response.status_code == 200
    users = _touching(queries, "jobbspar_user")
    devices = _touching(queries, "otp_totp_totpdevice")
    assert len(users) == 1 and users == devices
    assert response.wsgi_request.user.is_verified()
    with CaptureQueriesContext(connection) as later:
        assert response.wsgi_request.user.organisation == af_coordinator.organisation
    assert later.captured_queries == []  # the organisation came with the user


def test_an_employer_without_authenticator_needs_one_query_for_user_and_device_check(
    client, employer_user
):
    client.force_login(employer_user)
    response, queries = _queries(client, reverse("accessibility"))
    assert response.status_code == 200
    users = _touching(queries, "jobbspar_user")
    assert len(users) == 1 and _touching(queries, "otp_totp_totpdevice") == users
    assert not response.wsgi_request.user.is_verified()
    with CaptureQueriesContext(connection) as later:
        assert response.wsgi_request.user.organisation == employer_user.organisation
    assert later.captured_queries == []


def test_an_employer_who_enrolled_is_still_sent_to_the_code_page(client, employer_user):
    client.force_login(employer_user)
    TOTPDevice.objects.create(user=employer_user, name="App", confirmed=True)
    response = client.get(reverse("portal:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_verify"))


def test_another_users_device_in_the_session_does_not_verify(
    client, af_coordinator, municipal_coordinator
):
    client.force_login(af_coordinator)
    foreign = TOTPDevice.objects.create(user=municipal_coordinator, name="App", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = foreign.persistent_id
    session.save()
    # The session's row names it too (jobbspar/sessions.py): the join is on this user's devices.
    assert UserSession.objects.get(session_key=session.session_key).device_pk == foreign.pk
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_verify"))


def test_an_unconfirmed_device_in_the_session_does_not_verify(client, af_coordinator):
    client.force_login(af_coordinator)
    TOTPDevice.objects.filter(user=af_coordinator).update(confirmed=False)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert not response.wsgi_request.user.is_verified()


def test_a_deactivated_user_is_signed_out_at_the_next_request(client, af_coordinator):
    client.force_login(af_coordinator)
    assert client.get(reverse("home")).status_code == 200
    af_coordinator.is_active = False
    af_coordinator.save(update_fields=["is_active"])
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert not response.wsgi_request.user.is_authenticated


def test_a_changed_password_ends_the_session(client, af_coordinator):
    client.force_login(af_coordinator)
    assert client.get(reverse("home")).status_code == 200
    af_coordinator.set_password("a-new-password-for-the-test")
    af_coordinator.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert not response.wsgi_request.user.is_authenticated
    assert SESSION_KEY not in client.session


def test_the_api_cache_reuses_its_redis_client():
    cache = caches["api"]
    client = cache._cache
    assert isinstance(client, ReusedClientRedisCacheClient)
    assert client.get_client() is client.get_client(write=True)
    cache.set("reuse-check", {"a": 1}, 30)
    assert cache.get("reuse-check") == {"a": 1}
    cache.delete("reuse-check")


def test_menu_addresses_follow_the_language(client, af_coordinator):
    navigation._url.cache_clear()
    for language in ["sv", "en", "sv"]:
        with translation.override(language):
            expected = {item.url_name: reverse(item.url_name) for item in navigation.nav_items()}
            urls = {
                item.url_name: navigation._url(item.url_name, language, "/")
                for item in navigation.nav_items()
            }
        assert urls == expected


def _row_values(instance):
    return {field.attname: getattr(instance, field.attname) for field in instance._meta.fields}


@pytest.mark.parametrize("role", ["af_coordinator", "admin_user"])
def test_the_written_statement_reads_what_the_orm_reads(request, role):
    """backends.verified_device is the ORM's select_related query written once: the same device,
    user and organisation (an administrator has none), every field, and nothing when the device
    is not this user's or not confirmed."""
    signed_in = request.getfixturevalue(role)
    with_organisation = signed_in.organisation_id is not None
    assert with_organisation == (role == "af_coordinator")
    device = TOTPDevice.objects.create(user=signed_in, name="Phone", confirmed=True)
    expected = TOTPDevice.objects.select_related("user__organisation").get(pk=device.pk)
    with CaptureQueriesContext(connection) as captured:
        found = backends.verified_device(device.pk, signed_in.pk)
        user = found.user
        organisation = user.organisation
    assert len(captured.captured_queries) == 1
    assert _row_values(found) == _row_values(expected)
    assert _row_values(user) == _row_values(expected.user)
    assert not found._state.adding and not user._state.adding
    if with_organisation:
        assert _row_values(organisation) == _row_values(expected.user.organisation)
    else:
        assert organisation is None
    assert backends.verified_device(device.pk, signed_in.pk + 1) is None
    TOTPDevice.objects.filter(pk=device.pk).update(confirmed=False)
    assert backends.verified_device(device.pk, signed_in.pk) is None


def _compiled_models(monkeypatch) -> list:
    """From now on, the model of every query the ORM compiles."""
    from django.db.models.sql import compiler

    compiled = []
    as_sql = compiler.SQLCompiler.as_sql

    def counting(self, *args, **kwargs):
        compiled.append(self.query.model)
        return as_sql(self, *args, **kwargs)

    monkeypatch.setattr(compiler.SQLCompiler, "as_sql", counting)
    return compiled


def test_a_verified_request_compiles_no_query_for_its_user(client, af_coordinator, monkeypatch):
    """The user load is written once per process, not built and compiled by the ORM on each
    request (~0.8 ms of the signed-in floor, issue 18)."""
    client.force_login(af_coordinator)
    client.get(reverse("accessibility"))
    compiled = _compiled_models(monkeypatch)
    response = client.get(reverse("accessibility"))
    assert response.wsgi_request.user.is_verified()
    assert TOTPDevice not in compiled and type(af_coordinator) not in compiled


@pytest.mark.parametrize("role", ["employer_user", "af_coordinator", "admin_user"])
@pytest.mark.parametrize("has_device", [False, True])
def test_the_unverified_statement_reads_what_the_orm_reads(request, role, has_device):
    """backends.user_with_device_flag (a session not verified by an authenticator, e.g. every
    page of an employer without one) is the ORM's select_related + Exists query written once:
    the same user and organisation, every field, and whether a confirmed device exists."""
    from django.db.models import Exists, OuterRef

    signed_in = request.getfixturevalue(role)
    TOTPDevice.objects.filter(user=signed_in).delete()
    TOTPDevice.objects.create(user=signed_in, name="Unconfirmed", confirmed=False)
    if has_device:
        TOTPDevice.objects.create(user=signed_in, name="Phone", confirmed=True)
    expected = (
        type(signed_in)
        .objects.select_related("organisation")
        .annotate(flag=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)))
        .get(pk=signed_in.pk)
    )
    with CaptureQueriesContext(connection) as captured:
        found = backends.user_with_device_flag(signed_in.pk)
        organisation = found.organisation
    assert len(captured.captured_queries) == 1
    assert _row_values(found) == _row_values(expected)
    assert found.has_confirmed_device is expected.flag is has_device
    if expected.organisation is None:
        assert organisation is None
    else:
        assert _row_values(organisation) == _row_values(expected.organisation)
    assert backends.user_with_device_flag(signed_in.pk + 1000) is None


def test_an_employer_page_compiles_no_query_for_its_user(client, employer_user, monkeypatch):
    """An employer without an authenticator is loaded by the written statement too."""
    client.force_login(employer_user)
    client.get(reverse("accessibility"))
    compiled = _compiled_models(monkeypatch)
    response = client.get(reverse("accessibility"))
    assert response.wsgi_request.user == employer_user
    assert type(employer_user) not in compiled and TOTPDevice not in compiled


def test_the_page_reads_the_user_itself_not_through_the_lazy_proxies(client, af_coordinator):
    """Django's and django-otp's middleware put request.user behind two lazy proxies; once the
    second-factor check has read it, the page gets the user object itself, with django-otp's
    fields on it (issue 18: ~100-300 reads a page, each a failed lookup and a call per proxy)."""
    client.force_login(af_coordinator)
    response = client.get(reverse("accessibility"))
    user = response.wsgi_request.user
    assert type(user) is type(af_coordinator) and user.pk == af_coordinator.pk
    assert user.is_verified() and user.otp_device.user_id == af_coordinator.pk
    assert response.wsgi_request._cached_user is user  # the object the proxies stood for


def test_an_anonymous_visitor_is_read_directly_too(client):
    response = client.get(reverse("accessibility"))
    user = response.wsgi_request.user
    assert type(user) is AnonymousUser
    assert not user.is_authenticated and not user.is_verified() and user.otp_device is None


def test_evaluated_leaves_what_is_not_a_proxy_and_opens_nested_ones(af_coordinator):
    loads = []

    def load():
        loads.append(1)
        return af_coordinator

    inner = SimpleLazyObject(load)
    assert evaluated(SimpleLazyObject(lambda: inner)) is af_coordinator
    assert loads == [1]
    assert evaluated(af_coordinator) is af_coordinator
    assert evaluated(None) is None
