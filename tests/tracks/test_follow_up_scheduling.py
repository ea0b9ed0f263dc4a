"""Leaving a track schedules the outcome follow-ups, once, with a responsible coordinator."""

import datetime as dt

import pytest
import time_machine
from django.db import IntegrityError, transaction

from jobbspar.dates import add_months
from jobbspar.models import Role
from tests.dates import today
from tests.jobbspar.factories import UserFactory
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tracks import workflow
from tracks.followups import responsible_coordinator
from tracks.models import FollowUp, FollowUpSituation, State


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),
        (dt.date(2028, 1, 31), 1, dt.date(2028, 2, 29)),
        (dt.date(2026, 11, 30), 3, dt.date(2027, 2, 28)),
        (dt.date(2026, 6, 15), 12, dt.date(2027, 6, 15)),
        (dt.date(2026, 12, 1), 6, dt.date(2027, 6, 1)),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.django_db
@pytest.mark.parametrize("to_state", [State.COMPLETED, State.DISCONTINUED])
def test_leaving_a_track_schedules_three_follow_ups(to_state):
    # The track ended before the day of the move (the move rules check completion against it).
    member = TrackParticipantFactory(
        track=TrackFactory(start_date=dt.date(2026, 4, 6)), state=State.IN_APL
    )
    with time_machine.travel(dt.datetime(2026, 8, 31, 10, tzinfo=dt.UTC), tick=False):
        workflow.move_participant(
            track_participant=member, to_state=to_state, by=member.nominated_by, reason="Flyttar"
        )
        # Moving again to the same state is a no-op and schedules nothing more.
        workflow.move_participant(
            track_participant=member, to_state=to_state, by=member.nominated_by, reason="Flyttar"
        )
    rows = list(FollowUp.objects.filter(track_participant=member).order_by("months"))
    assert [(f.months, f.due_on) for f in rows] == [
        (3, dt.date(2026, 11, 30)),
        (6, dt.date(2027, 2, 28)),
        (12, dt.date(2027, 8, 31)),
    ]
    assert {f.responsible for f in rows} == {member.nominated_by}
    assert not any(f.is_known for f in rows)


@pytest.mark.django_db
def test_other_moves_schedule_nothing():
    member = TrackParticipantFactory(
        track=TrackFactory(start_date=today() - dt.timedelta(weeks=2)),
        state=State.SELECTED,
    )
    workflow.move_participant(
        track_participant=member, to_state=State.IN_TRAINING, by=member.nominated_by
    )
    assert not FollowUp.objects.exists()


@pytest.mark.django_db
def test_a_departed_nominator_hands_follow_ups_to_a_track_coordinator_of_the_same_organisation():
    member = TrackParticipantFactory(state=State.IN_APL)
    member.nominated_by.is_active = False
    member.nominated_by.save()
    other_org = UserFactory(role=Role.MUNICIPAL_COORDINATOR)
    same_org = UserFactory(
        role=member.nominated_by.role, organisation=member.nominated_by.organisation
    )
    member.track.coordinators.add(other_org, same_org)
    assert responsible_coordinator(member) == same_org


@pytest.mark.django_db
def test_only_in_time_answers_are_known():
    member = TrackParticipantFactory(state=State.IN_APL)
    follow_up = FollowUp.objects.create(
        track_participant=member, months=3, due_on=dt.date(2026, 3, 1)
    )
    follow_up.situation = FollowUpSituation.STUDYING
    follow_up.answered_at = dt.datetime(2026, 3, 31, 12, tzinfo=dt.UTC)
    assert follow_up.is_known
    follow_up.answered_at = dt.datetime(2026, 4, 1, 12, tzinfo=dt.UTC)
    assert not follow_up.is_known


@pytest.mark.django_db
def test_the_database_refuses_an_answer_without_a_situation_and_a_second_row():
    member = TrackParticipantFactory(state=State.IN_APL)
    FollowUp.objects.create(track_participant=member, months=3, due_on=dt.date(2026, 3, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUp.objects.create(track_participant=member, months=3, due_on=dt.date(2026, 3, 2))
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUp.objects.create(
            track_participant=member,
            months=6,
            due_on=dt.date(2026, 6, 1),
            answered_at=dt.datetime(2026, 6, 2, tzinfo=dt.UTC),
        )
