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
