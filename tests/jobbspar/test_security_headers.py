"""Security headers on real responses: CSP with nonces, frames, referrer, caching, HSTS, cookies."""

import re

import pytest
from django.urls import reverse

from tests.jobbspar.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def csp_directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.strip().split()
        directives[name] = values
    return directives


@pytest.mark.parametrize("url", ["/accounts/login/", "/accessibility/", "/finns-inte/"])
def test_public_pages_carry_a_strict_policy(client, url):
    response = client.get(url)
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    policy = csp_directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_scripts_carry_the_nonce_of_the_policy(client, af_coordinator):
    client.force_login(af_coordinator)
    response = client.get(reverse("home"))
    nonce = next(
        value[len("'nonce-") : -1]
        for value in csp_directives(response)["script-src"]
        if value.startswith("'nonce-")
    )
    body = response.content.decode()
    scripts = re.findall(r"<script[^>]*>", body)
    assert scripts, "the page loads scripts"
    for tag in scripts:
        assert f'nonce="{nonce}"' in tag
        assert "src=" in tag  # no inline script bodies
    assert "<style" not in body and " style=" not in body
    assert not re.search(r"\son[a-z]+=", body)  # no inline event handlers


def test_the_nonce_changes_with_every_response(client):
    first = client.get(reverse("login"))["Content-Security-Policy"]
    second = client.get(reverse("login"))["Content-Security-Policy"]
    assert first != second


def test_authenticated_pages_are_not_stored(client, af_coordinator):
    client.force_login(af_coordinator)
    response = client.get(reverse("home"))
    cache_control = response["Cache-Control"]
    assert "no-store" in cache_control and "private" in cache_control
    assert response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_pages_before_the_second_factor_are_not_stored_either(client, af_coordinator):
    client.post(reverse("login"), {"username": "af.coordinator", "password": TEST_PASSWORD})
    response = client.get(reverse("two_factor_setup"))
    assert "no-store" in response["Cache-Control"]


