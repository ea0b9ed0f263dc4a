"""Moves that must fit reality: into training, APL, completed, offered and employed only when the
track's dates and phase plan allow it, or as an explicit exception whose reason is recorded; and
the move form offers only the states allowed from the current one.

Issue 21: a coordinator could move a candidate presented -> selected -> employed in one day,
months before the track started, with no phase done; the form listed all 13 states."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from employers.models import EmploymentType
from tests.dates import today
from tests.jobbspar.factories import UserFactory
from tests.participants.factories import ParticipantFactory
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tracks import phases, workflow
from tracks.models import PhaseKind, PhaseProgress, State, Transition

pytestmark = pytest.mark.django_db


def _member(state, *, start_days: int, weeks: int = 16, **kwargs):
    track = TrackFactory(start_date=today() + dt.timedelta(days=start_days), weeks=weeks)
    phases.generate_phase_plan(track=track)
    return TrackParticipantFactory(track=track, state=state, **kwargs)


def _move(member, to_state, **kwargs):
    return workflow.move_participant(
        track_participant=member, to_state=to_state, by=UserFactory(), **kwargs
    )


def test_training_cannot_start_months_before_the_track(settings):
    member = _member(State.SELECTED, start_days=90)
    with pytest.raises(workflow.TransitionRefused) as refused:
        _move(member, State.IN_TRAINING)
    training = member.track.phases.get(kind=PhaseKind.TRAINING)
    assert f"Utbildningen börjar {training.starts_on:%Y-%m-%d}" in refused.value.messages[0]
    assert "skälet till undantaget" in refused.value.messages[0]
    member.refresh_from_db()
    assert member.state == State.SELECTED and member.started_on is None
    assert not Transition.objects.filter(track_participant=member).exists()


def test_a_real_exception_is_made_with_its_reason_recorded():
    member = _member(State.SELECTED, start_days=90)
    _move(member, State.IN_TRAINING, exception_reason="Börjar tidigare enligt arbetsgivaren.")
    member.refresh_from_db()
    assert member.state == State.IN_TRAINING
    history = Transition.objects.get(track_participant=member)
    assert history.override and history.reason == "Börjar tidigare enligt arbetsgivaren."


def test_training_starts_after_the_introduction_week():
    member = _member(State.SELECTED, start_days=-3)  # in the introduction week
    with pytest.raises(workflow.TransitionRefused):
        _move(member, State.IN_TRAINING)
    member = _member(State.SELECTED, start_days=-8, participant=ParticipantFactory())
    _move(member, State.IN_TRAINING)
    assert not Transition.objects.get(track_participant=member).override


def test_apl_only_from_the_apl_phase():
    member = _member(State.IN_TRAINING, start_days=-30)
    apl = member.track.phases.get(kind=PhaseKind.APL)
    assert apl.starts_on > today()
    with pytest.raises(workflow.TransitionRefused, match="APL börjar"):
        _move(member, State.IN_APL)
    started = _member(State.IN_TRAINING, start_days=-(apl.starts_on - today()).days - 40)
    _move(started, State.IN_APL)


def test_completion_after_the_last_phase_or_with_every_phase_done():
    member = _member(State.IN_APL, start_days=-90)
    with pytest.raises(workflow.TransitionRefused, match="sista fas"):
        _move(member, State.COMPLETED)
    for phase in member.track.phases.exclude(kind=PhaseKind.HIRING):
        PhaseProgress.objects.create(track_participant=member, phase=phase, completed=True)
    _move(member, State.COMPLETED)
    ended = _member(State.IN_APL, start_days=-120, participant=ParticipantFactory())
    _move(ended, State.COMPLETED)


def _offer(start):
    return workflow.Offer(
        employment_type=EmploymentType.PERMANENT,
        start_date=start,
        hours_per_week=Decimal("37.5"),
        subsidy="unsubsidised",
        employer=None,
    )


def test_an_offer_cannot_start_before_completion_and_employment_not_before_its_start():
    member = _member(State.COMPLETED, start_days=-120, completed_on=today() - dt.timedelta(days=3))
    offer = _offer(today() - dt.timedelta(days=10))
    offer = workflow.Offer(**{**offer.__dict__, "employer": member.track.employer})
    with pytest.raises(workflow.TransitionRefused, match="innan deltagaren"):
        _move(member, State.OFFERED, offer=offer)
    later = workflow.Offer(**{**offer.__dict__, "start_date": today() + dt.timedelta(days=14)})
    _move(member, State.OFFERED, offer=later)
    member.refresh_from_db()
    with pytest.raises(workflow.TransitionRefused, match="Anställningen börjar"):
        _move(member, State.EMPLOYED)
    _move(member, State.EMPLOYED, exception_reason="Började en vecka tidigare.")
    member.refresh_from_db()
    assert member.state == State.EMPLOYED


def test_the_move_form_offers_only_the_allowed_states(client, af, af_coordinator):
    member = _member(
        State.PRESENTED, start_days=60, participant=ParticipantFactory(registered_by=af)
    )
    client.force_login(af_coordinator)
    url = reverse("tracks:member_move", args=[member.track.pk, member.pk])
    body = client.get(url).content.decode()
    select = re.search(r'<select name="to_state".*?</select>', body, re.S).group(0)
    assert re.findall(r'<option value="(\w+)"', select) == [State.SELECTED, State.NOT_SELECTED]
    response = client.post(url, {"to_state": State.EMPLOYED})
    assert response.status_code == 200  # the form says so; nothing moves
    member.refresh_from_db()
    assert member.state == State.PRESENTED


def test_the_form_records_an_exception_and_the_history_shows_it(client, af, af_coordinator):
    member = _member(
        State.SELECTED, start_days=60, participant=ParticipantFactory(registered_by=af)
    )
    client.force_login(af_coordinator)
    url = reverse("tracks:member_move", args=[member.track.pk, member.pk])
    refused = client.post(url, {"to_state": State.IN_TRAINING})
    assert refused.status_code == 200 and "Utbildningen börjar" in refused.content.decode()
    client.post(url, {"to_state": State.IN_TRAINING, "exception_reason": "Tidig start."})
    member.refresh_from_db()
    assert member.state == State.IN_TRAINING
    body = client.get(url).content.decode()
    assert "Undantag från flyttreglerna" in body and "Tidig start." in body


def test_a_refused_board_move_opens_the_form_for_an_exception(client, af, af_coordinator):
    member = _member(
        State.SELECTED, start_days=60, participant=ParticipantFactory(registered_by=af)
    )
    client.force_login(af_coordinator)
    url = reverse("tracks:member_move", args=[member.track.pk, member.pk])
    response = client.post(url, {"to_state": State.IN_TRAINING}, headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == f"{url}?to={State.IN_TRAINING}"
    member.refresh_from_db()
    assert member.state == State.SELECTED


@pytest.mark.parametrize("state", list(workflow.TRANSITIONS))
def test_allowed_moves_follow_the_transitions_in_the_order_of_the_choices(state):
    """Read from a table built once per state: the same as the rule, and a fresh list each time
    (a caller that changes its list changes nobody else's)."""
    for paused_from in ["", *sorted(workflow.PAUSABLE_STATES)]:
        targets = workflow.TRANSITIONS[state]
        if state == State.PAUSED:
            targets = targets - (workflow.PAUSABLE_STATES - {paused_from})
        expected = [value for value in State.values if value in targets]
        moves = workflow.allowed_moves(state, paused_from=paused_from)
        assert moves == expected
        moves.append("changed")
        assert workflow.allowed_moves(state, paused_from=paused_from) == expected
