"""Closing questions at a track's completion, with one click to a new recruitment need."""

import datetime as dt

import pytest
from django.urls import reverse

from employers.models import RecruitmentNeed
from tests.tracks.factories import PhaseFactory, TrackFactory
from tracks.models import PhaseKind, PhaseReview, TrackClosing, TrackStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def completed_track():
    track = TrackFactory(status=TrackStatus.COMPLETED, start_date=dt.date(2026, 3, 2), weeks=8)
    training = PhaseFactory(
        track=track, kind=PhaseKind.TRAINING, title="Utbildning", starts_on=dt.date(2026, 3, 2)
    )
    apl = PhaseFactory(
        track=track,
        kind=PhaseKind.APL,
        title="APL",
        starts_on=dt.date(2026, 4, 6),
        ends_on=dt.date(2026, 4, 24),
    )
    return track, training, apl


def answers(training, apl, **extra):
    return {
        "training_matched_need": "partly",
        "training_comment": "Mer språkstöd behövs.",
        f"phase_{training.pk}_worked": "yes",
        f"phase_{apl.pk}_worked": "no",
        f"phase_{apl.pk}_comment": "För få handledare.",
        "employer_has_new_need": "yes",
        "new_need_start": "2027-01-11",
        **extra,
    }


def test_closing_questions_save_each_phase_and_create_the_new_need_once(
    client, af_coordinator, completed_track
):
    track, training, apl = completed_track
    client.force_login(af_coordinator)
    track_page = client.get(track.get_absolute_url()).content.decode()
    url = reverse("tracks:track_closing", args=[track.pk])
    assert url in track_page
    response = client.post(url, answers(training, apl))
    closing = TrackClosing.objects.get(track=track)
    new_need = closing.new_need
    assert response.status_code == 302 and response["Location"] == reverse(
        "employers:need_detail", args=[new_need.pk]
    )
    assert new_need.repeats == track.need and new_need.wanted_start == dt.date(2027, 1, 11)
    assert closing.training_matched_need == "partly" and closing.employer_has_new_need
    assert dict(PhaseReview.objects.values_list("phase__title", "worked")) == {
        "Utbildning": "yes",
        "APL": "no",
    }
    # Correcting the answers creates no second need.
    response = client.post(url, answers(training, apl, training_matched_need="yes"))
    assert response.status_code == 302
    assert RecruitmentNeed.objects.filter(repeats=track.need).count() == 1
    assert TrackClosing.objects.get(track=track).training_matched_need == "yes"
    assert "Nytt rekryteringsbehov skapat" in client.get(url).content.decode()


def test_bad_closing_answers_get_swedish_messages_and_keep_the_text(
    client, municipal_coordinator, completed_track
):
    track, training, apl = completed_track
    client.force_login(municipal_coordinator)
    url = reverse("tracks:track_closing", args=[track.pk])
    response = client.post(
        url,
        {
            "training_comment": "Bra lärare",
            f"phase_{apl.pk}_worked": "kanske",
            "employer_has_new_need": "yes",
            "new_need_start": "11/1 2027",
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    for message in (
        "Svara på om utbildningen motsvarade behovet.",
        "Svara på om ”Utbildning” fungerade.",
        "Svara på om ”APL” fungerade.",
        "Ange datumet som ÅÅÅÅ-MM-DD, till exempel 2026-12-01.",
    ):
        assert message in content, message
    assert "Bra lärare" in content and 'value="11/1 2027"' in content
    response = client.post(url, answers(training, apl, new_need_start=""))
    assert "Ange när det nya behovet ska starta." in response.content.decode()
    assert not TrackClosing.objects.exists()


def test_a_track_still_running_has_no_closing_questions_yet(client, af_coordinator):
    track = TrackFactory(status=TrackStatus.RUNNING)
    client.force_login(af_coordinator)
    url = reverse("tracks:track_closing", args=[track.pk])
    assert "när spåret är avslutat" in client.get(url).content.decode()
    client.post(url, {"training_matched_need": "yes", "employer_has_new_need": "no"})
    assert not TrackClosing.objects.exists()


@pytest.mark.parametrize(
    ("status", "linked"),
    [
        (TrackStatus.RUNNING, False),
        (TrackStatus.COMPLETED, True),
        (TrackStatus.FOLLOWED_UP, True),
    ],
)
def test_the_track_page_links_the_closing_questions_once_the_track_is_closed(
    client, af_coordinator, status, linked
):
    track = TrackFactory(status=status)
    client.force_login(af_coordinator)
    track_page = client.get(track.get_absolute_url()).content.decode()
    assert (reverse("tracks:track_closing", args=[track.pk]) in track_page) is linked
