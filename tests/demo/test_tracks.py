"""The demo's tracks: every status, one completed with outcomes; and the reminders waiting for the
demo users."""

import pytest

from jobbspar.models import Notification, NotificationKind, User
from tracks.models import FINAL_STATES, FollowUp, State, Track, TrackStatus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def test_seed_demo_has_tracks_in_every_status():
    assert set(Track.objects.values_list("status", flat=True)) == set(TrackStatus.values)
    completed = Track.objects.get(status=TrackStatus.COMPLETED)
    states = set(completed.participants.values_list("state", flat=True))
    assert states <= FINAL_STATES
    assert State.EMPLOYED in states
    recruiting = Track.objects.get(status=TrackStatus.RECRUITING)
    assert recruiting.participants.filter(state=State.PRESENTED).exists()
    assert all(track.phases.count() == 4 for track in Track.objects.all())


def test_demo_users_have_notifications_waiting():
    kinds = set(Notification.objects.values_list("recipient__username", "kind"))
    assert ("samordnare.af", NotificationKind.MEETING_SOON) in kinds
    assert ("samordnare.malmo", NotificationKind.ACTION_ITEM_OVERDUE) in kinds
    assert User.objects.get(username="samordnare.af").notifications.exists()


def test_demo_coordinators_have_follow_ups_due_and_their_manager_an_escalation():
    kinds = set(Notification.objects.values_list("recipient__username", "kind"))
    assert {
        ("samordnare.malmo", NotificationKind.FOLLOW_UP_DUE),
        ("chef", NotificationKind.FOLLOW_UP_ESCALATED),
    } <= kinds
    assert FollowUp.objects.filter(answered_at__isnull=False).exists()
