"""A pause (sick leave, parental leave, another reason) with a planned return, the return to the
state paused from, the return from APL to training, and the reminder when the planned return
day passes."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from jobbspar.models import Notification, NotificationKind
from tests.dates import today
from tests.jobbspar.factories import UserFactory
from tests.participants.factories import ParticipantFactory
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tracks import bulk, workflow
from tracks.models import PauseReason, State, TrackStatus, Transition
from tracks.pausing import Pause
from tracks.reminders import plan_reminders

pytestmark = pytest.mark.django_db


def _member(state=State.IN_TRAINING, **kwargs):
    # A track that has run its course, so training and APL fit its dates.
    track = kwargs.pop("track", None) or TrackFactory(start_date=today() - dt.timedelta(weeks=17))
    return TrackParticipantFactory(track=track, state=state, **kwargs)


def _pause(member, *, reason=PauseReason.SICK_LEAVE, days=14, by=None):
    return workflow.move_participant(
        track_participant=member,
        to_state=State.PAUSED,
        by=by or UserFactory(),
        reason="Läkarintyg finns",
        pause=Pause(reason, today() + dt.timedelta(days=days)),
    )


@pytest.mark.parametrize("from_state", [State.IN_TRAINING, State.IN_APL])
def test_a_pause_keeps_where_the_participant_was_and_the_return_leads_back(from_state):
    member = _member(from_state)
    paused = _pause(member, reason=PauseReason.PARENTAL_LEAVE, days=120)
    assert paused.state == State.PAUSED
    assert paused.paused_from == from_state
    assert paused.pause_reason == PauseReason.PARENTAL_LEAVE
    assert paused.pause_planned_return == today() + dt.timedelta(days=120)

    back = workflow.return_from_pause(track_participant=paused, by=UserFactory())
    assert back.state == from_state
    back.refresh_from_db()
    assert (back.paused_from, back.pause_reason, back.pause_planned_return) == ("", "", None)
    history = list(member.transitions.values_list("from_state", "to_state"))
    assert history == [(from_state, State.PAUSED), (State.PAUSED, from_state)]
    # The pause is not an outcome: no milestone is touched, the participant stays active.
    assert back.discontinued_on is None and not back.is_final


def test_the_return_goes_to_the_state_paused_from_and_no_other():
    member = _pause(_member(State.IN_APL))
    assert workflow.moves_of(member) == [State.IN_APL, State.DISCONTINUED]
    with pytest.raises(workflow.TransitionRefused, match="återgår"):
        workflow.move_participant(
            track_participant=member, to_state=State.IN_TRAINING, by=UserFactory()
        )
    member.refresh_from_db()
    assert member.state == State.PAUSED


def test_a_paused_participant_may_discontinue():
    member = _pause(_member())
    workflow.move_participant(
        track_participant=member,
        to_state=State.DISCONTINUED,
        by=UserFactory(),
        reason="Kommer inte tillbaka",
    )
    member.refresh_from_db()
    assert member.state == State.DISCONTINUED
    assert member.pause_reason == ""
    assert member.discontinued_on == today()


@pytest.mark.parametrize(
    ("reason", "days_to_return", "message"),
    [
        (None, None, "orsaken"),
        ("holiday", 5, "orsaken"),
        (PauseReason.SICK_LEAVE, None, "planerar att återgå"),
        (PauseReason.SICK_LEAVE, 0, "efter"),
        (PauseReason.OTHER, 4 * 365, "tre år"),
    ],
)
def test_a_pause_needs_a_reason_and_a_planned_return_after_today(reason, days_to_return, message):
    planned_return = None if days_to_return is None else today() + dt.timedelta(days_to_return)
    pause = None if reason is None else Pause(reason, planned_return)
    member = _member()
    with pytest.raises(workflow.TransitionRefused, match=message):
        workflow.move_participant(
            track_participant=member, to_state=State.PAUSED, by=UserFactory(), pause=pause
        )
    member.refresh_from_db()
    assert member.state == State.IN_TRAINING
    assert not Transition.objects.exists()


@pytest.mark.parametrize("state", [State.SELECTED, State.COMPLETED, State.OFFERED, State.NOMINATED])
def test_only_training_and_apl_can_pause(state):
    assert State.PAUSED not in workflow.TRANSITIONS[state]


def test_apl_returns_to_training_while_the_training_goes_on():
    member = _member(State.IN_TRAINING)
    by = UserFactory()
    workflow.move_participant(track_participant=member, to_state=State.IN_APL, by=by)
    workflow.move_participant(track_participant=member, to_state=State.IN_TRAINING, by=by)
    workflow.move_participant(track_participant=member, to_state=State.IN_APL, by=by)
    member.refresh_from_db()
    assert member.state == State.IN_APL
    assert list(member.transitions.values_list("to_state", flat=True)) == [
        State.IN_APL,
        State.IN_TRAINING,
        State.IN_APL,
    ]


def test_the_database_refuses_a_pause_without_its_details():
    member = _member()
    member.state = State.PAUSED
    with pytest.raises(IntegrityError), transaction.atomic():
        member.save()


def test_a_paused_participant_is_still_in_the_track():
    member = _pause(_member())
    # Active: not nominated elsewhere, and the track cannot close over them.
    with pytest.raises(workflow.TransitionRefused, match="redan aktiv"):
        workflow.nominate_candidate(
            track=TrackFactory(),
            participant=member.participant,
            by=UserFactory(),
            motivation="Passar",
        )
    track = member.track
    track.status = TrackStatus.RUNNING
    track.save()
    with pytest.raises(workflow.TransitionRefused, match="utfall"):
        workflow.change_track_status(track=track, to_status=TrackStatus.COMPLETED, by=UserFactory())


def test_a_bulk_move_never_pauses_but_brings_people_back(af_coordinator):
    assert State.PAUSED not in bulk.bulk_targets()
    with pytest.raises(Exception, match="en deltagare i taget"):
        bulk.move_all([_member()], to_state=State.PAUSED, by=af_coordinator)
    paused = _pause(_member())
    outcomes = bulk.move_all([paused], to_state=State.IN_TRAINING, by=af_coordinator)
    assert [o.result for o in outcomes] == [bulk.Result.MOVED]


# --- The reminder when the planned return day passes ---------------------------------------


def _running_track(coordinators, job_coaches=()):
    track = TrackFactory(start_date=today() - dt.timedelta(weeks=17), status=TrackStatus.RUNNING)
    track.coordinators.set(coordinators)
    track.job_coaches.set(job_coaches)
    return track


def _plan_every_day(start, end):
    day = start
    while day <= end:
        plan_reminders(today=day)
        day += dt.timedelta(days=1)


def test_the_coordinators_are_reminded_once_when_the_planned_return_passes(
    af_coordinator, municipal_coordinator, job_coach
):
    track = _running_track([af_coordinator, municipal_coordinator], [job_coach])
    member = _pause(_member(track=track), days=3)
    planned = member.pause_planned_return
    kind = NotificationKind.PAUSE_RETURN_PASSED

    _plan_every_day(today(), planned)
    assert not Notification.objects.filter(kind=kind).exists()  # not before it has passed
    _plan_every_day(planned + dt.timedelta(days=1), planned + dt.timedelta(days=10))
    _plan_every_day(planned + dt.timedelta(days=1), planned + dt.timedelta(days=10))  # again
    reminders = Notification.objects.filter(kind=kind)
    assert sorted(n.recipient_id for n in reminders) == sorted(
        [af_coordinator.pk, municipal_coordinator.pk]
    )
    assert {n.due_on for n in reminders} == {planned}
    body = reminders.first().body
    # The message names the track and the candidate number, never the person or the reason.
    assert track.name in body
    assert member.participant.name not in body
    assert "sjuk" not in body.lower() and "Läkarintyg" not in body


def test_no_reminder_after_the_participant_returned(af_coordinator):
    track = _running_track([af_coordinator])
    member = _pause(_member(track=track), days=3)
    planned = member.pause_planned_return
    workflow.return_from_pause(track_participant=member, by=af_coordinator)
    _plan_every_day(planned, planned + dt.timedelta(days=5))
    assert not Notification.objects.filter(kind=NotificationKind.PAUSE_RETURN_PASSED).exists()


def test_a_new_pause_gets_a_reminder_of_its_own(af_coordinator):
    track = _running_track([af_coordinator])
    member = _pause(_member(track=track, participant=ParticipantFactory()), days=3)
    plan_reminders(today=today() + dt.timedelta(days=4))
    workflow.return_from_pause(track_participant=member, by=af_coordinator)
    _pause(member, days=10)
    plan_reminders(today=today() + dt.timedelta(days=11))
    plan_reminders(today=today() + dt.timedelta(days=12))
    due = Notification.objects.filter(kind=NotificationKind.PAUSE_RETURN_PASSED).values_list(
        "due_on", flat=True
    )
    assert sorted(due) == [today() + dt.timedelta(days=3), today() + dt.timedelta(days=10)]
