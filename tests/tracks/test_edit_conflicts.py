"""Two people editing the same track, phase or progress: the second save is refused with a clear
Swedish message, shows what changed, keeps what the user typed, and overwrites nothing."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from jobbspar.models import Role
from tests.conftest import VerifiedClient
from tests.jobbspar.factories import UserFactory
from tests.participants.factories import ParticipantFactory
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tracks import phases
from tracks.models import PhaseKind, PhaseProgress, State

pytestmark = pytest.mark.django_db

CONFLICT = "Någon annan sparade de här uppgifterna medan du ändrade dem"


def _version_on(page: str) -> str:
    return re.search(r'name="version" value="(\d+)"', page).group(1)


def _second(role, organisation):
    other = VerifiedClient()
    other.force_login(UserFactory(role=role, organisation=organisation))
    return other


@pytest.fixture
def track():
    track = TrackFactory(start_date=dt.date(2026, 1, 5), weeks=12, name="Vård Söder")
    phases.generate_phase_plan(track=track)
    return track


def _track_post(track, version, **changes):
    data = {
        "name": track.name,
        "start_date": track.start_date.isoformat(),
        "weeks": str(track.weeks),
        "planned_participants": str(track.planned_participants),
        "mentors": [m.pk for m in track.mentors.all()],
        "version": version,
    }
    data.update(changes)
    return data


def test_second_save_of_a_track_shows_what_changed_and_keeps_the_input(
    client, af_coordinator, municipality, track
):
    url = reverse("tracks:track_edit", args=[track.pk])
    client.force_login(af_coordinator)
    mine = _version_on(client.get(url).content.decode())
    other = _second(Role.MUNICIPAL_COORDINATOR, municipality)
    theirs = _version_on(other.get(url).content.decode())

    assert other.post(url, _track_post(track, theirs, planned_participants="10")).status_code == 302

    response = client.post(url, _track_post(track, mine, name="Vård Söder vår"))
    assert response.status_code == 200
    page = response.content.decode()
    assert CONFLICT in page
    assert "ändrades under tiden: nu ”10”, din ”8”." in page
    assert 'value="Vård Söder vår"' in page  # the user's input is kept
    track.refresh_from_db()
    assert (track.name, track.planned_participants) == ("Vård Söder", 10)

    # Saving again from the conflict page is a deliberate overwrite, and it works.
    again = _track_post(track, _version_on(page), name="Vård Söder vår", planned_participants="8")
    assert client.post(url, again).status_code == 302
    track.refresh_from_db()
    assert (track.name, track.planned_participants) == ("Vård Söder vår", 8)


def test_second_save_of_a_phase_is_refused(client, af_coordinator, track):
    phase = track.phases.get(kind=PhaseKind.INTRODUCTION)
    url = reverse("tracks:phase_edit", args=[track.pk, phase.pk])
    client.force_login(af_coordinator)
    mine = _version_on(client.get(url).content.decode())
    data = {
        "kind": phase.kind,
        "title": phase.title,
        "starts_on": phase.starts_on.isoformat(),
        "ends_on": phase.ends_on.isoformat(),
        "responsible": phase.responsible,
        "place": phase.place,
        "version": mine,
    }
    other = _second(Role.AF_COORDINATOR, af_coordinator.organisation)
    assert other.post(url, {**data, "place": "Deras lokal"}).status_code == 302

    response = client.post(url, {**data, "title": "Min titel"})
    assert response.status_code == 200
    page = response.content.decode()
    assert CONFLICT in page
    assert "nu ”Deras lokal”" in page
    assert 'value="Min titel"' in page
    phase.refresh_from_db()
    assert (phase.title, phase.place) == (data["title"], "Deras lokal")


def test_second_save_of_progress_is_refused(client, job_coach, municipality, track):
    member = TrackParticipantFactory(
        track=track,
        participant=ParticipantFactory(registered_by=municipality),
        state=State.IN_TRAINING,
    )
    intro = track.phases.get(kind=PhaseKind.INTRODUCTION)
    PhaseProgress.objects.create(track_participant=member, phase=intro, attendance_percent=50)
    url = reverse("tracks:progress_edit", args=[track.pk, member.pk, intro.pk])
    client.force_login(job_coach)
    mine = _version_on(client.get(url).content.decode())
    other = _second(Role.JOB_COACH, job_coach.organisation)
    assert other.post(url, {"attendance_percent": "80", "version": mine}).status_code == 302

    response = client.post(
        url, {"attendance_percent": "60", "notes": "Mina anteckningar", "version": mine}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert CONFLICT in page
    assert "nu ”80”, din ”60”" in page
    assert "Mina anteckningar" in page
    row = PhaseProgress.objects.get(track_participant=member, phase=intro)
    assert (row.attendance_percent, row.notes) == (80, "")


def test_track_records_are_in_the_write_history(af_coordinator, track):
    from jobbspar.audit import changes_of

    track.name = "Nytt namn"
    track.save()
    phase = track.phases.first()
    phase_pk = phase.pk
    phase.delete()
    labels = [event.pgh_label for event in changes_of(track)]
    assert labels[:2] == ["update", "insert"]
    phase_events = type(phase).pgh_event_models["delete"].objects.filter(pgh_obj_id=phase_pk)
    assert [e.pgh_label for e in phase_events.order_by("pgh_id")][-1] == "delete"
