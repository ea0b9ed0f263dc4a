"""The tracks' reminders on a frozen clock: which notifications exist, for whom, and when."""

import datetime as dt
import zoneinfo

import pytest

from employers.models import AgreementStatus
from jobbspar.models import Notification, NotificationKind, Role
from tests.employers.factories import AgreementFactory, ContactPersonFactory, EmployerFactory
from tests.jobbspar.factories import UserFactory
from tests.participants.factories import ConsentFactory, ParticipantFactory
from tests.tracks.factories import PhaseFactory, TrackFactory, TrackParticipantFactory
from tracks.models import PhaseKind, State, TrackStatus
from tracks.reminders import plan_reminders
from tracks.track_reminders import undecided_candidates

pytestmark = pytest.mark.django_db
STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
D = dt.date
K = NotificationKind


def days(start: dt.date, end: dt.date):
    while start <= end:
        yield start
        start += dt.timedelta(days=1)


def plan_days(start: dt.date, end: dt.date) -> None:
    """Plan every day of the period; then the whole period again, which adds nothing."""
    for today in days(start, end):
        plan_reminders(today=today)
    before = Notification.objects.count()
    for today in days(start, end):
        plan_reminders(today=today)
    assert Notification.objects.count() == before


def rows(kind=None):
    notifications = Notification.objects.select_related("recipient")
    if kind:
        notifications = notifications.filter(kind=kind)
    return sorted((n.kind, n.recipient.username, n.due_on) for n in notifications)


@pytest.fixture
def employer(employer_org):
    return EmployerFactory(organisation=employer_org, name=employer_org.name)


@pytest.fixture
def track(employer, af_coordinator, municipal_coordinator, job_coach):
    track = TrackFactory(
        employer=employer,
        start_date=D(2027, 3, 1),  # Monday
        weeks=12,
        selection_deadline=D(2027, 2, 19),  # Friday
        status=TrackStatus.RECRUITING,
        mentors=[],
    )
    track.coordinators.set([af_coordinator, municipal_coordinator])
    track.job_coaches.set([job_coach])
    return track


def presented(track, **participant):
    return TrackParticipantFactory(
        track=track, state=State.PRESENTED, participant=ParticipantFactory(**participant)
    )


def test_selection_deadline_soon_and_passed_go_to_employer_users_and_coordinators(
    track, employer_user, other_employer_user
):
    presented(track)
    plan_days(D(2027, 2, 1), D(2027, 2, 15))
    assert rows() == [
        (K.AGREEMENT_UNCONFIRMED, u, D(2027, 2, 15))
        for u in ("af.coordinator", "malmo.coordinator")
    ]
    plan_days(D(2027, 2, 16), D(2027, 3, 10))
    expected = [
        (kind, user, day)
        for kind, day in (
            (K.SELECTION_DEADLINE_SOON, D(2027, 2, 16)),
            (K.SELECTION_DEADLINE_PASSED, D(2027, 2, 19)),
        )
        for user in ("af.coordinator", "employer", "malmo.coordinator")
    ]
    assert sorted(rows(K.SELECTION_DEADLINE_SOON) + rows(K.SELECTION_DEADLINE_PASSED)) == sorted(
        expected
    )
    employer_link = Notification.objects.get(
        kind=K.SELECTION_DEADLINE_SOON, recipient=employer_user
    )
    assert employer_link.url == f"/portal/tracks/{track.pk}/"


def test_no_selection_reminder_when_every_candidate_is_decided(track, employer_user):
    TrackParticipantFactory(track=track, state=State.SELECTED)
    TrackParticipantFactory(track=track, state=State.NOT_SELECTED, reason="Valde andra.")
    assert not undecided_candidates().filter(track=track).exists()
    plan_days(D(2027, 2, 10), D(2027, 2, 25))
    assert rows(K.SELECTION_DEADLINE_SOON) == rows(K.SELECTION_DEADLINE_PASSED) == []


def test_closed_tracks_get_no_reminders(track, employer_user):
    presented(track)
    PhaseFactory(track=track, starts_on=D(2027, 3, 1), ends_on=D(2027, 3, 5))
    track.status = TrackStatus.COMPLETED
    track.save()
    plan_days(D(2027, 2, 1), D(2027, 3, 2))
    assert rows() == []


def test_a_phase_starting_in_five_working_days_reaches_coordinators_and_coaches(track):
    PhaseFactory(
        track=track, kind=PhaseKind.INTRODUCTION, starts_on=D(2027, 3, 1), ends_on=D(2027, 3, 5)
    )
    plan_days(D(2027, 2, 16), D(2027, 2, 21))
    assert rows(K.PHASE_STARTS_SOON) == []
    plan_days(D(2027, 2, 22), D(2027, 3, 3))
    assert rows(K.PHASE_STARTS_SOON) == [
        (K.PHASE_STARTS_SOON, user, D(2027, 2, 22))
        for user in ("af.coordinator", "coach", "malmo.coordinator")
    ]


