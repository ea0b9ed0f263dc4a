"""No request, however malformed, gives a server error.

`test_no_url_gives_a_server_error` walks EVERY URL pattern in the project (outside Django's
admin) with garbage path parameters and every HTTP method, as an anonymous visitor, an employer
user and a coordinator. As the apps add URLs, this covers them without any change here.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import get_converters
from hypothesis import find
from hypothesis import strategies as st

from tests.conftest import VerifiedClient

pytestmark = pytest.mark.django_db

GARBAGE = {
    "int": ["0", "9223372036854775807", "99999999999999999999999"],
    "str": ["x", "%00", "ä" * 300, "'%20OR%201=1--", "..", "%F0%9F%92%A5", "١٢٣"],
    "slug": ["-", "a" * 500, "_"],
    "uuid": ["00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff"],
    "path": ["a/b/../c", "%00/x"],
}
METHODS = ["get", "head", "options", "put", "patch", "delete", "post"]  # post last: may log out
PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def _routes(resolver: URLResolver | None = None, prefix: str = "") -> list[str]:
    resolver = resolver or get_resolver()
    routes = []
    for pattern in resolver.url_patterns:
        route = str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue
            routes.extend(_routes(pattern, prefix + route))
        elif isinstance(pattern, URLPattern):
            routes.append(prefix + route)
    return routes


def _values_for(converter: str) -> list[str]:
    if converter in GARBAGE:
        return GARBAGE[converter]
    # A converter an app registered: the shortest and a long value its regex accepts.
    regex = get_converters()[converter].regex
    shortest = find(st.from_regex(regex, fullmatch=True), lambda value: "/" not in value)
    longest = find(st.from_regex(regex, fullmatch=True), lambda value: len(value) >= 30)
    return [shortest, longest]


def garbage_urls(route: str) -> list[str]:
    parameters = PARAMETER.findall(route)
    if not parameters:
        return ["/" + route]
    value_lists = [_values_for(converter or "str") for converter, _ in parameters]
    urls = []
    for index in range(max(len(values) for values in value_lists)):
        url = route
        for values in value_lists:
            url = PARAMETER.sub(values[index % len(values)], url, count=1)
        urls.append("/" + url)
    return urls


def test_the_walk_finds_every_url():
    routes = _routes()
    assert "accounts/login/" in routes
    assert "accounts/password/reset/<uidb64>/<token>/" in routes
    assert len(routes) >= 15


def test_garbage_fills_every_parameter():
    urls = garbage_urls("things/<int:pk>/notes/<slug:part>/")
    assert urls == [
        "/things/0/notes/-/",
        "/things/9223372036854775807/notes/" + "a" * 500 + "/",
        "/things/99999999999999999999999/notes/_/",
    ]


@pytest.mark.parametrize("who", ["anonymous", "employer_user", "af_coordinator"])
def test_no_url_gives_a_server_error(request, who):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    client = VerifiedClient(raise_request_exception=True)
    failures = []
    for route in _routes():
        for url in garbage_urls(route):
            if user is not None:
                client.force_login(user)
            for method in METHODS:
                response = getattr(client, method)(url)
                if response.status_code >= 500 and url != "/healthz":
                    failures.append(f"{method.upper()} {url}: {response.status_code}")
    assert failures == []


def test_an_id_beyond_the_database_range_is_a_404_not_a_500(settings, af_coordinator):
    from django.db import connection
    from django.http import HttpResponse
    from django.shortcuts import get_object_or_404
    from django.urls import path

    from jobbspar.models import User

    def lookup(request, pk):
        return HttpResponse(get_object_or_404(User, pk=pk).username)

    settings.ROOT_URLCONF = type(
        "urlconf",
        (),
        {"urlpatterns": [path("things/<int:pk>/", lookup), *_project_urls()], **_handlers()},
    )
    client = Client(raise_request_exception=False)
    response = client.get("/things/99999999999999999999999/")
    assert response.status_code == 404
    assert "Sidan hittades inte" in response.content.decode()
    assert connection.is_usable()
    assert client.get(f"/things/{af_coordinator.pk}/").status_code == 200


def test_a_nul_byte_in_a_value_is_a_400_not_a_500(settings):
    from django.http import HttpResponse
    from django.urls import path

    def lookup(request, name):
        from jobbspar.models import User

        User.objects.filter(username=name).exists()
        return HttpResponse("ok")

    settings.ROOT_URLCONF = type(
        "urlconf",
        (),
        {"urlpatterns": [path("people/<str:name>/", lookup), *_project_urls()], **_handlers()},
    )
    response = Client(raise_request_exception=False).get("/people/a%00b/")
    assert response.status_code == 400
    assert "Förfrågan kunde inte läsas" in response.content.decode()


def _project_urls() -> list:
    from jobbspar.urls import urlpatterns

    return urlpatterns


def _handlers() -> dict:
    return {
        f"handler{code}": f"jobbspar.errors.{name}"
        for code, name in [
            (400, "bad_request"),
            (403, "permission_denied"),
            (404, "page_not_found"),
            (500, "server_error"),
        ]
    }


def test_a_huge_body_gets_the_swedish_400_page(client, settings):
    body = b"username=" + b"a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = client.post(
        "/accounts/login/", body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert "Förfrågan kunde inte läsas" in response.content.decode()


def test_too_many_fields_get_the_swedish_400_page(client, settings):
    data = {f"field{i}": "x" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    response = client.post("/accounts/login/", data)
    assert response.status_code == 400
    assert "Förfrågan kunde inte läsas" in response.content.decode()


def test_upload_limits_are_set_deliberately(settings):
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 2 * 1024 * 1024
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS == 1000


def test_a_wrong_method_gets_a_clear_swedish_405(client):
    response = client.get("/accounts/logout/")
    assert response.status_code == 405
    assert response["Allow"] == "POST, OPTIONS"
    assert "Det här går inte att göra här" in response.content.decode()


def test_a_huge_username_is_refused_at_the_field(client):
    response = client.post("/accounts/login/", {"username": "a" * 100_000, "password": "x"})
    assert response.status_code == 200
    assert 'id="error-summary"' in response.content.decode()
