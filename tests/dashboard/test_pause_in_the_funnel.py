"""A pause changes no measure: the paused participant still counts as started, and is neither
completed, discontinued nor in the placement rate's base."""

import datetime as dt

import pytest

from dashboard.outcomes import Filters
from dashboard.outcomes.measures import gather
from tests.dates import today
from tests.jobbspar.factories import UserFactory
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tracks import workflow
from tracks.models import PauseReason, State
from tracks.pausing import Pause

pytestmark = pytest.mark.django_db


def test_a_paused_participant_counts_as_started_and_nothing_else():
    day = today()
    member = TrackParticipantFactory(
        track=TrackFactory(start_date=day - dt.timedelta(weeks=4)),
        state=State.IN_TRAINING,
        started_on=day - dt.timedelta(weeks=3),
    )
    before = gather(Filters(), today=day)["counts"]
    workflow.move_participant(
        track_participant=member,
        to_state=State.PAUSED,
        by=UserFactory(),
        pause=Pause(PauseReason.PARENTAL_LEAVE, day + dt.timedelta(days=90)),
    )
    after = gather(Filters(), today=day)["counts"]
    assert after == before
    assert after["started"] == 1
    assert after["completed"] == after["discontinued"] == after["placement_base"] == 0
