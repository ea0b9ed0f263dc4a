"""Follow-ups on a frozen clock: the coordinator is told on the due date, the managers after 14
days, and after 30 days the follow-up is unknown and nobody is chased any more."""

import datetime as dt

import pytest
import time_machine

from jobbspar.models import Notification, NotificationKind, Role
from tests.jobbspar.factories import UserFactory
from tests.participants.factories import ParticipantFactory
from tests.tracks.factories import TrackParticipantFactory
from tracks.followups import FollowUpAnswer, FollowUpRefused, record_answer
from tracks.models import FollowUp, FollowUpSituation, State
from tracks.reminders import plan_reminders

pytestmark = pytest.mark.django_db
D = dt.date
K = NotificationKind


def plan(start: dt.date, end: dt.date) -> None:
    day = start
    while day <= end:
        with time_machine.travel(dt.datetime(day.year, day.month, day.day, 9, tzinfo=dt.UTC)):
            plan_reminders(today=day)
            plan_reminders(today=day)
        day += dt.timedelta(days=1)


def rows():
    return sorted(
        (n.kind, n.recipient.username, n.due_on, n.url)
        for n in Notification.objects.select_related("recipient")
    )


@pytest.fixture
def follow_up(municipality, municipal_coordinator):
    member = TrackParticipantFactory(
        state=State.COMPLETED,
        nominated_by=municipal_coordinator,
        participant=ParticipantFactory(registered_by=municipality),
    )
    # Saturday 7 Aug 2027: the reminder comes on Friday 6 Aug.
    return FollowUp.objects.create(
        track_participant=member, months=3, due_on=D(2027, 8, 7), responsible=municipal_coordinator
    )


def test_due_on_the_working_day_before_a_weekend_then_escalated_to_the_managers(
    follow_up, manager, af
):
    UserFactory(role=Role.MANAGER, organisation=af)  # another organisation's manager
    plan(D(2027, 7, 20), D(2027, 8, 5))
    assert rows() == []
    plan(D(2027, 8, 6), D(2027, 8, 20))
    answer_url = f"/follow-ups/{follow_up.pk}/"
    assert rows() == [(K.FOLLOW_UP_DUE, "malmo.coordinator", D(2027, 8, 6), answer_url)]
    follow_up.refresh_from_db()
    assert follow_up.escalated_at is None
    plan(D(2027, 8, 21), D(2027, 10, 31))
    assert rows() == [
        (K.FOLLOW_UP_DUE, "malmo.coordinator", D(2027, 8, 6), answer_url),
        (K.FOLLOW_UP_ESCALATED, "manager", D(2027, 8, 21), "/notifications/"),
    ]
    follow_up.refresh_from_db()
    assert follow_up.escalated_at.date() == D(2027, 8, 21)
    escalation = Notification.objects.get(kind=K.FOLLOW_UP_ESCALATED)
    assert follow_up.track_participant.participant.name not in escalation.subject + escalation.body
    assert not follow_up.is_known


def test_an_answered_follow_up_is_not_escalated_and_counts_as_known(
    follow_up, municipal_coordinator, manager
):
    plan(D(2027, 8, 6), D(2027, 8, 9))
    with time_machine.travel(dt.datetime(2027, 8, 9, 10, tzinfo=dt.UTC)):
        record_answer(
            follow_up=follow_up,
            answer=FollowUpAnswer(
                situation=FollowUpSituation.EMPLOYED_AT_TRACK_EMPLOYER,
                employment_type="permanent",
                hours_per_week=37,
                subsidy="unsubsidised",
                self_sufficient=True,
                income_support=False,
            ),
            by=municipal_coordinator,
        )
    plan(D(2027, 8, 10), D(2027, 9, 30))
    assert [row[0] for row in rows()] == [K.FOLLOW_UP_DUE]
    follow_up.refresh_from_db()
    assert follow_up.is_known and follow_up.income_support is False


def test_answers_are_taken_from_the_due_date_until_30_days_after_only(
    follow_up, municipal_coordinator
):
    answer = FollowUpAnswer(
        situation=FollowUpSituation.JOB_SEEKER, self_sufficient=False, not_hired_reason="Flyttade."
    )
    for moment in (
        dt.datetime(2027, 8, 6, 10, tzinfo=dt.UTC),
        dt.datetime(2027, 9, 7, 10, tzinfo=dt.UTC),
    ):
        with time_machine.travel(moment), pytest.raises(FollowUpRefused):
            record_answer(follow_up=follow_up, answer=answer, by=municipal_coordinator)
    with time_machine.travel(dt.datetime(2027, 9, 6, 10, tzinfo=dt.UTC)):
        record_answer(follow_up=follow_up, answer=answer, by=municipal_coordinator)
    follow_up.refresh_from_db()
    assert follow_up.is_known and follow_up.not_hired_reason == "Flyttade."


def test_an_af_coordinator_leaves_income_support_unanswered(af, municipality):
    af_coordinator = UserFactory(role=Role.AF_COORDINATOR, organisation=af)
    member = TrackParticipantFactory(
        state=State.COMPLETED, nominated_by=af_coordinator, participant=ParticipantFactory()
    )
    follow_up = FollowUp.objects.create(
        track_participant=member, months=3, due_on=D(2027, 8, 9), responsible=af_coordinator
    )
    with time_machine.travel(dt.datetime(2027, 8, 9, 10, tzinfo=dt.UTC)):
        record_answer(
            follow_up=follow_up,
            answer=FollowUpAnswer(
                situation=FollowUpSituation.STUDYING,
                self_sufficient=False,
                income_support=True,  # not theirs to answer: ignored
                not_hired_reason="Läser vidare.",
            ),
            by=af_coordinator,
        )
    follow_up.refresh_from_db()
    assert follow_up.income_support is None and follow_up.answered_by == af_coordinator


def test_without_a_responsible_coordinator_the_nominating_organisations_managers_are_told(
    follow_up, manager
):
    follow_up.responsible = None
    follow_up.save()
    plan(D(2027, 8, 6), D(2027, 8, 22))
    assert [(r[0], r[1]) for r in rows()] == [(K.FOLLOW_UP_ESCALATED, "manager")]
