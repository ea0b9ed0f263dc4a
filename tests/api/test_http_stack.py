"""Through the real HTTP stack (a live server, a plain HTTP client): a client created as the
admin creates it registers a participant, nominates them to a track and reads the pool."""

import http.client
import json
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from api.models import ApiClient, ApiScope
from tests.tracks.factories import TrackFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _call(base, path, key, body=None):
    """One request over a real socket to the live server; the status and the JSON body."""
    address = urlsplit(base)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    try:
        connection.request(
            "POST" if body is not None else "GET",
            path,
            body=json.dumps(body) if body is not None else None,
            headers={
                "Authorization": f"Bearer {key}",
                "Content-Type": "application/json",
                "Accept-Language": "sv",
            },
        )
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()


def test_an_admin_made_client_registers_nominates_and_reads_the_pool(live_server, admin_client, af):
    track = TrackFactory()
    added = admin_client.post(
        reverse("admin:api_apiclient_add"),
        {
            "name": "AF:s ärendesystem",
            "organisation": af.pk,
            "role": "af_coordinator",
            "scopes": [ApiScope.PARTICIPANTS_WRITE, ApiScope.POOL_READ, ApiScope.POOL_WRITE],
            "expires_on": "2099-12-31",
        },
        follow=True,
    )
    assert added.status_code == 200
    shown = [str(m) for m in added.context["messages"]]
    key = next(word for m in shown for word in m.split() if word.startswith("jsp_"))
    assert ApiClient.objects.get().key_hash not in key

    status, person = _call(
        live_server.url,
        "/api/v1/participants/",
        key,
        {"personal_number": "19900101-0017", "name": "Amina Api", "gender": "woman"},
    )
    assert status == 201, person
    status, member = _call(
        live_server.url,
        f"/api/v1/tracks/{track.pk}/pool/",
        key,
        {"participant": person["id"], "motivation": "Passar profilen"},
    )
    assert status == 201, member
    status, pool = _call(live_server.url, f"/api/v1/tracks/{track.pk}/pool/", key)
    assert status == 200
    assert [row["participant"]["name"] for row in pool["results"]] == ["Amina Api"]
    # Without the scope, the client cannot read the track itself.
    status, problem = _call(live_server.url, f"/api/v1/tracks/{track.pk}/", key)
    assert status == 403 and problem["title"] == "Inte tillåtet"
