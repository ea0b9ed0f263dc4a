"""'My follow-ups' and the follow-up form: who sees what, the answer rules at the field, bad input
that keeps what was entered, and constant query counts."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.participants.factories import ParticipantFactory
from tests.tracks.factories import TrackParticipantFactory
from tracks.models import FollowUp, FollowUpSituation, State

pytestmark = pytest.mark.django_db


def follow_up_of(coordinator, *, days_ago: int = 0, answered: bool = False, months: int = 3):
    member = TrackParticipantFactory(
        state=State.COMPLETED,
        nominated_by=coordinator,
        participant=ParticipantFactory(registered_by=coordinator.organisation),
    )
    follow_up = FollowUp.objects.create(
        track_participant=member,
        months=months,
        due_on=timezone.localdate() - dt.timedelta(days=days_ago),
        responsible=coordinator,
    )
    if answered:
        follow_up.situation = FollowUpSituation.STUDYING
        follow_up.self_sufficient = False
        follow_up.answered_at = timezone.now()
        follow_up.answered_by = coordinator
        follow_up.save()
    return follow_up


def names(response):
    return {f.track_participant.participant.name for f in response.context["follow_ups"]}


def test_my_follow_ups_are_split_into_due_overdue_and_answered(
    client, municipal_coordinator, af_coordinator
):
    due = follow_up_of(municipal_coordinator, days_ago=3)
    overdue = follow_up_of(municipal_coordinator, days_ago=20)
    unknown = follow_up_of(municipal_coordinator, days_ago=45)
    answered = follow_up_of(municipal_coordinator, days_ago=5, answered=True)
    follow_up_of(municipal_coordinator, days_ago=-10)  # not yet due
    follow_up_of(af_coordinator, days_ago=3)  # someone else's
    client.force_login(municipal_coordinator)
    url = reverse("follow_ups:list")
    response = client.get(url)
    assert names(response) == {due.track_participant.participant.name}
    assert "Förfaller" in response.content.decode()
    response = client.get(url + "?show=overdue")
    assert names(response) == {
        overdue.track_participant.participant.name,
        unknown.track_participant.participant.name,
    }
    content = response.content.decode()
    assert "Försenad (eskalerad)" in content and "Okänd: inte besvarad inom 30 dagar" in content
    response = client.get(url + "?show=answered")
    assert names(response) == {answered.track_participant.participant.name}
    assert client.get(url + "?show=<script>&page=x").status_code == 200


def test_coordinators_find_their_follow_ups_in_the_navigation(client, af_coordinator, job_coach):
    client.force_login(af_coordinator)
    assert 'href="/follow-ups/"' in client.get("/").content.decode()
    client.force_login(job_coach)
    assert 'href="/follow-ups/"' not in client.get("/").content.decode()


def test_a_municipal_coordinator_records_the_situation_with_income_support(
    client, municipal_coordinator
):
    follow_up = follow_up_of(municipal_coordinator)
    client.force_login(municipal_coordinator)
    url = reverse("follow_ups:answer", args=[follow_up.pk])
    assert "Får fortfarande försörjningsstöd?" in client.get(url).content.decode()
    # Opening it is a logged read of the participant's record.
    from jobbspar.audit import reads_of

    participant = follow_up.track_participant.participant
    assert [read.user for read in reads_of(participant)] == [municipal_coordinator]
    response = client.post(
        url,
        {
            "situation": FollowUpSituation.EMPLOYED_ELSEWHERE,
            "employment_type": "permanent",
            "subsidy": "nystartsjobb",
            "employment_start": "2026-01-12",
            "hours_per_week": "37,5",
            "self_sufficient": "yes",
            "income_support": "no",
            "not_hired_reason": "Fick jobb närmare hemmet.",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    follow_up.refresh_from_db()
    assert follow_up.situation == FollowUpSituation.EMPLOYED_ELSEWHERE
    assert str(follow_up.hours_per_week) == "37.5"
    assert follow_up.subsidy == "nystartsjobb"
    assert follow_up.employment_start == dt.date(2026, 1, 12)
    assert follow_up.self_sufficient is True and follow_up.income_support is False
    assert follow_up.is_known and follow_up.answered_by == municipal_coordinator


def test_an_af_coordinator_is_not_asked_about_income_support(client, af_coordinator):
    follow_up = follow_up_of(af_coordinator)
    client.force_login(af_coordinator)
    url = reverse("follow_ups:answer", args=[follow_up.pk])
    content = client.get(url).content.decode()
    assert "Får fortfarande försörjningsstöd?" not in content
    assert "försörjningsstöd registreras av kommunens personal" in content
    response = client.post(
        url,
        {
            "situation": FollowUpSituation.EMPLOYED_AT_TRACK_EMPLOYER,
            "employment_type": "permanent",
            "subsidy": "unsubsidised",
            "hours_per_week": "40",
            "self_sufficient": "yes",
            "income_support": "yes",  # not asked, so not taken
        },
    )
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.income_support is None and follow_up.is_known


def test_bad_answers_get_swedish_messages_and_keep_what_was_entered(client, municipal_coordinator):
    follow_up = follow_up_of(municipal_coordinator)
    client.force_login(municipal_coordinator)
    url = reverse("follow_ups:answer", args=[follow_up.pk])
    response = client.post(
        url,
        {
            "situation": FollowUpSituation.EMPLOYED_ELSEWHERE,
            "hours_per_week": "trettio",
            "self_sufficient": "kanske",
            "not_hired_reason": "Jobb via bekant",
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    for message in (
        "Välj anställningsform.",
        "Ange timmarna som ett tal, till exempel 37,5.",
        "Svara på om deltagaren har egen försörjning.",
        "Svara på om deltagaren fortfarande får försörjningsstöd.",
    ):
        assert message in content
    assert 'value="trettio"' in content and "Jobb via bekant" in content
    response = client.post(
        url,
        {
            "situation": FollowUpSituation.JOB_SEEKER,
            "self_sufficient": "no",
            "income_support": "yes",
        },
    )
    assert (
        "Skriv varför deltagaren inte anställdes av spårets arbetsgivare."
        in response.content.decode()
    )
    response = client.post(url, {"situation": "astronaut", "hours_per_week": "999"})
    assert response.status_code == 200
    assert FollowUp.objects.get(pk=follow_up.pk).answered_at is None


def test_a_follow_up_cannot_be_answered_after_30_days(client, municipal_coordinator):
    follow_up = follow_up_of(municipal_coordinator, days_ago=31)
    client.force_login(municipal_coordinator)
    url = reverse("follow_ups:answer", args=[follow_up.pk])
    content = client.get(url).content.decode()
    assert (
        "Okänd: inte besvarad inom 30 dagar" in content
        and '<form method="post" novalidate' not in content
    )
    response = client.post(
        url,
        {
            "situation": FollowUpSituation.STUDYING,
            "self_sufficient": "no",
            "income_support": "no",
            "not_hired_reason": "Studerar",
        },
    )
    assert response.status_code == 200
    assert "kan inte längre besvaras" in response.content.decode()
    assert FollowUp.objects.get(pk=follow_up.pk).answered_at is None


def test_a_follow_up_of_a_participant_i_may_not_see_does_not_exist_for_me(
    client, af_coordinator, municipal_coordinator
):
    follow_up = follow_up_of(af_coordinator)  # an AF participant without consent
    client.force_login(municipal_coordinator)
    url = reverse("follow_ups:answer", args=[follow_up.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"situation": "studying"}).status_code == 404


@pytest.mark.parametrize("tab", ["due", "overdue", "answered"])
def test_the_list_takes_the_same_queries_for_few_and_many(client, municipal_coordinator, tab):
    days_ago = {"due": 2, "overdue": 20, "answered": 5}[tab]
    counts = []
    for batch in (2, 20):
        for _ in range(batch):
            follow_up_of(municipal_coordinator, days_ago=days_ago, answered=tab == "answered")
        client.force_login(municipal_coordinator)
        url = reverse("follow_ups:list") + f"?show={tab}"
        client.get(url)
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        counts.append(len(context.captured_queries))
    assert counts[0] == counts[1]


def test_the_form_takes_the_same_queries_whoever_answers(client, municipal_coordinator):
    follow_up = follow_up_of(municipal_coordinator, answered=True)
    client.force_login(municipal_coordinator)
    url = reverse("follow_ups:answer", args=[follow_up.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    assert len(context.captured_queries) <= 12
