"""The track's status: planning -> recruiting -> running -> completed -> followed up."""

import pytest

from tests.jobbspar.factories import UserFactory
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tracks import workflow
from tracks.models import State, TrackStatus, TrackStatusChange

PAIRS = [(a, b) for a in TrackStatus.values for b in TrackStatus.values if a != b]


@pytest.mark.django_db
@pytest.mark.parametrize(("from_status", "to_status"), PAIRS)
def test_track_status_table(from_status, to_status):
    track = TrackFactory(status=from_status)
    if to_status in workflow.TRACK_TRANSITIONS[from_status]:
        workflow.change_track_status(track=track, to_status=to_status, by=UserFactory())
        track.refresh_from_db()
        assert track.status == to_status
        assert TrackStatusChange.objects.filter(track=track, to_status=to_status).exists()
    else:
        with pytest.raises(workflow.TransitionRefused):
            workflow.change_track_status(track=track, to_status=to_status, by=UserFactory())
        track.refresh_from_db()
        assert track.status == from_status


@pytest.mark.django_db
def test_closing_needs_an_outcome_for_everyone():
    track = TrackFactory(status=TrackStatus.RUNNING)
    member = TrackParticipantFactory(track=track, state=State.IN_APL)
    with pytest.raises(workflow.TransitionRefused, match="1 deltagare"):
        workflow.change_track_status(track=track, to_status=TrackStatus.COMPLETED, by=UserFactory())
    member.state = State.CONTINUED_SUPPORT
    member.save()
    workflow.change_track_status(track=track, to_status=TrackStatus.COMPLETED, by=UserFactory())
    track.refresh_from_db()
    assert track.status == TrackStatus.COMPLETED