def test_hsts_on_secure_responses(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    response = client.get(reverse("login"), secure=True)
    assert response["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")


def test_session_and_csrf_cookies_are_http_only_and_same_site(client, settings, employer_user):
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    client.get(reverse("login"))
    response = client.post(reverse("login"), {"username": "employer", "password": TEST_PASSWORD})
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    csrf = response.cookies[settings.CSRF_COOKIE_NAME]
    for cookie in (session, csrf):
        assert cookie["httponly"] is True
        assert cookie["samesite"] == "Lax"
        assert cookie["secure"] is True
    assert int(session["max-age"]) == settings.SESSION_COOKIE_AGE


# The policy built once per process (jobbspar.middleware.CSPMiddleware, issue 18): the same
# header as django-csp's own middleware writes, for every kind of response.


def _request(rf, nonce: str | None):
    """A request as django-csp's process_request leaves it, with the nonce used or not."""
    request = rf.get("/")
    request._csp_nonce = nonce
    return request


def _djangos_header(request, response) -> dict[str, str]:
    """What django-csp's own middleware writes for this request and response (on copies)."""
    from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
    from django.test import RequestFactory

    from jobbspar.middleware import _CSP_PER_RESPONSE

    twin = RequestFactory().get(request.path)
    twin._csp_nonce = getattr(request, "_csp_nonce", None)
    copy = type(response)(response.content, status=response.status_code)
    for name in _CSP_PER_RESPONSE:
        if hasattr(response, name):
            setattr(copy, name, getattr(response, name))
    for name, value in response.items():
        copy[name] = value
    DjangoCSPMiddleware(lambda r: copy).process_response(twin, copy)
    return _csp_headers(copy)


def _csp_headers(response) -> dict[str, str]:
    return {
        name: value
        for name, value in response.items()
        if name.startswith("Content-Security-Policy")
    }


def _ours(request, response):
    from jobbspar.middleware import CSPMiddleware

    return CSPMiddleware(lambda r: response).process_response(request, response)


@pytest.mark.parametrize("nonce", ["bm9uY2Utb2YtdGhlLXRlc3Q=", None, ""])
def test_the_policy_built_once_is_django_csps_header(rf, nonce):
    from csp.exceptions import CSPNonceError
    from django.http import HttpResponse

    for _ in range(2):  # built, then taken from the process's copy
        request = _request(rf, nonce)
        expected = _djangos_header(request, HttpResponse("x"))
        response = _ours(request, HttpResponse("x"))
        assert _csp_headers(response) == expected
    assert ("'nonce-" in response["Content-Security-Policy"]) is bool(nonce)
    if nonce is None:
        # A nonce asked for after the header is written is an error, as in django-csp.
        with pytest.raises(CSPNonceError):
            str(request.csp_nonce)
    else:
        assert not hasattr(request, "csp_nonce")


def test_each_response_carries_its_own_nonce_in_the_policy(rf):
    from django.http import HttpResponse

    from jobbspar.middleware import CSPMiddleware

    headers = set()
    for _ in range(3):
        request = rf.get("/")
        CSPMiddleware(lambda r: HttpResponse()).process_request(request)
        nonce = str(request.csp_nonce)
        header = _ours(request, HttpResponse("x"))["Content-Security-Policy"]
        assert f"'nonce-{nonce}'" in header and "\x00" not in header
        headers.add(header)
    assert len(headers) == 3


@pytest.mark.parametrize(
    "change",
    [
        ("_csp_update", {"img-src": ["https://example.org"]}),
        ("_csp_replace", {"img-src": ["https://example.org"]}),
        ("_csp_config", {"default-src": ["'none'"]}),
        ("_csp_exempt", True),
        ("_csp_update_ro", {"img-src": ["https://example.org"]}),
        ("_csp_replace_ro", {"img-src": ["https://example.org"]}),
        ("_csp_config_ro", {"default-src": ["'none'"]}),
        ("_csp_exempt_ro", True),
        ("header", "default-src 'none'"),
    ],
)
def test_a_views_own_policy_takes_django_csps_path(rf, change):
    from django.http import HttpResponse

    request = _request(rf, "bm9uY2U=")
    response = HttpResponse("x")
    if change[0] == "header":
        response["Content-Security-Policy"] = change[1]
    else:
        setattr(response, *change)
    expected = _djangos_header(request, response)
    assert _csp_headers(_ours(request, response)) == expected
    assert change[0] != "_csp_update" or "https://example.org" in expected[CSP]


@pytest.mark.parametrize("setting", ["report-only", "excluded prefix", "debug", "changed"])
def test_settings_django_csp_reads_each_time_are_followed(rf, settings, setting):
    from django.http import HttpResponse

    request = _request(rf, "bm9uY2U=")
    _ours(request, HttpResponse("x"))  # the site's policy built and kept
    if setting == "report-only":
        settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": {"img-src": ["'self'"]}}
    elif setting == "excluded prefix":
        settings.CONTENT_SECURITY_POLICY = {
            **settings.CONTENT_SECURITY_POLICY,
            "EXCLUDE_URL_PREFIXES": ["/"],
        }
    elif setting == "debug":
        settings.DEBUG = True
    else:
        settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    for status in (200, 404):
        expected = _djangos_header(request, HttpResponse("x", status=status))
        assert _csp_headers(_ours(request, HttpResponse("x", status=status))) == expected
    if setting == "changed":
        assert expected == {CSP: "default-src 'none'"}


def test_a_lazy_directive_is_built_for_each_response(rf, settings):
    """A lazy value (a `reverse_lazy` report address) is evaluated per response, as django-csp
    does: such a policy is never kept."""
    from itertools import count

    from django.http import HttpResponse
    from django.utils.functional import lazy

    from jobbspar import middleware

    numbers = count()
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {
            "default-src": ["'self'"],
            "report-uri": lazy(lambda: f"/csp-report/{next(numbers)}/", str)(),
        }
    }
    headers = [_ours(_request(rf, None), HttpResponse("x"))[CSP] for _ in range(2)]
    assert headers[0] != headers[1] and headers[1].endswith("/csp-report/1/")
    assert middleware._policies == {}


def test_a_subclass_with_its_own_policy_parts_takes_django_csps_path(rf):
    from csp.middleware import PolicyParts
    from django.http import HttpResponse

    from jobbspar.middleware import CSPMiddleware

    class Narrower(CSPMiddleware):
        def get_policy_parts(self, request, response, report_only=False):
            parts = super().get_policy_parts(request, response, report_only)
            return PolicyParts(**{**parts.__dict__, "replace": {"img-src": ["'none'"]}})

    response = Narrower(lambda r: HttpResponse()).process_response(
        _request(rf, None), HttpResponse("x")
    )
    assert "img-src 'none'" in response[CSP]


CSP = "Content-Security-Policy"