def test_apl_starting_soon_also_reaches_the_employers_users_in_place_of_mentors(
    track, employer_user, other_employer_user
):
    # Mentors are contact persons without accounts: the employer's users arrange them.
    track.mentors.set([ContactPersonFactory(employer=track.employer)])
    # Monday 10 May 2027: five working days back skips Ascension Day (Thursday 6 May).
    PhaseFactory(track=track, kind=PhaseKind.APL, starts_on=D(2027, 5, 10), ends_on=D(2027, 5, 21))
    plan_days(D(2027, 4, 20), D(2027, 4, 29))
    assert rows(K.PHASE_STARTS_SOON) == []
    plan_days(D(2027, 4, 30), D(2027, 5, 12))
    assert rows(K.PHASE_STARTS_SOON) == [
        (K.PHASE_STARTS_SOON, user, D(2027, 4, 30))
        for user in ("af.coordinator", "coach", "employer", "malmo.coordinator")
    ]


def test_apl_without_mentor_ten_working_days_before_to_coordinators(track):
    apl = PhaseFactory(
        track=track, kind=PhaseKind.APL, starts_on=D(2027, 4, 19), ends_on=D(2027, 5, 7)
    )
    plan_days(D(2027, 3, 29), D(2027, 4, 4))
    assert rows(K.APL_WITHOUT_MENTOR) == []
    plan_days(D(2027, 4, 5), D(2027, 4, 5))
    assert rows(K.APL_WITHOUT_MENTOR) == [
        (K.APL_WITHOUT_MENTOR, "af.coordinator", D(2027, 4, 5)),
        (K.APL_WITHOUT_MENTOR, "malmo.coordinator", D(2027, 4, 5)),
    ]
    assert (
        Notification.objects.filter(kind=K.APL_WITHOUT_MENTOR, object_id=str(apl.pk)).count() == 2
    )


def test_no_apl_reminder_when_a_mentor_is_assigned(track):
    track.mentors.set([ContactPersonFactory(employer=track.employer)])
    PhaseFactory(track=track, kind=PhaseKind.APL, starts_on=D(2027, 4, 19), ends_on=D(2027, 5, 7))
    plan_days(D(2027, 4, 1), D(2027, 4, 18))
    assert rows(K.APL_WITHOUT_MENTOR) == []


def test_agreement_not_confirmed_ten_working_days_before_start(track):
    track.agreement = AgreementFactory(need=track.need)
    track.save()
    plan_days(D(2027, 2, 1), D(2027, 2, 14))
    assert rows(K.AGREEMENT_UNCONFIRMED) == []
    plan_days(D(2027, 2, 15), D(2027, 3, 1))
    assert rows(K.AGREEMENT_UNCONFIRMED) == [
        (K.AGREEMENT_UNCONFIRMED, "af.coordinator", D(2027, 2, 15)),
        (K.AGREEMENT_UNCONFIRMED, "malmo.coordinator", D(2027, 2, 15)),
    ]
    assert Notification.objects.filter(kind=K.AGREEMENT_UNCONFIRMED).first().url == (
        f"/employers/agreements/{track.agreement_id}/"
    )


def test_a_confirmed_agreement_needs_no_reminder(track):
    track.agreement = AgreementFactory(need=track.need, status=AgreementStatus.AGREED)
    track.save()
    plan_days(D(2027, 2, 10), D(2027, 3, 1))
    assert rows(K.AGREEMENT_UNCONFIRMED) == []


def test_consent_expiring_within_30_days_reaches_the_responsible_coordinators(
    track, af, municipality, municipal_coordinator, af_coordinator
):
    other_af = UserFactory(role=Role.AF_COORDINATOR, organisation=af)
    member = presented(track, registered_by=municipality, coordinator=municipal_coordinator)
    ConsentFactory(
        participant=member.participant,
        shared_with=af,
        given_on=D(2027, 1, 4),
        valid_until=D(2027, 4, 30),
    )
    # Someone else's consent, for a participant in no track, is not our business.
    ConsentFactory(shared_with=af, given_on=D(2027, 1, 4), valid_until=D(2027, 4, 30))
    plan_days(D(2027, 3, 25), D(2027, 3, 30))
    assert rows(K.CONSENT_EXPIRING) == []
    plan_days(D(2027, 3, 31), D(2027, 5, 3))
    assert rows(K.CONSENT_EXPIRING) == [
        (K.CONSENT_EXPIRING, "af.coordinator", D(2027, 3, 31)),
        (K.CONSENT_EXPIRING, "malmo.coordinator", D(2027, 3, 31)),
    ]
    assert not Notification.objects.filter(recipient=other_af).exists()
    notification = Notification.objects.filter(kind=K.CONSENT_EXPIRING).first()
    assert member.participant.name not in notification.subject + notification.body
    assert notification.url == f"/tracks/{track.pk}/pool/{member.pk}/"


def test_no_consent_reminder_once_the_participant_has_left_the_track(track, af, municipality):
    member = TrackParticipantFactory(
        track=track,
        state=State.NOT_SELECTED,
        reason="Valde andra.",
        participant=ParticipantFactory(registered_by=municipality),
    )
    ConsentFactory(
        participant=member.participant,
        shared_with=af,
        given_on=D(2027, 1, 4),
        valid_until=D(2027, 4, 30),
    )
    plan_days(D(2027, 3, 31), D(2027, 4, 2))
    assert rows(K.CONSENT_EXPIRING) == []
