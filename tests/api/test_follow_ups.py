"""Follow-ups through the API: those of people in the client's scope, answered with the form's
validation and the workflow's deadlines; income support is never shown."""

import datetime as dt

import pytest
from django.utils import timezone

from api.models import ApiScope
from jobbspar.audit import changes_of
from jobbspar.models import Role
from tests.api.factories import auth, make_client
from tests.participants.factories import ParticipantFactory
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tracks.models import FollowUp

pytestmark = pytest.mark.django_db


def _follow_up(registered_by, *, due_in_days=-1, track=None):
    member = TrackParticipantFactory(
        track=track or TrackFactory(), participant=ParticipantFactory(registered_by=registered_by)
    )
    return FollowUp.objects.create(
        track_participant=member,
        months=3,
        due_on=timezone.localdate() + dt.timedelta(days=due_in_days),
    )


def _answer(client, key, follow_up, body, **headers):
    return client.post(
        f"/api/v1/follow-ups/{follow_up.pk}/answer/",
        body,
        content_type="application/json",
        headers={**auth(key), **headers},
    )


def test_the_list_is_the_clients_scope_filtered_by_status(
    client, af, municipality, other_partnership
):
    due = _follow_up(af)
    upcoming = _follow_up(af, due_in_days=20)
    hidden = _follow_up(municipality)
    foreign = _follow_up(
        other_partnership.employment_service,
        track=TrackFactory(need__partnership=other_partnership),
    )
    _, key = make_client(af)
    every = client.get("/api/v1/follow-ups/", headers=auth(key)).json()["results"]
    assert {row["id"] for row in every} == {due.pk, upcoming.pk}
    assert hidden.pk not in {row["id"] for row in every} and foreign.pk not in every
    due_only = client.get("/api/v1/follow-ups/?status=due", headers=auth(key)).json()
    assert [row["id"] for row in due_only["results"]] == [due.pk]
    assert due_only["results"][0]["status"] == "due"
    assert "income_support" not in due_only["results"][0]
    bad = client.get("/api/v1/follow-ups/?status=soon", headers=auth(key))
    assert bad.status_code == 400


def test_answering_records_the_situation_as_the_client(client, af):
    follow_up = _follow_up(af)
    api_client, key = make_client(af)
    response = _answer(
        client,
        key,
        follow_up,
        {
            "situation": "employed_elsewhere",
            "self_sufficient": True,
            "subsidy": "unsubsidised",
            "employment_type": "permanent",
            "hours_per_week": "37.5",
            "not_hired_reason": "Fick jobb närmare hemmet",
        },
    )
    assert response.status_code == 200, response.content
    follow_up.refresh_from_db()
    assert follow_up.situation == "employed_elsewhere"
    assert follow_up.self_sufficient is True
    assert follow_up.answered_by == api_client.user
    assert follow_up.income_support is None  # an AF client is not asked
    assert changes_of(follow_up).first().pgh_context["api_client"] == api_client.pk


def test_the_forms_errors_are_400_and_the_deadlines_409_in_the_requests_language(client, af):
    _, key = make_client(af)
    follow_up = _follow_up(af)
    missing = _answer(client, key, follow_up, {"situation": "studying"})
    assert missing.status_code == 400
    assert missing.json()["errors"][0]["field"] == "self_sufficient"
    early = _follow_up(af, due_in_days=5)
    refused = _answer(
        client,
        key,
        early,
        {"situation": "studying", "self_sufficient": False, "not_hired_reason": "Studerar"},
        **{"Accept-Language": "en"},
    )
    assert refused.status_code == 409
    assert refused.json()["detail"].startswith("The follow-up can be answered from")
    early.refresh_from_db()
    assert early.answered_at is None


def test_job_coaches_clients_without_the_scope_and_other_scopes_get_nothing(
    client, af, municipality
):
    mine = _follow_up(municipality)
    hidden = _follow_up(municipality)
    _, coach_key = make_client(municipality, role=Role.JOB_COACH)
    _, reader_key = make_client(municipality, scopes=[ApiScope.FOLLOW_UPS_READ])
    _, af_key = make_client(af)
    body = {"situation": "studying", "self_sufficient": False, "not_hired_reason": "Studerar"}
    assert client.get("/api/v1/follow-ups/", headers=auth(coach_key)).status_code == 403
    assert _answer(client, coach_key, mine, body).status_code == 403
    assert _answer(client, reader_key, mine, body).status_code == 403
    assert _answer(client, af_key, hidden, body).status_code == 404
    assert not FollowUp.objects.filter(answered_at__isnull=False).exists()
