"""Coordinators delete phases (unless progress was recorded) and edit or remove funding rows."""

import pytest
from django.urls import reverse

from tests.tracks.factories import PhaseFactory, TrackFactory, TrackParticipantFactory
from tracks.models import FundingSource, FundingSourceKind, Phase, PhaseProgress, TrackStatus

pytestmark = pytest.mark.django_db


def test_a_phase_without_records_is_deleted_after_confirmation(client, af_coordinator):
    phase = PhaseFactory()
    client.force_login(af_coordinator)
    url = reverse("tracks:phase_delete", args=[phase.track.pk, phase.pk])
    page = client.get(url).content.decode()
    assert f"Ta bort fasen ”{phase.title}”?" in page
    assert Phase.objects.filter(pk=phase.pk).exists()
    response = client.post(url, follow=True)
    assert not Phase.objects.filter(pk=phase.pk).exists()
    assert f"Fasen ”{phase.title}” togs bort." in response.content.decode()


def test_a_phase_with_recorded_progress_is_kept_and_the_page_says_why(client, af_coordinator):
    phase = PhaseFactory()
    member = TrackParticipantFactory(track=phase.track)
    PhaseProgress.objects.create(track_participant=member, phase=phase, notes="Bra start")
    client.force_login(af_coordinator)
    response = client.post(reverse("tracks:phase_delete", args=[phase.track.pk, phase.pk]))
    assert response.status_code == 200
    assert "Framsteg har registrerats" in response.content.decode()
    assert Phase.objects.filter(pk=phase.pk).exists()
    # Generating the plan again would also delete that progress: refused too.
    response = client.post(reverse("tracks:phases_generate", args=[phase.track.pk]), follow=True)
    assert "Framsteg har registrerats" in response.content.decode()
    assert PhaseProgress.objects.filter(phase=phase).exists()


def test_a_closed_tracks_phases_cannot_be_deleted(client, af_coordinator):
    phase = PhaseFactory(track=TrackFactory(status=TrackStatus.COMPLETED))
    client.force_login(af_coordinator)
    response = client.post(reverse("tracks:phase_delete", args=[phase.track.pk, phase.pk]))
    assert "Jobbspåret är avslutat" in response.content.decode()
    assert Phase.objects.filter(pk=phase.pk).exists()


def test_another_tracks_phase_is_not_found(client, af_coordinator):
    phase = PhaseFactory()
    other = TrackFactory()
    client.force_login(af_coordinator)
    response = client.post(reverse("tracks:phase_delete", args=[other.pk, phase.pk]))
    assert response.status_code == 404


def test_funding_is_edited_with_messages_and_removed(client, af_coordinator):
    track = TrackFactory()
    source = FundingSource.objects.create(
        track=track, source=FundingSourceKind.JOBBPAKTEN, amount=100_000
    )
    client.force_login(af_coordinator)
    url = reverse("tracks:funding_edit", args=[track.pk, source.pk])
    assert "100000" in client.get(url).content.decode()
    response = client.post(url, {"source": "committee", "description": "Nämnden", "amount": "x"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Nämnden" in body  # what was typed is kept
    source.refresh_from_db()
    assert source.amount == 100_000
    response = client.post(
        url, {"source": "committee", "description": "Nämnden", "amount": "250000"}
    )
    assert response.status_code == 302
    source.refresh_from_db()
    assert (source.source, source.amount) == ("committee", 250_000)
    track_page = client.get(track.get_absolute_url()).content.decode()
    assert "250\xa0000 kr" in track_page  # the amount with a Swedish thousands separator
    delete_url = reverse("tracks:funding_delete", args=[track.pk, source.pk])
    assert "Ta bort finansieringen" in client.get(delete_url).content.decode()
    client.post(delete_url)
    assert not FundingSource.objects.filter(pk=source.pk).exists()


def test_another_tracks_funding_is_not_found(client, af_coordinator):
    source = FundingSource.objects.create(
        track=TrackFactory(), source=FundingSourceKind.EU, amount=1
    )
    client.force_login(af_coordinator)
    other = TrackFactory()
    assert client.get(reverse("tracks:funding_edit", args=[other.pk, source.pk])).status_code == 404
    assert (
        client.post(reverse("tracks:funding_delete", args=[other.pk, source.pk])).status_code == 404
    )
