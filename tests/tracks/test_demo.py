"""seed_demo creates tracks in every status, one completed with outcomes, idempotently."""

import pytest
from django.core.management import call_command

from tracks.models import FINAL_STATES, State, Track, TrackStatus, Transition

pytestmark = pytest.mark.django_db


def test_seed_demo_has_tracks_in_every_status(settings):
    settings.DEMO_MODE = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = (Track.objects.count(), Transition.objects.count())
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (Track.objects.count(), Transition.objects.count()) == counts
    assert set(Track.objects.values_list("status", flat=True)) == set(TrackStatus.values)
    completed = Track.objects.get(status=TrackStatus.COMPLETED)
    states = set(completed.participants.values_list("state", flat=True))
    assert states <= FINAL_STATES
    assert State.EMPLOYED in states
    recruiting = Track.objects.get(status=TrackStatus.RECRUITING)
    assert recruiting.participants.filter(state=State.PRESENTED).exists()
    assert all(track.phases.count() == 4 for track in Track.objects.all())
