"""The IDOR probe for API clients: every API URL with an id, named with another partnership's
track or a person the client may not see, is a 404 for every client kind, and changes nothing."""

import datetime as dt

import pytest

from jobbspar.models import Role
from tests.api.factories import auth, make_client
from tests.dates import today
from tests.employers.factories import CriterionFactory
from tests.participants.factories import ParticipantFactory
from tests.schedule.factories import StrandFactory
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tracks.models import FollowUp, TrackParticipant

pytestmark = pytest.mark.django_db

CLIENT_KINDS = [
    ("af", Role.AF_COORDINATOR),
    ("municipality", Role.MUNICIPAL_COORDINATOR),
    ("municipality", Role.JOB_COACH),
]


@pytest.mark.parametrize(("organisation", "role"), CLIENT_KINDS)
def test_foreign_ids_are_404_for_every_client_kind(
    client, request, other_partnership, organisation, role
):
    own_org = request.getfixturevalue(organisation)
    _, key = make_client(own_org, role=role)
    foreign_track = TrackFactory(need__partnership=other_partnership)
    foreign_member = TrackParticipantFactory(track=foreign_track)
    StrandFactory(track=foreign_track)
    hidden = ParticipantFactory(registered_by=other_partnership.employment_service)
    own_track = TrackFactory()
    foreign_need = CriterionFactory(version__need__partnership=other_partnership).version.need
    urls = [
        f"/api/v1/needs/{foreign_need.pk}/profile/",
        f"/api/v1/tracks/{foreign_track.pk}/",
        f"/api/v1/tracks/{foreign_track.pk}/pool/",
        f"/api/v1/tracks/{foreign_track.pk}/phases/",
        f"/api/v1/tracks/{foreign_track.pk}/strands/",
        f"/api/v1/participants/{hidden.pk}/",
    ]
    for url in urls:
        response = client.get(url, headers=auth(key))
        assert response.status_code == 404, (url, role)
        assert response["Content-Type"] == "application/problem+json"
    before = TrackParticipant.objects.count()
    for track in (foreign_track, own_track):
        response = client.post(
            f"/api/v1/tracks/{track.pk}/pool/",
            {"participant": hidden.pk, "motivation": "Försök"},
            content_type="application/json",
            headers=auth(key),
        )
        assert response.status_code in {403, 404}, (track, role)
    assert TrackParticipant.objects.count() == before
    hidden_member = TrackParticipantFactory(track=own_track, participant=hidden)
    for member in (foreign_member, hidden_member):
        for track in (member.track, own_track):
            response = client.post(
                f"/api/v1/tracks/{track.pk}/pool/{member.pk}/moves/",
                {"to_state": "not_selected", "reason": "Försök"},
                content_type="application/json",
                headers=auth(key),
            )
            assert response.status_code in {403, 404}, (member, role)
        member.refresh_from_db()
        assert member.state == "nominated"
    # Follow-ups of a person outside the client's scope: never listed, never answered.
    hidden_follow_up = FollowUp.objects.create(
        track_participant=hidden_member, months=3, due_on=today() - dt.timedelta(days=1)
    )
    foreign_follow_up = FollowUp.objects.create(
        track_participant=foreign_member, months=3, due_on=today() - dt.timedelta(days=1)
    )
    for follow_up in (hidden_follow_up, foreign_follow_up):
        response = client.post(
            f"/api/v1/follow-ups/{follow_up.pk}/answer/",
            {"situation": "studying", "self_sufficient": False, "not_hired_reason": "x"},
            content_type="application/json",
            headers=auth(key),
        )
        assert response.status_code in {403, 404}, (follow_up, role)
    listed = client.get("/api/v1/follow-ups/", headers=auth(key))
    if listed.status_code == 200:
        assert listed.json()["results"] == []
    assert not FollowUp.objects.filter(answered_at__isnull=False).exists()
