"""A whole track calendar on a frozen clock: the beat-scheduled functions (plan reminders hourly,
sweep every two minutes) run over five months of a track, and exactly these notifications exist,
for these people, on these days; every one is e-mailed exactly once. Running it all again adds
nothing. The participant completes while Redis is down: completing needs no broker."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.core import mail

from jobbspar import tasks as jobbspar_tasks
from jobbspar.models import EmailState, Notification, NotificationKind, Role
from tests.employers.factories import AgreementFactory, EmployerFactory
from tests.jobbspar.factories import UserFactory
from tests.participants.factories import ConsentFactory, ParticipantFactory
from tests.tracks.factories import PhaseFactory, TrackFactory, TrackParticipantFactory
from tracks import tasks as tracks_tasks
from tracks import workflow
from tracks.models import PhaseKind, State, TrackStatus

pytestmark = pytest.mark.django_db
STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
D = dt.date
K = NotificationKind
COORDINATORS = ("af.coordinator", "malmo.coordinator")


def at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=STOCKHOLM)


def run_beat(start: dt.date, end: dt.date, on_day=None) -> None:
    """The beat's work once a day at 07:00, when reminders become due: plan (the hourly task)
    and sweep (the two-minute task). Sending before 07:00 is tested in test_reminders.py."""
    day = start
    while day <= end:
        if on_day:
            on_day(day)
        with time_machine.travel(at(day, 7), tick=False):
            tracks_tasks.plan_reminders()
            jobbspar_tasks.sweep_notifications()
        day += dt.timedelta(days=1)


@pytest.fixture
def calendar(
    employer_org, employer_user, af, municipality, af_coordinator, municipal_coordinator, job_coach
):
    employer = EmployerFactory(organisation=employer_org, name=employer_org.name)
    track = TrackFactory(
        employer=employer,
        start_date=D(2027, 3, 1),
        weeks=12,
        selection_deadline=D(2027, 2, 19),
        status=TrackStatus.RECRUITING,
        mentors=[],
    )
    track.agreement = AgreementFactory(need=track.need)
    track.save()
    track.coordinators.set([af_coordinator, municipal_coordinator])
    track.job_coaches.set([job_coach])
    for kind, start, end in (
        (PhaseKind.INTRODUCTION, D(2027, 3, 1), D(2027, 3, 5)),
        (PhaseKind.TRAINING, D(2027, 3, 8), D(2027, 4, 16)),
        (PhaseKind.APL, D(2027, 4, 19), D(2027, 5, 7)),
        (PhaseKind.HIRING, D(2027, 5, 10), D(2027, 5, 21)),
    ):
        PhaseFactory(track=track, kind=kind, starts_on=start, ends_on=end)
    # Waits for the employer's decision all along; its consent to share with AF runs out.
    undecided = TrackParticipantFactory(
        track=track,
        state=State.PRESENTED,
        participant=ParticipantFactory(
            registered_by=municipality, coordinator=municipal_coordinator
        ),
    )
    ConsentFactory(
        participant=undecided.participant,
        shared_with=af,
        given_on=D(2027, 1, 4),
        valid_until=D(2027, 4, 30),
        recorded_by=municipal_coordinator,
    )
    finisher = TrackParticipantFactory(
        track=track,
        state=State.IN_APL,
        nominated_by=municipal_coordinator,
        participant=ParticipantFactory(registered_by=municipality),
    )
    UserFactory(username="chef", role=Role.MANAGER, organisation=municipality)
    UserFactory(username="af.chef", role=Role.MANAGER, organisation=af)
    return track, finisher


EXPECTED = sorted(
    [
        *[(K.AGREEMENT_UNCONFIRMED, user, D(2027, 2, 15)) for user in COORDINATORS],
        *[
            (kind, user, day)
            for kind, day in (
                (K.SELECTION_DEADLINE_SOON, D(2027, 2, 16)),
                (K.SELECTION_DEADLINE_PASSED, D(2027, 2, 19)),
            )
            for user in (*COORDINATORS, "employer")
        ],
        # Introduction 1 Mar, training 8 Mar: five working days before.
        *[(K.PHASE_STARTS_SOON, user, D(2027, 2, 22)) for user in (*COORDINATORS, "coach")],
        *[(K.PHASE_STARTS_SOON, user, D(2027, 3, 1)) for user in (*COORDINATORS, "coach")],
        # Consent valid until 30 Apr: 30 days before is Wednesday 31 Mar.
        *[(K.CONSENT_EXPIRING, user, D(2027, 3, 31)) for user in COORDINATORS],
        # APL 19 Apr without a mentor: ten working days before (Easter is behind us).
        *[(K.APL_WITHOUT_MENTOR, user, D(2027, 4, 5)) for user in COORDINATORS],
        # APL: the employer's users too, as mentors have no accounts.
        *[
            (K.PHASE_STARTS_SOON, user, D(2027, 4, 12))
            for user in (*COORDINATORS, "coach", "employer")
        ],
        # Hiring Monday 10 May: five working days back skip Ascension Day, 6 May.
        *[(K.PHASE_STARTS_SOON, user, D(2027, 4, 30)) for user in (*COORDINATORS, "coach")],
        # Completed Friday 7 May: 3 months is Saturday 7 Aug, so Friday 6 Aug; unanswered,
        # the municipality's manager hears 14 days after the due date.
        (K.FOLLOW_UP_DUE, "malmo.coordinator", D(2027, 8, 6)),
        (K.FOLLOW_UP_ESCALATED, "chef", D(2027, 8, 21)),
    ]
)


def test_a_whole_track_calendar_notifies_exactly_these_people_once(calendar, af_coordinator):
    from jobbspar.celery import app

    _track, finisher = calendar

    def complete_while_redis_is_down(day):
        if day != D(2027, 5, 7):
            return
        original = app.conf.broker_url
        app.conf.broker_url = "redis://127.0.0.1:1/0"
        try:
            with time_machine.travel(at(day, 14), tick=False):
                workflow.move_participant(
                    track_participant=finisher, to_state=State.COMPLETED, by=af_coordinator
                )
        finally:
            app.conf.broker_url = original

    run_beat(D(2027, 2, 1), D(2027, 8, 31), on_day=complete_while_redis_is_down)
    rows = sorted(
        (n.kind, n.recipient.username, n.due_on)
        for n in Notification.objects.select_related("recipient")
    )
    assert set(rows) - set(EXPECTED) == set()
    assert set(EXPECTED) - set(rows) == set()
    assert rows == EXPECTED
    # Reminders become visible and are sent at 07:00 on their day; "passed" on the day after.
    for notification in Notification.objects.exclude(kind=K.SELECTION_DEADLINE_PASSED):
        assert notification.send_after == at(notification.due_on, 7)
    assert Notification.objects.get(
        kind=K.SELECTION_DEADLINE_PASSED, recipient__username="employer"
    ).send_after == at(D(2027, 2, 20), 7)
    assert set(Notification.objects.values_list("email_state", flat=True)) == {EmailState.SENT}
    assert len(mail.outbox) == len(EXPECTED)

    # The whole calendar again (a second beat, a replay after a restart): nothing new, no mail.
    run_beat(D(2027, 2, 1), D(2027, 8, 31))
    assert Notification.objects.count() == len(EXPECTED)
    assert len(mail.outbox) == len(EXPECTED)
