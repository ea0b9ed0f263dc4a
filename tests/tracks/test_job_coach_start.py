"""The job coach's first hour: their start page lists the participants they coach and their
tasks, in constant queries; follow-ups explain why they are the coordinators' instead of a bare
403. (Issue 21.)"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jobbspar.models import Notification, NotificationKind
from tests.dates import today
from tests.participants.factories import ConsentFactory, ParticipantFactory
from tests.tracks.factories import PhaseFactory, TrackFactory, TrackParticipantFactory
from tracks.models import AplLogEntry, PhaseKind, State

pytestmark = pytest.mark.django_db


def _coached_track(job_coach, municipality, *, members: int, name: str):
    track = TrackFactory(name=name, status="running", start_date=today() - dt.timedelta(weeks=3))
    track.job_coaches.add(job_coach)
    PhaseFactory(
        track=track,
        kind=PhaseKind.APL,
        title=f"APL {name}",
        starts_on=today() + dt.timedelta(days=5),
        ends_on=today() + dt.timedelta(days=30),
    )
    created = []
    for number in range(members):
        member = TrackParticipantFactory(
            track=track,
            participant=ParticipantFactory(registered_by=municipality, name=f"{name} {number}"),
            state=State.IN_TRAINING,
        )
        AplLogEntry.objects.create(
            track_participant=member,
            week_starting=today() - dt.timedelta(days=today().weekday()),
            mentor=track.mentors.first(),
            note="Sen flera dagar.",
            deviation=number == 0,
        )
        created.append(member)
    return track, created


def _queries(client) -> tuple[int, str]:
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as context:
        response = client.get(reverse("home"))
    return len(context.captured_queries), response.content.decode()


def test_the_start_page_lists_the_coached_participants_and_tasks(
    client, job_coach, municipality, af
):
    track, members = _coached_track(job_coach, municipality, members=3, name="Vårdspår")
    other_org = TrackParticipantFactory(
        track=track, participant=ParticipantFactory(registered_by=af, name="Ej synlig")
    )
    not_coached = TrackFactory(name="Annat spår", status="running")
    TrackParticipantFactory(
        track=not_coached, participant=ParticipantFactory(registered_by=municipality, name="Ej min")
    )
    Notification.objects.create(
        recipient=job_coach,
        kind=NotificationKind.PHASE_STARTS_SOON,
        object_type="tracks.phase",
        object_id="1",
        due_on=today(),
        send_after=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1),
        subject="APL börjar snart",
        body="-",
        url="/",
    )
    client.force_login(job_coach)
    _count, body = _queries(client)
    assert "3 deltagare i de pågående jobbspår där du är jobbcoach" in body
    for member in members:
        assert member.participant.name in body
    assert other_org.participant.name not in body and "Ej min" not in body
    assert "Avvikelse i APL" in body and "Vårdspår 0, veckan som börjar" in body
    assert f"APL Vårdspår börjar {today() + dt.timedelta(days=5):%Y-%m-%d}" in body
    assert "APL börjar snart" in body


def test_the_start_page_queries_do_not_grow(client, job_coach, municipality):
    _coached_track(job_coach, municipality, members=1, name="Ett")
    client.force_login(job_coach)
    few, _ = _queries(client)
    for index in range(4):
        _coached_track(job_coach, municipality, members=4, name=f"Spår {index}")
    many, body = _queries(client)
    assert many == few
    assert "17 deltagare" in body


def test_a_consent_makes_another_organisations_participant_visible(
    client, job_coach, municipality, af
):
    track, _ = _coached_track(job_coach, municipality, members=0, name="Tomt")
    person = ParticipantFactory(registered_by=af, name="Delad Deltagare")
    ConsentFactory(participant=person, shared_with=municipality)
    TrackParticipantFactory(track=track, participant=person, state=State.IN_TRAINING)
    client.force_login(job_coach)
    assert "Delad Deltagare" in _queries(client)[1]


@pytest.mark.parametrize("url_name", ["follow_ups:list"])
def test_follow_ups_explain_themselves_to_a_job_coach(client, job_coach, url_name):
    client.force_login(job_coach)
    response = client.get(reverse(url_name))
    assert response.status_code == 403
    body = response.content.decode()
    assert "Uppföljningar av utfall besvaras av samordnarna" in body
    assert reverse("home") in body
