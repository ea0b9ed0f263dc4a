"""The milestone dates the dashboard counts: set once by move_participant, backfilled from the
transition history by the migration."""

import datetime as dt
import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone

from employers.models import EmploymentType
from tests.dates import today
from tests.jobbspar.factories import UserFactory
from tests.participants.factories import ParticipantFactory
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tracks import workflow
from tracks.models import State, Transition

pytestmark = pytest.mark.django_db

PATH = [
    State.IN_INTRODUCTION,
    State.PRESENTED,
    State.SELECTED,
    State.IN_TRAINING,
    State.IN_APL,
    State.COMPLETED,
    State.OFFERED,
    State.DECLINED,
    State.CONTINUED_SUPPORT,
]


def _walk(member, path, by):
    for state in path:
        offer = None
        if state == State.OFFERED:
            offer = workflow.Offer(
                employment_type=EmploymentType.PERMANENT,
                start_date=today(),
                hours_per_week=Decimal("37.5"),
                subsidy="unsubsidised",
                employer=member.track.employer,
            )
        member = workflow.move_participant(
            track_participant=member, to_state=state, by=by, reason="Skäl", offer=offer
        )
    return member


def _member():
    return TrackParticipantFactory(
        # A track that has run its course: the move rules allow every step today.
        track=TrackFactory(start_date=today() - dt.timedelta(weeks=17)),
        participant=ParticipantFactory(
            presentation_consent_on=today(), presentation_consent_by=UserFactory()
        ),
    )


def test_milestones_are_set_when_reached_and_kept_afterwards():
    by = UserFactory()
    member = _walk(_member(), PATH, by)
    today = timezone.localdate()
    member.refresh_from_db()
    assert member.state == State.CONTINUED_SUPPORT  # the state alone no longer tells
    assert member.selected_on == member.started_on == member.completed_on == today
    assert member.offered_on == today
    assert member.employed_on is None and member.discontinued_on is None


def test_discontinued_sets_its_own_milestone_only():
    by = UserFactory()
    member = _walk(
        _member(), [State.IN_INTRODUCTION, State.PRESENTED, State.SELECTED, State.DISCONTINUED], by
    )
    member.refresh_from_db()
    assert member.discontinued_on == timezone.localdate()
    assert member.selected_on == timezone.localdate()
    assert member.started_on is None and member.completed_on is None


def test_migration_backfills_milestones_from_the_first_transition():
    member = _member()
    by = UserFactory()
    first = timezone.make_aware(dt.datetime(2025, 3, 1, 23, 30))  # local day 2025-03-01
    for state, at in [
        (State.SELECTED, first),
        (State.IN_TRAINING, first + dt.timedelta(days=7)),
        (State.COMPLETED, first + dt.timedelta(days=90)),
        (State.COMPLETED, first + dt.timedelta(days=95)),  # a later repeat does not move it
    ]:
        transition = Transition.objects.create(
            track_participant=member, from_state="", to_state=state, actor=by
        )
        Transition.objects.filter(pk=transition.pk).update(at=at)
    migration = importlib.import_module("tracks.migrations.0006_participant_milestones")
    with connection.schema_editor() as editor:
        migration.backfill_milestones(apps, editor)
    member.refresh_from_db()
    assert member.selected_on == dt.date(2025, 3, 1)
    assert member.started_on == dt.date(2025, 3, 8)
    assert member.completed_on == dt.date(2025, 5, 30)
    assert member.offered_on is None
