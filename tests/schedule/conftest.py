"""Shared by the schedule's calendar tests: a member of the module's own `track` fixture."""

import pytest

from tests.participants.factories import ParticipantFactory
from tests.tracks.factories import TrackParticipantFactory
from tracks.models import State


@pytest.fixture
def member(track, af, af_coordinator):
    return TrackParticipantFactory(
        track=track,
        state=State.IN_TRAINING,
        participant=ParticipantFactory(registered_by=af, name="Amal Hassan"),
        nominated_by=af_coordinator,
    )
