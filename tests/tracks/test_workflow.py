"""The participant's way through a track: every allowed and every refused transition."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from employers.models import EmploymentType
from participants.models import PlanItem
from tests.dates import today
from tests.employers.factories import CriterionFactory
from tests.jobbspar.factories import UserFactory
from tests.participants.factories import ParticipantFactory
from tests.tracks.factories import PhaseFactory, TrackFactory, TrackParticipantFactory
from tracks import workflow
from tracks.models import (
    OFFER_STATES,
    PAUSABLE_STATES,
    REASON_STATES,
    PauseReason,
    State,
    TrackStatus,
    Transition,
)
from tracks.pausing import Pause

ALL_PAIRS = [(a, b) for a in State.values for b in State.values if a != b]
ALLOWED = [(a, b) for a, b in ALL_PAIRS if b in workflow.TRANSITIONS[a]]
REFUSED = [(a, b) for a, b in ALL_PAIRS if b not in workflow.TRANSITIONS[a]]


def _member(state, **kwargs):
    # A track that has run its course, so every move fits its dates (tests/tracks/test_move_rules.py
    # covers the dates and the phase plan).
    track = TrackFactory(start_date=today() - dt.timedelta(weeks=17))
    extra = {}
    if state in REASON_STATES:
        extra["reason"] = "Tidigare skäl"
    if state in OFFER_STATES:
        extra.update(
            offer_employment_type=EmploymentType.PERMANENT,
            offer_start_date=today(),
            offer_hours_per_week=Decimal("40"),
            offer_subsidy="unsubsidised",
            offer_employer=track.employer,
        )
    if state == State.PAUSED:
        extra.update(
            paused_from=State.IN_TRAINING,
            pause_reason=PauseReason.SICK_LEAVE,
            pause_planned_return=today() + dt.timedelta(days=14),
        )
    extra.update(kwargs)
    return TrackParticipantFactory(
        track=track,
        state=state,
        participant=ParticipantFactory(
            presentation_consent_on=today(), presentation_consent_by=UserFactory()
        ),
        **extra,
    )


def _offer(member):
    return workflow.Offer(
        employment_type=EmploymentType.PERMANENT,
        start_date=today() + dt.timedelta(days=30),
        hours_per_week=Decimal("37.5"),
        subsidy="unsubsidised",
        employer=member.track.employer,
    )


def test_the_table_covers_every_state():
    assert set(workflow.TRANSITIONS) == set(State.values)
    assert ALLOWED and REFUSED


@pytest.mark.django_db
@pytest.mark.parametrize(("from_state", "to_state"), ALLOWED)
def test_allowed_transition_is_made_and_recorded(from_state, to_state):
    # From a pause, the way back is to the state paused from (tests/tracks/test_pause.py).
    returning = from_state == State.PAUSED and to_state in PAUSABLE_STATES
    member = _member(from_state, **({"paused_from": to_state} if returning else {}))
    actor = UserFactory()
    moved = workflow.move_participant(
        track_participant=member,
        to_state=to_state,
        by=actor,
        reason="Skäl till ändringen",
        offer=_offer(member),
        pause=Pause(PauseReason.OTHER, today() + dt.timedelta(days=7)),
    )
    assert moved.state == to_state
    member.refresh_from_db()
    assert member.state == to_state
    history = Transition.objects.get(track_participant=member)
    assert (history.from_state, history.to_state, history.actor) == (from_state, to_state, actor)
    assert history.reason == "Skäl till ändringen"


@pytest.mark.django_db
@pytest.mark.parametrize(("from_state", "to_state"), REFUSED)
def test_refused_transition_changes_nothing(from_state, to_state):
    member = _member(from_state)
    with pytest.raises(workflow.TransitionRefused) as refused:
        workflow.move_participant(
            track_participant=member,
            to_state=to_state,
            by=UserFactory(),
            reason="Skäl",
            offer=_offer(member),
        )
    assert "kan inte flyttas till" in str(refused.value.messages[0])
    member.refresh_from_db()
    assert member.state == from_state
    assert not Transition.objects.filter(track_participant=member).exists()


@pytest.mark.django_db
def test_moving_to_the_current_state_is_a_no_op():
    member = _member(State.IN_TRAINING)
    workflow.move_participant(
        track_participant=member, to_state=State.IN_TRAINING, by=UserFactory()
    )
    assert not Transition.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("from_state", "to_state"),
    [(State.PRESENTED, State.NOT_SELECTED), (State.IN_TRAINING, State.DISCONTINUED)],
)
def test_a_reason_is_required(from_state, to_state):
    member = _member(from_state)
    with pytest.raises(workflow.TransitionRefused, match="skäl"):
        workflow.move_participant(track_participant=member, to_state=to_state, by=UserFactory())
    member.refresh_from_db()
    assert member.state == from_state


@pytest.mark.django_db
def test_discontinued_records_the_phase():
    member = _member(State.IN_TRAINING)
    phase = PhaseFactory(track=member.track)
    workflow.move_participant(
        track_participant=member,
        to_state=State.DISCONTINUED,
        by=UserFactory(),
        reason="Flyttade",
        phase=phase,
    )
    member.refresh_from_db()
    assert member.discontinued_phase == phase


@pytest.mark.django_db
def test_an_offer_needs_its_details():
    member = _member(State.COMPLETED)
    with pytest.raises(workflow.TransitionRefused, match="erbjudandet"):
        workflow.move_participant(
            track_participant=member, to_state=State.OFFERED, by=UserFactory()
        )
    workflow.move_participant(
        track_participant=member, to_state=State.OFFERED, by=UserFactory(), offer=_offer(member)
    )
    member.refresh_from_db()
    assert member.offer_hours_per_week == Decimal("37.5")
    assert member.offer_employer == member.track.employer


@pytest.mark.django_db
def test_presentation_is_refused_without_consent():
    member = TrackParticipantFactory(state=State.IN_INTRODUCTION)
    with pytest.raises(workflow.TransitionRefused, match="samtycke"):
        workflow.move_participant(
            track_participant=member, to_state=State.PRESENTED, by=UserFactory()
        )


@pytest.mark.django_db
def test_nobody_moves_in_a_closed_track():
    member = _member(State.IN_TRAINING)
    member.track.status = TrackStatus.COMPLETED
    member.track.save()
    with pytest.raises(workflow.TransitionRefused, match="avslutat"):
        workflow.move_participant(track_participant=member, to_state=State.IN_APL, by=UserFactory())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("state", "changes"),
    [
        (State.NOT_SELECTED, {"reason": ""}),
        (State.DISCONTINUED, {"reason": ""}),
        (State.OFFERED, {}),
        (State.EMPLOYED, {}),
    ],
)
def test_the_database_refuses_illegal_states(state, changes):
    member = TrackParticipantFactory()
    member.state = state
    for field, value in changes.items():
        setattr(member, field, value)
    with pytest.raises(IntegrityError), transaction.atomic():
        member.save()


@pytest.mark.django_db
def test_a_participant_is_active_in_one_track_at_a_time():
    first = TrackParticipantFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        TrackParticipantFactory(participant=first.participant)


@pytest.mark.django_db
def test_selection_adds_trained_gaps_to_the_plan():
    member = _member(State.PRESENTED)
    version = member.track.profile_version
    CriterionFactory(version=version, kind="certificate", mode="trained", certificate="hygiene")
    CriterionFactory(version=version, kind="swedish", mode="required", swedish_level="none")
    workflow.move_participant(track_participant=member, to_state=State.SELECTED, by=UserFactory())
    items = list(PlanItem.objects.filter(participant=member.participant))
    assert len(items) == 1
    assert "hygienintyg" in items[0].title.lower() or "hygien" in items[0].title.lower()


@pytest.mark.django_db
def test_the_participants_status_follows_their_way_through_the_track():
    from participants.models import ParticipantStatus

    nominator = UserFactory()
    participant = ParticipantFactory(
        presentation_consent_on=today(), presentation_consent_by=nominator
    )
    track = TrackFactory()
    member = workflow.nominate_candidate(
        track=track, participant=participant, by=nominator, motivation="Passar bra"
    )
    participant.refresh_from_db()
    assert participant.status == ParticipantStatus.IN_TRACK
    workflow.move_participant(
        track_participant=member, to_state=State.NOT_SELECTED, by=nominator, reason="Ej vald"
    )
    participant.refresh_from_db()
    assert participant.status == ParticipantStatus.ACTIVE

    for state in (State.IN_TRAINING, State.IN_APL, State.COMPLETED):
        member = _member(State.SELECTED) if state == State.IN_TRAINING else member
        workflow.move_participant(track_participant=member, to_state=state, by=nominator)
    member.participant.refresh_from_db()
    assert member.participant.status == ParticipantStatus.IN_TRACK
    offer = workflow.Offer(**{**_offer(member).__dict__, "start_date": today()})
    workflow.move_participant(
        track_participant=member, to_state=State.OFFERED, by=nominator, offer=offer
    )
    workflow.move_participant(track_participant=member, to_state=State.EMPLOYED, by=nominator)
    member.participant.refresh_from_db()
    assert member.participant.status == ParticipantStatus.EMPLOYED


@pytest.mark.django_db
def test_a_paused_participant_stays_paused_when_they_leave_a_track():
    from participants.models import ParticipantStatus

    member = _member(State.IN_APL)
    member.participant.status = ParticipantStatus.PAUSED
    member.participant.save()
    workflow.move_participant(
        track_participant=member, to_state=State.DISCONTINUED, by=UserFactory(), reason="Flytt"
    )
    member.participant.refresh_from_db()
    assert member.participant.status == ParticipantStatus.PAUSED
