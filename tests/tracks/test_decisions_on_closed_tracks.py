"""The employer's decisions stop when the track closes, with a message that says so (a closed
track without a selection deadline once failed with an AttributeError instead)."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tracks import decisions
from tracks.models import CandidateDecision, Decision, State, TrackStatus

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("deadline_days", [None, -3, 10])
@pytest.mark.parametrize("status", [TrackStatus.COMPLETED, TrackStatus.FOLLOWED_UP])
def test_no_decisions_in_a_closed_track_whatever_its_deadline(employer_user, status, deadline_days):
    deadline = (
        None if deadline_days is None else timezone.localdate() + dt.timedelta(days=deadline_days)
    )
    track = TrackFactory(status=status, selection_deadline=deadline)
    member = TrackParticipantFactory(track=track, state=State.PRESENTED)
    with pytest.raises(decisions.DecisionRefused, match="Spåret är avslutat"):
        decisions.record_decision(
            track_participant=member, decision=Decision.SELECT, by=employer_user
        )
    assert not CandidateDecision.objects.exists()


def test_after_the_deadline_of_an_open_track_the_deadline_is_named(employer_user):
    deadline = timezone.localdate() - dt.timedelta(days=1)
    track = TrackFactory(status=TrackStatus.RECRUITING, selection_deadline=deadline)
    member = TrackParticipantFactory(track=track, state=State.PRESENTED)
    with pytest.raises(decisions.DecisionRefused, match="Sista dag för urvalet"):
        decisions.record_decision(
            track_participant=member, decision=Decision.SELECT, by=employer_user
        )
