"""A track's strands with their weekly patterns (`tracks:read`), from schedule/access.py."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.models import ApiScope
from jobbspar.models import Role
from schedule.models import StrandWeekday
from tests.api.factories import auth, make_client
from tests.employers.factories import EducationProviderFactory
from tests.schedule.factories import StrandFactory
from tests.tracks.factories import TrackFactory

pytestmark = pytest.mark.django_db


def _pattern(strand, *days):
    for day in days:
        StrandWeekday.objects.create(
            strand=strand, weekday=day, starts_at=dt.time(8, 30), ends_at=dt.time(15)
        )


def test_a_tracks_strands_with_provider_and_weekly_pattern(client, af):
    track = TrackFactory()
    provider = EducationProviderFactory(name="Komvux Malmö")
    training = StrandFactory(track=track, provider=provider, place="Södra Förstadsgatan 1")
    _pattern(training, 0, 2)
    language = StrandFactory(
        track=track,
        kind="language",
        language_course="sfi",
        level="sfi D",
        name="",
        responsible="municipality",
    )
    StrandFactory(track=TrackFactory())
    _, key = make_client(af)
    response = client.get(f"/api/v1/tracks/{track.pk}/strands/", headers=auth(key))
    assert response.status_code == 200
    rows = {row["id"]: row for row in response.json()["results"]}
    assert set(rows) == {training.pk, language.pk}
    assert rows[training.pk]["provider"] == "Komvux Malmö"
    assert rows[training.pk]["responsible"] == "provider"
    assert rows[training.pk]["place"] == "Södra Förstadsgatan 1"
    assert rows[training.pk]["starts_on"] == training.starts_on.isoformat()
    assert rows[training.pk]["ends_on"] == training.ends_on.isoformat()
    assert rows[training.pk]["weekly_pattern"] == [
        {"weekday": 0, "starts_at": "08:30:00", "ends_at": "15:00:00"},
        {"weekday": 2, "starts_at": "08:30:00", "ends_at": "15:00:00"},
    ]
    assert rows[language.pk]["provider"] is None
    assert (rows[language.pk]["kind"], rows[language.pk]["language_course"]) == ("language", "sfi")
    assert rows[language.pk]["level"] == "sfi D"
    assert rows[language.pk]["weekly_pattern"] == []
    assert rows[language.pk]["track"] == track.pk


def test_the_strands_come_in_constant_queries(client, af):
    track = TrackFactory()
    _, key = make_client(af)
    url = f"/api/v1/tracks/{track.pk}/strands/"
    assert client.get(url, headers=auth(key)).status_code == 200  # the key's first use is noted
    counts = []
    for _round in range(2):
        for day in range(3):
            _pattern(StrandFactory(track=track, provider=EducationProviderFactory()), day, 4)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/api/v1/tracks/{track.pk}/strands/", headers=auth(key))
        assert response.status_code == 200
        counts.append(len(queries))
    assert len(response.json()["results"]) == 6
    assert counts[0] == counts[1]


def test_another_partnerships_track_is_404_and_the_scope_decides(
    client, municipality, other_partnership
):
    foreign = StrandFactory(track=TrackFactory(need__partnership=other_partnership)).track
    own = StrandFactory().track
    _, key = make_client(municipality, role=Role.JOB_COACH)
    assert client.get(f"/api/v1/tracks/{own.pk}/strands/", headers=auth(key)).status_code == 200
    refused = client.get(f"/api/v1/tracks/{foreign.pk}/strands/", headers=auth(key))
    assert refused.status_code == 404
    assert refused["Content-Type"] == "application/problem+json"
    _, narrow = make_client(municipality, scopes=[ApiScope.EMPLOYERS_READ])
    response = client.get(f"/api/v1/tracks/{own.pk}/strands/", headers=auth(narrow))
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
