"""Offers during the track (issue 17): a job can be offered in APL or the hiring phase, not only
after completion; the participant then leaves the track when they start the job or decline, and
their follow-ups are scheduled from that day."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from employers.models import EmploymentType
from tests.dates import today
from tests.jobbspar.factories import UserFactory
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tracks import workflow
from tracks.models import State, Subsidy

pytestmark = pytest.mark.django_db


def _in_apl():
    track = TrackFactory(start_date=today() - dt.timedelta(weeks=10))
    return TrackParticipantFactory(track=track, state=State.IN_APL)


def _offer(member, start_in_days=30):
    return workflow.Offer(
        employment_type=EmploymentType.PROBATIONARY,
        start_date=today() + dt.timedelta(days=start_in_days),
        hours_per_week=Decimal("40"),
        employer=member.track.employer,
        subsidy=Subsidy.UNSUBSIDISED,
    )


def test_offers_can_be_recorded_in_apl_and_after_completion_only():
    assert {State.IN_APL, State.COMPLETED} == workflow.OFFERABLE_STATES
    assert workflow.may_record_offer(TrackParticipantFactory.build(state=State.IN_APL))
    assert not workflow.may_record_offer(TrackParticipantFactory.build(state=State.IN_TRAINING))


def test_a_participant_in_apl_is_offered_a_job_without_completing():
    member = _in_apl()
    workflow.move_participant(
        track_participant=member, to_state=State.OFFERED, by=UserFactory(), offer=_offer(member)
    )
    member.refresh_from_db()
    assert member.state == State.OFFERED
    assert member.offered_on == today() and member.completed_on is None
    assert not member.follow_ups.exists()  # still in the track until they start or decline


@pytest.mark.parametrize("outcome", [State.EMPLOYED, State.DECLINED, State.OFFER_WITHDRAWN])
def test_follow_ups_start_when_they_leave_the_track_for_the_job_or_decline(outcome):
    member = _in_apl()
    workflow.move_participant(
        track_participant=member,
        to_state=State.OFFERED,
        by=UserFactory(),
        offer=_offer(member, start_in_days=0),
    )
    workflow.move_participant(
        track_participant=member, to_state=outcome, by=UserFactory(), reason="Skäl"
    )
    member.refresh_from_db()
    assert member.completed_on is None
    assert sorted(member.follow_ups.values_list("months", flat=True)) == [3, 6, 12]


def test_an_offer_after_completion_keeps_the_follow_ups_of_the_completion():
    member = TrackParticipantFactory(
        track=TrackFactory(start_date=today() - dt.timedelta(weeks=17)),
        state=State.IN_APL,
    )
    by = UserFactory()
    workflow.move_participant(
        track_participant=member, to_state=State.COMPLETED, by=by, exception_reason="Klar."
    )
    first = list(member.follow_ups.values_list("pk", "due_on"))
    workflow.move_participant(
        track_participant=member,
        to_state=State.OFFERED,
        by=by,
        offer=_offer(member, start_in_days=0),
    )
    workflow.move_participant(track_participant=member, to_state=State.EMPLOYED, by=by)
    assert list(member.follow_ups.values_list("pk", "due_on")) == first


def test_the_coordinators_move_form_offers_a_job_during_apl(client, af, af_coordinator):
    from tests.participants.factories import ParticipantFactory

    member = _in_apl()
    member.participant = ParticipantFactory(registered_by=af)
    member.save()
    client.force_login(af_coordinator)
    url = reverse("tracks:member_move", args=[member.track.pk, member.pk])
    assert 'value="offered"' in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "to_state": State.OFFERED,
            "employment_type": "permanent",
            "subsidy": Subsidy.INTRODUKTIONSJOBB,
            "start_date": (today() + dt.timedelta(days=40)).isoformat(),
            "hours_per_week": "37,5",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.state, member.offer_subsidy) == (State.OFFERED, Subsidy.INTRODUKTIONSJOBB)
