"""Retention and track work: activity in a track keeps the record; anonymising also removes the
employer's decision comments (current and every version) and the bodies of notifications about
the person. On a frozen clock."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from jobbspar.contributions import collect
from jobbspar.models import Notification, NotificationKind
from jobbspar.notifications import Message, notify
from participants import retention
from schedule import attendance
from tests.employers.factories import ContactPersonFactory
from tests.participants.factories import ParticipantFactory
from tests.tracks.factories import PhaseFactory, TrackParticipantFactory
from tracks import retention as tracks_retention
from tracks.models import (
    AplLogEntry,
    CandidateDecision,
    CandidateDecisionChange,
    FollowUp,
    PhaseProgress,
    Transition,
)

pytestmark = pytest.mark.django_db

START = dt.datetime(2024, 1, 10, 9, 0, tzinfo=dt.UTC)
LATER = START + dt.timedelta(days=700)  # within 24 months of the check below
CHECK = START + dt.timedelta(days=740)  # over 24 months after START


@pytest.fixture
def member(af, af_coordinator, settings):
    settings.PARTICIPANT_RETENTION_MONTHS = 24
    with time_machine.travel(START, tick=False):
        return TrackParticipantFactory(
            participant=ParticipantFactory(registered_by=af), nominated_by=af_coordinator
        )


def _due_ids() -> set[int]:
    with time_machine.travel(CHECK, tick=False):
        return {c.participant_id for c in retention.run_retention(dry_run=True)}


def test_without_track_activity_the_record_is_due(member):
    assert member.participant_id in _due_ids()


def _move(member, user):
    Transition.objects.create(
        track_participant=member, from_state="nominated", to_state="presented", actor=user
    )


def _progress(member, user):
    PhaseProgress.objects.create(
        track_participant=member, phase=PhaseFactory(track=member.track), completed=True
    )


def _apl_note(member, user):
    AplLogEntry.objects.create(
        track_participant=member,
        week_starting=timezone.localdate(),
        mentor=member.track.mentors.first(),
        note="Bra vecka.",
        recorded_by=user,
    )


def _follow_up_answered(member, user):
    with time_machine.travel(START, tick=False):
        follow_up = FollowUp.objects.create(
            track_participant=member, months=3, due_on=START.date(), responsible=user
        )
    FollowUp.objects.filter(pk=follow_up.pk).update(
        situation="studying", answered_at=timezone.now(), answered_by=user
    )


def _decision(member, user):
    CandidateDecisionChange.objects.create(
        track_participant=member, decision="select", decided_by=user, decided_at=timezone.now()
    )


@pytest.mark.parametrize(
    "activity",
    [_move, _progress, _apl_note, _follow_up_answered, _decision],
    ids=lambda f: f.__name__,
)
def test_track_activity_keeps_the_record(member, af_coordinator, activity):
    if activity is _apl_note:
        member.track.mentors.add(_mentor(member))
    with time_machine.travel(LATER, tick=False):
        activity(member, af_coordinator)
    assert member.participant_id not in _due_ids()


def _mentor(member):

    return ContactPersonFactory(employer=member.track.employer)


def test_anonymising_redacts_decision_comments_and_notification_bodies(
    member, af_coordinator, municipal_coordinator
):
    secret = "Pratar dåligt svenska, har försörjningsstöd"
    with time_machine.travel(START, tick=False):
        CandidateDecision.objects.create(
            track_participant=member,
            decision="decline",
            reason="other",
            comment=secret,
            decided_by=af_coordinator,
            decided_at=timezone.now(),
        )
        changes = [
            CandidateDecisionChange.objects.create(
                track_participant=member,
                decision=decision,
                reason=reason,
                comment=f"{secret} ({decision})",
                decided_by=af_coordinator,
                decided_at=timezone.now(),
            )
            for decision, reason in (("reserve", ""), ("decline", "other"))
        ]
        about = [changes[0], changes[1], member]
        kinds = [NotificationKind.CANDIDATE_DECISION] * 2 + [NotificationKind.JOB_OFFER]
        for obj, kind in zip(about, kinds, strict=True):
            notify(
                recipient=municipal_coordinator,
                kind=kind,
                obj=obj,
                due_on=START.date(),
                send_after=START,
                message=Message(subject="Beslut", body=f"Arbetsgivaren skrev: {secret}"),
                url="/",
            )
        unrelated, _ = notify(
            recipient=municipal_coordinator,
            kind=NotificationKind.ACTION_ITEM_DUE,
            obj=municipal_coordinator.organisation,
            due_on=START.date(),
            send_after=START,
            message=Message(subject="Åtgärd", body="Boka lokal."),
            url="/",
        )
    with time_machine.travel(CHECK, tick=False):
        retention.run_retention()
    member.participant.refresh_from_db()
    assert member.participant.anonymised_at is not None
    assert CandidateDecision.objects.get(track_participant=member).comment == "–"
    assert set(
        CandidateDecisionChange.objects.filter(track_participant=member).values_list(
            "comment", flat=True
        )
    ) == {"–"}
    bodies = dict(Notification.objects.values_list("pk", "body"))
    assert bodies.pop(unrelated.pk) == "Boka lokal."
    assert set(bodies.values()) == {"–"}


def test_the_tracks_app_contributes_its_part_of_retention_after_the_participants_app():
    """Retention reaches the tracks tables only through the declared contributions (no upward
    import from participants), the record's own app first, then the apps above in their order
    (the schedule's attendance after the tracks)."""
    assert collect("redact_participant")[:2] == (
        retention.redact_participant,
        tracks_retention.redact_participant,
    )
    assert collect("redact_participant")[2:] == (attendance.redact_participant,)
    assert collect("last_activity") == (tracks_retention.last_activity, attendance.last_activity)
