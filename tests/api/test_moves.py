"""Pool member moves through the API: the workflow's rules and words, as on the board;
attributed to the client in the history and the read log."""

import pytest

from api.models import ApiScope
from jobbspar.audit import changes_of
from jobbspar.models import AccessLog, Role
from tests.api.factories import auth, make_client
from tests.participants.factories import ParticipantFactory
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tracks.models import State, Transition

pytestmark = pytest.mark.django_db


def _move(client, key, member, body, **headers):
    return client.post(
        f"/api/v1/tracks/{member.track_id}/pool/{member.pk}/moves/",
        body,
        content_type="application/json",
        headers={**auth(key), **headers},
    )


@pytest.fixture
def member(af):
    return TrackParticipantFactory(
        track=TrackFactory(), participant=ParticipantFactory(registered_by=af, name="Flytt Person")
    )


def test_a_move_goes_through_the_workflow_recorded_as_the_client(client, af, member):
    api_client, key = make_client(af)
    response = _move(client, key, member, {"to_state": State.IN_INTRODUCTION})
    assert response.status_code == 200, response.content
    assert response.json()["state"] == State.IN_INTRODUCTION
    assert response.json()["participant"]["name"] == "Flytt Person"
    member.refresh_from_db()
    assert member.state == State.IN_INTRODUCTION
    transition = Transition.objects.get(track_participant=member)
    assert transition.actor == api_client.user
    assert changes_of(member).first().pgh_context["api_client"] == api_client.pk
    assert AccessLog.objects.filter(
        user=api_client.user, object_id=str(member.participant_id)
    ).exists()


def test_a_refused_move_is_a_409_with_the_rules_words_in_the_requests_language(client, af, member):
    _, key = make_client(af)
    swedish = _move(client, key, member, {"to_state": State.NOT_SELECTED})
    assert swedish.status_code == 409
    assert swedish["Content-Type"] == "application/problem+json"
    assert swedish.json()["detail"] == "Ange ett skäl till att deltagaren inte valdes."
    english = _move(
        client, key, member, {"to_state": State.NOT_SELECTED}, **{"Accept-Language": "en"}
    )
    assert english.json()["detail"] == "Give a reason why the participant was not selected."
    skipping = _move(client, key, member, {"to_state": State.EMPLOYED})
    assert skipping.status_code == 409
    member.refresh_from_db()
    assert member.state == State.NOMINATED
    assert not Transition.objects.exists()


def test_a_reason_makes_the_not_selected_move_allowed(client, af, member):
    _, key = make_client(af)
    response = _move(client, key, member, {"to_state": State.NOT_SELECTED, "reason": "Ej körkort"})
    assert response.status_code == 200, response.content
    member.refresh_from_db()
    assert (member.state, member.reason) == (State.NOT_SELECTED, "Ej körkort")


@pytest.mark.parametrize("body", [{}, {"to_state": "flying"}, {"to_state": 3}, "[1]", "x"])
def test_a_malformed_move_is_a_400(client, af, member, body):
    _, key = make_client(af)
    response = _move(client, key, member, body)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_a_job_coach_or_a_client_without_pool_write_cannot_move(client, af, municipality, member):
    _, coach_key = make_client(municipality, role=Role.JOB_COACH)
    _, reader_key = make_client(af, scopes=[ApiScope.POOL_READ, ApiScope.TRACKS_READ])
    for key in (coach_key, reader_key):
        response = _move(client, key, member, {"to_state": State.IN_INTRODUCTION})
        assert response.status_code in {403, 404}
    member.refresh_from_db()
    assert member.state == State.NOMINATED


def test_a_member_the_client_may_not_see_is_a_404(client, af, municipality):
    hidden = TrackParticipantFactory(
        track=TrackFactory(), participant=ParticipantFactory(registered_by=municipality)
    )
    _, key = make_client(af)
    response = _move(client, key, hidden, {"to_state": State.IN_INTRODUCTION})
    assert response.status_code == 404
    hidden.refresh_from_db()
    assert hidden.state == State.NOMINATED
