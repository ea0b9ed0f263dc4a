import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_unknown_page_is_a_swedish_404(client):
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    assert "Sidan hittades inte" in response.content.decode()


def test_server_error_page_has_a_reference_and_no_trace(settings):
    from django.urls import path

    def boom(request):
        raise RuntimeError("secret detail")

    urlconf = type(
        "urlconf",
        (),
        {"urlpatterns": [path("boom/", boom)], "handler500": "jobbspar.errors.server_error"},
    )
    settings.ROOT_URLCONF = urlconf
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    body = response.content.decode()
    assert response.status_code == 500
    assert "Något gick fel" in body
    assert "secret detail" not in body and "Traceback" not in body
    assert "referens" in body.lower()


def test_accessibility_statement_is_public(client):
    response = client.get("/accessibility/")
    assert response.status_code == 200
    assert "Tillgänglighetsredogörelse" in response.content.decode()


def test_the_reference_on_the_500_page_is_the_one_in_the_log(settings, caplog):
    import re

    from django.urls import path

    def boom(request):
        raise RuntimeError("secret detail")

    settings.ROOT_URLCONF = type(
        "urlconf",
        (),
        {"urlpatterns": [path("boom/", boom)], "handler500": "jobbspar.errors.server_error"},
    )
    with caplog.at_level("ERROR", logger="jobbspar.errors"):
        body = Client(raise_request_exception=False).get("/boom/").content.decode()
    shown = re.search(r"<strong>([0-9a-f]{12})</strong>", body).group(1)
    assert any(shown in record.getMessage() for record in caplog.records)
    assert "X-Frame-Options" not in body and "SECRET_KEY" not in body
