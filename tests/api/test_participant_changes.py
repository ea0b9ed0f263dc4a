"""Changing a participant through the API: the edit form's validation, the web's access rules,
and optimistic locking with the record's version as ETag / If-Match."""

import pytest

from api.models import ApiScope
from jobbspar.audit import changes_of
from jobbspar.models import Role
from participants.models import Participant
from tests.api.factories import auth, make_client
from tests.participants.factories import ConsentFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


def _patch(client, key, person, body, if_match=None, **headers):
    if if_match is not None:
        headers["If-Match"] = if_match
    return client.patch(
        f"/api/v1/participants/{person.pk}/",
        body,
        content_type="application/json",
        headers={**auth(key), **headers},
    )


@pytest.fixture
def person(af):
    return ParticipantFactory(registered_by=af, name="Före Ändring", phone="0701111111")


def test_get_gives_the_version_as_etag_and_patch_with_it_saves(client, af, person):
    api_client, key = make_client(af)
    got = client.get(f"/api/v1/participants/{person.pk}/", headers=auth(key))
    assert got["ETag"] == f'"{person.version}"'
    changed = _patch(client, key, person, {"name": "Efter Ändring"}, if_match=got["ETag"])
    assert changed.status_code == 200, changed.content
    person.refresh_from_db()
    assert person.name == "Efter Ändring"
    assert person.phone == "0701111111"  # a PATCH keeps what it does not name
    assert changed["ETag"] == f'"{person.version}"' != got["ETag"]
    assert changes_of(person).first().pgh_context["api_client"] == api_client.pk


def test_without_if_match_428_and_with_an_old_one_412(client, af, person):
    _, key = make_client(af)
    old = f'"{person.version}"'
    missing = _patch(client, key, person, {"name": "X Y"})
    assert missing.status_code == 428
    assert missing["Content-Type"] == "application/problem+json"
    assert _patch(client, key, person, {"name": "Först Sparad"}, if_match=old).status_code == 200
    stale = _patch(client, key, person, {"name": "Sent Sparad"}, if_match=old)
    assert stale.status_code == 412
    person.refresh_from_db()
    assert person.name == "Först Sparad"
    assert stale["ETag"] == f'"{person.version}"'
    english = _patch(
        client, key, person, {"name": "Z"}, if_match='"999"', **{"Accept-Language": "en"}
    )
    assert english.json()["detail"].startswith("The record was changed after the version")
    for garbage in ("*", "abc", '"1', 'W/"x"'):
        assert _patch(client, key, person, {"name": "Z"}, if_match=garbage).status_code == 412


def test_the_forms_validation_and_unknown_fields_are_400(client, af, person):
    _, key = make_client(af)
    tag = f'"{person.version}"'
    bad = _patch(client, key, person, {"phone": "ring mig", "email": "nej"}, if_match=tag)
    assert bad.status_code == 400
    assert {e["field"] for e in bad.json()["errors"]} == {"phone", "email"}
    unknown = _patch(client, key, person, {"income": 1}, if_match=tag)
    assert unknown.status_code == 400
    assert unknown.json()["errors"][0]["field"] == "income"
    person.refresh_from_db()
    assert person.name == "Före Ändring"


def test_a_taken_personal_number_is_refused_without_revealing_whose(client, af, municipality):
    ParticipantFactory(registered_by=municipality, personal_number="199001010017", name="Annan")
    mine = ParticipantFactory(registered_by=af)
    _, key = make_client(af)
    response = _patch(
        client, key, mine, {"personal_number": "19900101-0017"}, if_match=f'"{mine.version}"'
    )
    assert response.status_code == 400
    assert "Annan" not in response.content.decode()


def test_consent_rules_as_in_the_ui(client, af, municipality):
    # A person the other organisation shared by consent may be changed, one it did not share
    # is a 404; a job coach or a client without participants:write cannot change anyone.
    shared = ParticipantFactory(registered_by=municipality)
    ConsentFactory(participant=shared, shared_with=af)
    hidden = ParticipantFactory(registered_by=municipality, name="Ej Delad")
    _, key = make_client(af)
    assert (
        _patch(client, key, shared, {"district": "Rosengård"}, if_match=f'"{shared.version}"')
    ).status_code == 200
    refused = _patch(client, key, hidden, {"name": "Ny"}, if_match=f'"{hidden.version}"')
    assert refused.status_code == 404
    _, coach_key = make_client(municipality, role=Role.JOB_COACH)
    _, reader_key = make_client(af, scopes=[ApiScope.PARTICIPANTS_READ])
    own = ParticipantFactory(registered_by=municipality)
    for other_key in (coach_key, reader_key):
        response = _patch(client, other_key, own, {"name": "Ny"}, if_match=f'"{own.version}"')
        assert response.status_code in {403, 404}
    assert not Participant.objects.filter(name="Ny").exists()


def test_a_malformed_change_is_a_400_whatever_its_if_match(client, af, person):
    # Found by Schemathesis: a body that is not JSON with a stale If-Match was a 412.
    _, key = make_client(af)
    response = client.patch(
        f"/api/v1/participants/{person.pk}/",
        "\x00",
        content_type="application/json",
        headers={**auth(key), "If-Match": "*"},
    )
    assert response.status_code == 400
    assert _patch(client, key, person, {"email": "nej"}, if_match='"99"').status_code == 400


def test_the_schema_documents_the_etag_and_if_match(client):
    schema = client.get("/api/v1/schema/?format=json").json()
    operations = schema["paths"]["/api/v1/participants/{id}/"]
    assert "ETag" in operations["get"]["responses"]["200"]["headers"]
    assert "ETag" in operations["patch"]["responses"]["200"]["headers"]
    if_match = [p for p in operations["patch"]["parameters"] if p["name"] == "If-Match"]
    assert if_match and if_match[0]["required"] is True
    assert {"412", "428"} <= set(operations["patch"]["responses"])
