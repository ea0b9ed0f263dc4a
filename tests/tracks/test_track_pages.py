"""The coordinator's track pages: create from a need, the track page, nominate, the board."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.dates import today
from tests.employers.factories import ContactPersonFactory, RecruitmentNeedFactory
from tests.participants.factories import ParticipantFactory
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tracks import phases
from tracks.models import State, Track, Transition

pytestmark = pytest.mark.django_db


def test_create_a_track_from_a_need(client, af_coordinator):
    need = RecruitmentNeedFactory()
    mentor = ContactPersonFactory(employer=need.employer)
    client.force_login(af_coordinator)
    url = reverse("tracks:track_create") + f"?need={need.pk}"
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(
        url,
        {
            "name": "Undersköterskor våren",
            "start_date": "2027-02-01",
            "weeks": "16",
            "planned_participants": "8",
            "mentors": [mentor.pk],
            "coordinators": [af_coordinator.pk],
            "blind_selection": "on",
        },
    )
    track = Track.objects.get()
    assert response.status_code == 302
    assert response["Location"] == track.get_absolute_url()
    assert (track.employer, track.need, track.weeks) == (need.employer, need, 16)
    assert track.blind_selection is True


@pytest.mark.parametrize(("weeks", "message"), [("6", "minst 7"), ("28", "högst 27")])
def test_a_length_outside_7_to_27_weeks_gets_a_clear_message(
    client, af_coordinator, weeks, message
):
    need = RecruitmentNeedFactory()
    client.force_login(af_coordinator)
    url = reverse("tracks:track_create") + f"?need={need.pk}"
    response = client.post(
        url,
        {"name": "Spår", "start_date": "2027-02-01", "weeks": weeks, "planned_participants": "8"},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert 'value="Spår"' in response.content.decode()  # nothing entered is lost
    assert not Track.objects.exists()


def test_generate_phases_and_see_today_marked(client, af_coordinator):
    track = TrackFactory(start_date=today() - dt.timedelta(days=2), weeks=10)
    client.force_login(af_coordinator)
    client.post(reverse("tracks:phases_generate", args=[track.pk]))
    page = client.get(track.get_absolute_url()).content.decode()
    assert track.phases.count() == 4
    assert 'aria-current="step"' in page
    assert "Pågår nu (i dag)" in page


def test_nominate_from_find_candidates(client, af, af_coordinator):
    track = TrackFactory()
    participant = ParticipantFactory(name="Amina Hassan", registered_by=af)
    client.force_login(af_coordinator)
    page = client.get(reverse("tracks:find_candidates", args=[track.pk])).content.decode()
    assert "Amina Hassan" in page
    client.post(
        reverse("tracks:nominate", args=[track.pk]),
        {"participant": participant.pk, "motivation": "Har vårderfarenhet."},
    )
    member = track.participants.get()
    assert (member.participant, member.nominating_organisation) == (participant, af)
    track.profile_version.refresh_from_db()
    assert track.profile_version.is_frozen
    detail = client.get(track.get_absolute_url()).content.decode()
    assert "Amina Hassan" in detail and af.name in detail


def test_nominating_someone_the_coordinator_may_not_see_is_a_404(
    client, municipality, af_coordinator
):
    track = TrackFactory()
    hidden = ParticipantFactory(registered_by=municipality)
    client.force_login(af_coordinator)
    response = client.post(
        reverse("tracks:nominate", args=[track.pk]),
        {"participant": hidden.pk, "motivation": "Motivering"},
    )
    assert response.status_code == 404
    assert not track.participants.exists()


def test_pool_shows_a_pseudonym_for_someone_the_user_may_not_see(
    client, municipality, af_coordinator
):
    member = TrackParticipantFactory(
        participant=ParticipantFactory(name="Dold Kommundeltagare", registered_by=municipality)
    )
    client.force_login(af_coordinator)
    page = client.get(member.track.get_absolute_url()).content.decode()
    assert "Dold Kommundeltagare" not in page
    assert f"Kandidat {member.candidate_number}" in page


def test_board_move_with_htmx_returns_the_board(client, af, af_coordinator):
    member = TrackParticipantFactory(participant=ParticipantFactory(registered_by=af))
    client.force_login(af_coordinator)
    url = reverse("tracks:member_move", args=[member.track.pk, member.pk])
    response = client.post(url, {"to_state": State.IN_INTRODUCTION}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="board">')
    assert "I introduktionsveckan" in body
    member.refresh_from_db()
    assert member.state == State.IN_INTRODUCTION
    assert Transition.objects.get(track_participant=member).actor == af_coordinator


def test_board_move_with_htmx_refreshes_the_key_numbers_out_of_band(client, af, af_coordinator):
    member = TrackParticipantFactory(
        track=TrackFactory(start_date=today() - dt.timedelta(weeks=10)),
        participant=ParticipantFactory(registered_by=af),
        state=State.IN_TRAINING,
    )
    client.force_login(af_coordinator)
    url = reverse("tracks:member_move", args=[member.track.pk, member.pk])
    response = client.post(url, {"to_state": State.IN_APL}, headers={"HX-Request": "true"})
    body = response.content.decode()
    numbers = body[body.index('<dl class="summary-list" id="key-numbers" hx-swap-oob="true">') :]
    numbers = numbers[: numbers.index("</dl>")]
    # One person, now in APL and no longer in training.
    assert "<dt>I APL</dt><dd>1</dd>" in numbers
    assert "<dt>I utbildning</dt><dd>0</dd>" in numbers


def test_board_move_without_js_redirects_and_refusals_are_explained(client, af, af_coordinator):
    member = TrackParticipantFactory(participant=ParticipantFactory(registered_by=af))
    client.force_login(af_coordinator)
    url = reverse("tracks:member_move", args=[member.track.pk, member.pk])
    response = client.post(url, {"to_state": State.EMPLOYED})
    assert response.status_code == 200
    assert "kan inte flyttas till" in response.content.decode()
    response = client.post(url, {"to_state": State.NOT_SELECTED, "reason": ""})
    assert "Ange ett skäl" in response.content.decode()
    response = client.post(url, {"to_state": State.IN_INTRODUCTION})
    assert response.status_code == 302


def test_presenting_without_consent_is_refused_on_the_board(client, af, af_coordinator):
    member = TrackParticipantFactory(
        participant=ParticipantFactory(registered_by=af), state=State.IN_INTRODUCTION
    )
    client.force_login(af_coordinator)
    url = reverse("tracks:member_move", args=[member.track.pk, member.pk])
    response = client.post(url, {"to_state": State.PRESENTED}, headers={"HX-Request": "true"})
    assert "samtycket till presentation" in response.content.decode()
    member.refresh_from_db()
    assert member.state == State.IN_INTRODUCTION


def test_closing_with_open_participants_is_refused(client, af_coordinator):
    member = TrackParticipantFactory(track=TrackFactory(status="running"), state=State.IN_APL)
    client.force_login(af_coordinator)
    response = client.post(
        reverse("tracks:track_status", args=[member.track.pk]),
        {"to_status": "completed"},
        follow=True,
    )
    assert "kan inte avslutas" in response.content.decode()
    member.track.refresh_from_db()
    assert member.track.status == "running"


def test_employer_users_and_managers_get_no_track_pages(client, employer_user, manager):
    track = TrackFactory()
    for user in (employer_user, manager):
        client.force_login(user)
        assert client.get(track.get_absolute_url()).status_code == 403
        assert client.get(reverse("tracks:track_list")).status_code == 403


def test_job_coach_reads_but_cannot_edit(client, job_coach):
    track = TrackFactory()
    client.force_login(job_coach)
    assert client.get(track.get_absolute_url()).status_code == 200
    assert client.get(reverse("tracks:track_edit", args=[track.pk])).status_code == 403
    assert client.post(reverse("tracks:phases_generate", args=[track.pk])).status_code == 403


def test_editing_the_track_keeps_the_phase_plan_valid(client, af_coordinator):
    track = TrackFactory(weeks=12)
    phases.generate_phase_plan(track=track)
    client.force_login(af_coordinator)
    data = {
        "name": track.name,
        "start_date": track.start_date.isoformat(),
        "weeks": "8",
        "planned_participants": "8",
        "mentors": [m.pk for m in track.mentors.all()],
    }
    response = client.post(reverse("tracks:track_edit", args=[track.pk]), data)
    assert response.status_code == 200
    assert "måste ligga inom jobbspåret" in response.content.decode()
    track.refresh_from_db()
    assert track.weeks == 12
    data["weeks"] = "12"
    data["name"] = "Nytt namn"
    assert client.post(reverse("tracks:track_edit", args=[track.pk]), data).status_code == 302


def test_add_a_funding_source(client, municipal_coordinator):
    track = TrackFactory()
    client.force_login(municipal_coordinator)
    url = reverse("tracks:funding_add", args=[track.pk])
    response = client.post(url, {"source": "committee", "description": "AMN", "amount": "-5"})
    assert response.status_code == 200
    assert not track.funding.exists()
    response = client.post(url, {"source": "committee", "description": "AMN", "amount": "120000"})
    assert response.status_code == 302
    assert list(track.funding.values_list("source", "amount")) == [("committee", 120000)]
    assert "120\xa0000 kr" in client.get(track.get_absolute_url()).content.decode()


def test_coordinator_start_page_lists_their_open_tracks(client, af_coordinator):
    mine = TrackFactory(name="Mitt spår")
    mine.coordinators.add(af_coordinator)
    closed = TrackFactory(name="Avslutat spår", status="completed")
    closed.coordinators.add(af_coordinator)
    TrackFactory(name="Någon annans spår")
    client.force_login(af_coordinator)
    page = client.get(reverse("home")).content.decode()
    assert "Mitt spår" in page
    assert "Avslutat spår" not in page and "Någon annans spår" not in page
