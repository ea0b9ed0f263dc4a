"""Read resources: recruitment needs (filtered by status and employer) and a track's phases,
within the client's partnership and scopes."""

import pytest

from api.models import ApiScope
from tests.api.factories import auth, make_client
from tests.employers.factories import EmployerFactory, RecruitmentNeedFactory
from tests.tracks.factories import PhaseFactory, TrackFactory

pytestmark = pytest.mark.django_db


def test_needs_are_the_partnerships_and_filter_by_status_and_employer(
    client, af, other_partnership
):
    employer = EmployerFactory()
    new = RecruitmentNeedFactory(employer=employer, status="new")
    planning = RecruitmentNeedFactory(status="planning")
    foreign = RecruitmentNeedFactory(partnership=other_partnership)
    _, key = make_client(af)
    every = client.get("/api/v1/needs/", headers=auth(key)).json()["results"]
    assert {row["id"] for row in every} == {new.pk, planning.pk}
    assert foreign.pk not in {row["id"] for row in every}
    assert "notes" not in every[0]
    by_status = client.get("/api/v1/needs/?status=planning", headers=auth(key)).json()
    assert [row["id"] for row in by_status["results"]] == [planning.pk]
    by_employer = client.get(f"/api/v1/needs/?employer={employer.pk}", headers=auth(key)).json()
    assert [row["id"] for row in by_employer["results"]] == [new.pk]
    for bad in ("status=nyss", "employer=x", "employer=1&employer=2"):
        assert client.get(f"/api/v1/needs/?{bad}", headers=auth(key)).status_code == 400


def test_phases_are_the_tracks_and_another_partnerships_track_is_a_404(
    client, af, other_partnership
):
    track = TrackFactory()
    phase = PhaseFactory(track=track, title="Yrkessvenska")
    PhaseFactory(track=TrackFactory(), title="Annat spår")
    foreign = TrackFactory(need__partnership=other_partnership)
    PhaseFactory(track=foreign)
    _, key = make_client(af)
    rows = client.get(f"/api/v1/tracks/{track.pk}/phases/", headers=auth(key)).json()["results"]
    assert [(row["id"], row["title"]) for row in rows] == [(phase.pk, "Yrkessvenska")]
    refused = client.get(f"/api/v1/tracks/{foreign.pk}/phases/", headers=auth(key))
    assert refused.status_code == 404
    assert refused["Content-Type"] == "application/problem+json"


def test_the_scopes_decide(client, af):
    track = TrackFactory()
    _, key = make_client(af, scopes=[ApiScope.POOL_READ])
    assert client.get("/api/v1/needs/", headers=auth(key)).status_code == 403
    assert client.get(f"/api/v1/tracks/{track.pk}/phases/", headers=auth(key)).status_code == 403


def test_an_unknown_query_parameter_is_a_400_not_ignored(client, af):
    # Found by Schemathesis: /needs/?statu=x answered every need as if unfiltered.
    _, key = make_client(af)
    for url in ("/api/v1/needs/?statu=new", "/api/v1/tracks/?page=2", "/api/v1/follow-ups/?x=1"):
        response = client.get(url, headers=auth(key))
        assert response.status_code == 400, url
        assert response["Content-Type"] == "application/problem+json"
