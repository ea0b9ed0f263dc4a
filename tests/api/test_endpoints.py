"""The API's resources: within the client's partnership, organisation, role and scopes, exactly
as the web pages; pages by cursor; errors as problem details; reads and writes recorded."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.models import ApiScope
from api.serializers import TrackSerializer
from jobbspar.audit import changes_of
from jobbspar.models import AccessLog, Role
from participants.models import Participant
from tests.api.factories import auth, make_client
from tests.employers.factories import EmployerFactory
from tests.participants.factories import ParticipantFactory
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tracks.models import Track, TrackParticipant

pytestmark = pytest.mark.django_db


def test_tracks_are_the_clients_partnerships_only(client, af, other_partnership):
    mine = TrackFactory(name="Bussförare Malmö")
    TrackFactory(name="Lokalvård Lund", need__partnership=other_partnership)
    _, key = make_client(af)
    body = client.get("/api/v1/tracks/", headers=auth(key)).json()
    assert [t["name"] for t in body["results"]] == ["Bussförare Malmö"]
    assert body["results"][0]["employer"] == mine.employer.name
    _, lund_key = make_client(other_partnership.employment_service)
    lund = client.get(f"/api/v1/tracks/{mine.pk}/", headers=auth(lund_key))
    assert lund.status_code == 404
    assert lund["Content-Type"] == "application/problem+json"


def test_a_missing_scope_is_a_403_problem(client, af):
    track = TrackFactory()
    _, key = make_client(af, scopes=[ApiScope.TRACKS_READ])
    assert client.get(f"/api/v1/tracks/{track.pk}/", headers=auth(key)).status_code == 200
    refused = client.get(f"/api/v1/tracks/{track.pk}/pool/", headers=auth(key))
    assert refused.status_code == 403
    assert refused.json()["status"] == 403
    assert client.get("/api/v1/employers/", headers=auth(key)).status_code == 403


def test_the_list_pages_by_cursor_in_constant_queries(client, af):
    for n in range(7):
        TrackFactory(name=f"Spår {n}")
    _, key = make_client(af)
    seen, url, counts = [], "/api/v1/tracks/?page_size=3", []
    while url:
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url, headers=auth(key)).json()
        counts.append(len(queries))
        seen += [t["name"] for t in page["results"]]
        url = page["next"]
    assert sorted(seen) == sorted(f"Spår {n}" for n in range(7))
    assert len(set(seen)) == 7
    assert max(counts) == min(counts[:-1]) or len(set(counts)) <= 2


def _queries_of(client, url, key):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=auth(key))
    assert response.status_code == 200
    return response.json(), len(queries)


def test_a_page_of_tracks_reads_only_what_it_shows(client, af):
    TrackFactory()
    _, key = make_client(af)
    _queries_of(client, "/api/v1/tracks/", key)
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/v1/tracks/", headers=auth(key))
    (page,) = [q["sql"] for q in queries.captured_queries if ' FROM "tracks_track"' in q["sql"]]
    selected = set(re.findall(r'"(\w+)"\."(\w+)"', page.split(' FROM "tracks_track"')[0]))
    assert selected == {
        ("tracks_track", column)
        for column in (
            *("id", "name", "status", "partnership_id", "start_date", "weeks"),
            *("planned_participants", "employer_id", "need_id"),
        )
    } | {
        ("employers_employer", "id"),
        ("employers_employer", "name"),
        ("employers_recruitmentneed", "id"),
        ("employers_recruitmentneed", "occupation_id"),
        ("employers_occupation", "id"),
        ("employers_occupation", "name"),
    }


def test_the_tracks_are_read_in_the_same_queries_whatever_the_page_size(client, af):
    """Only the columns the serializer shows are read (TRACK_COLUMNS): a field shown but not
    read would be fetched row by row, and a page of six would cost more than a page of one."""
    for n in range(6):
        TrackFactory(name=f"Spår {n}")
    _, key = make_client(af)
    _queries_of(client, "/api/v1/tracks/", key)  # the key's first use is recorded once
    one, one_count = _queries_of(client, "/api/v1/tracks/?page_size=1", key)
    six, six_count = _queries_of(client, "/api/v1/tracks/?page_size=6", key)
    assert (len(one["results"]), len(six["results"])) == (1, 6)
    assert one_count == six_count
    _, detail_count = _queries_of(client, f"/api/v1/tracks/{six['results'][0]['id']}/", key)
    assert detail_count <= six_count


def test_a_track_reads_as_its_whole_row_would(client, af):
    """The list and the detail show what the serializer makes of each whole row."""
    tracks = [TrackFactory(name=f"Spår {n}", weeks=10 + n) for n in range(3)]
    _, key = make_client(af)
    whole = {
        track.pk: TrackSerializer(
            Track.objects.select_related("employer", "need__occupation").get(pk=track.pk)
        ).data
        for track in tracks
    }
    listed = client.get("/api/v1/tracks/", headers=auth(key)).json()["results"]
    assert {row["id"]: row for row in listed} == whole
    for track in tracks:
        detail = client.get(f"/api/v1/tracks/{track.pk}/", headers=auth(key)).json()
        assert detail == whole[track.pk]


def test_the_pool_shows_a_pseudonym_for_someone_the_client_may_not_see_and_logs_reads(
    client, af, municipality
):
    track = TrackFactory()
    seen = TrackParticipantFactory(track=track, participant=ParticipantFactory(registered_by=af))
    hidden = TrackParticipantFactory(
        track=track, participant=ParticipantFactory(registered_by=municipality, name="Dold Person")
    )
    api_client, key = make_client(af)
    response = client.get(f"/api/v1/tracks/{track.pk}/pool/", headers=auth(key))
    text = response.content.decode()
    assert "Dold Person" not in text
    assert hidden.participant.personal_number not in text
    assert seen.participant.personal_number not in text  # never an identity number
    rows = {row["id"]: row for row in response.json()["results"]}
    assert rows[hidden.pk]["participant"] is None
    assert rows[hidden.pk]["pseudonym"] == hidden.pseudonym
    assert rows[seen.pk]["participant"]["name"] == seen.participant.name
    logged = AccessLog.objects.filter(user=api_client.user)
    assert list(logged.values_list("object_id", flat=True)) == [str(seen.participant.pk)]


def test_register_and_nominate_through_the_api_recorded_as_the_client(client, af):
    track = TrackFactory()
    api_client, key = make_client(af)
    created = client.post(
        "/api/v1/participants/",
        {
            "personal_number": "19900101-0017",
            "name": "Amina Api",
            "phone": "0701234567",
            "gender": "woman",
        },
        content_type="application/json",
        headers=auth(key),
    )
    assert created.status_code == 201, created.content
    person = Participant.objects.get(name="Amina Api")
    assert person.registered_by == af
    nominated = client.post(
        f"/api/v1/tracks/{track.pk}/pool/",
        {"participant": person.pk, "motivation": "Passar profilen"},
        content_type="application/json",
        headers=auth(key),
    )
    assert nominated.status_code == 201, nominated.content
    assert nominated.json()["participant"]["name"] == "Amina Api"
    member = TrackParticipant.objects.get(track=track)
    assert member.nominated_by == api_client.user
    # The write history names the client's service user, its organisation and the client.
    for record in (person, member):
        latest = changes_of(record).first()
        assert latest.pgh_context["api_client"] == api_client.pk
        assert latest.pgh_context["user"] == api_client.user.pk
        assert latest.pgh_context["organisation"] == af.pk


def test_registration_errors_are_the_forms_in_problem_details(client, af):
    _, key = make_client(af)
    response = client.post(
        "/api/v1/participants/",
        {"personal_number": "19900101-0018", "name": ""},
        content_type="application/json",
        headers=auth(key),
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    fields = {e["field"] for e in response.json()["errors"]}
    assert {"personal_number", "name"} <= fields
    assert not Participant.objects.exists()


def test_a_person_registered_by_the_other_organisation_is_not_revealed(client, af, municipality):
    ParticipantFactory(registered_by=municipality, personal_number="199001010017", name="Hemlig")
    _, key = make_client(af)
    response = client.post(
        "/api/v1/participants/",
        {"personal_number": "19900101-0017", "name": "Någon", "gender": "not_stated"},
        content_type="application/json",
        headers=auth(key),
    )
    assert response.status_code == 409
    assert "Hemlig" not in response.content.decode()
    assert Participant.objects.count() == 1


@pytest.mark.parametrize(
    "body",
    ["not json", "[1, 2]", '"text"', '{"participant": "x", "motivation": ""}', "{}"],
)
def test_malformed_bodies_are_400_problems_never_500(client, af, body):
    track = TrackFactory()
    _, key = make_client(af)
    for url in ("/api/v1/participants/", f"/api/v1/tracks/{track.pk}/pool/"):
        response = client.post(url, body, content_type="application/json", headers=auth(key))
        assert response.status_code == 400, (url, body, response.content)
        assert response["Content-Type"] == "application/problem+json"


def test_a_job_coach_client_reads_but_does_not_register_or_nominate(client, municipality):
    track = TrackFactory()
    _, key = make_client(municipality, role=Role.JOB_COACH)
    assert client.get("/api/v1/tracks/", headers=auth(key)).status_code == 200
    refused = client.post(
        "/api/v1/participants/",
        {"personal_number": "19900101-0017", "name": "X"},
        content_type="application/json",
        headers=auth(key),
    )
    assert refused.status_code == 403
    nominate = client.post(
        f"/api/v1/tracks/{track.pk}/pool/",
        {"participant": 1, "motivation": "x"},
        content_type="application/json",
        headers=auth(key),
    )
    assert nominate.status_code == 403


def test_the_employers_list_is_the_clients(client, af):
    EmployerFactory(name="Omsorgshuset")
    _, key = make_client(af)
    names = [
        e["name"] for e in client.get("/api/v1/employers/", headers=auth(key)).json()["results"]
    ]
    assert "Omsorgshuset" in names


def test_the_schema_is_openapi_3_and_the_reference_page_runs_under_the_csp(client):
    schema = client.get("/api/v1/schema/", headers={"Accept": "application/vnd.oai.openapi+json"})
    assert schema.status_code == 200
    text = schema.content.decode()
    assert "openapi: 3" in text or '"openapi": "3' in text
    assert "/api/v1/tracks/{id}/pool/" in text
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<style" not in html
    assert "<script>" not in html  # every script from a file, as the CSP demands
    assert "script-src" in page["Content-Security-Policy"]


def test_registration_naming_both_a_coordinator_and_a_job_coach_is_201(
    client, af, af_coordinator, job_coach
):
    # Found by Schemathesis: the two user lookups of the form were taken for an N+1 (a 500).
    _, key = make_client(af)
    created = client.post(
        "/api/v1/participants/",
        {
            "personal_number": "19900101-0017",
            "name": "Två Ansvariga",
            "gender": "woman",
            "coordinator": af_coordinator.pk,
            "job_coach": job_coach.pk,
        },
        content_type="application/json",
        headers=auth(key),
    )
    assert created.status_code == 201, created.content
    person = Participant.objects.get(name="Två Ansvariga")
    assert (person.coordinator, person.job_coach) == (af_coordinator, job_coach)


def test_the_schema_documents_every_problem_answer(client):
    # Found by Schemathesis: 400/401/403/404/429 answers were not in the schema.
    schema = client.get("/api/v1/schema/?format=json").json()
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            for status in ("400", "401", "403", "404", "429"):
                content = operation["responses"][status]["content"]
                assert "application/problem+json" in content, (path, method, status)


@pytest.mark.parametrize("page_size", ["abc", "0", "201", "-1", "²"])
def test_a_page_size_the_api_cannot_honour_is_a_400(client, af, page_size):
    # Found by Schemathesis: an invalid page_size was ignored (a 200 with 50 rows).
    _, key = make_client(af)
    response = client.get(f"/api/v1/tracks/?page_size={page_size}", headers=auth(key))
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "page_size"


def test_an_unknown_track_status_filter_is_a_400_not_an_empty_list(client, af):
    TrackFactory()
    _, key = make_client(af)
    response = client.get("/api/v1/tracks/?status=runing", headers=auth(key))
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "status"


def test_an_unknown_api_address_is_a_problem_not_the_web_page(client, af):
    # Found by Schemathesis: /api/v1/participants/x/ answered the web's HTML 404.
    _, key = make_client(af)
    # And one with a line break in it (also Schemathesis: "." stops at a newline).
    for url in ("/api/v1/participants/abc/", "/api/v1/nothing-here/", "/api/v1/tracks/a%0Ab/"):
        response = client.get(url, headers=auth(key))
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["status"] == 404
    posted = client.post("/api/v1/tracks/1.5/pool/", {}, content_type="application/json")
    assert posted.status_code == 404  # not the CSRF failure page
    assert posted["Content-Type"] == "application/problem+json"
