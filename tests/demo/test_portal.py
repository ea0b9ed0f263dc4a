"""The demo employer user has a track waiting for their selection, and the running track's APL
participant a mentor and two log entries."""

import pytest
from django.urls import reverse
from django.utils import timezone

from employers.models import ContactPerson
from jobbspar.models import User
from portal import access as portal_access
from tracks.models import State, TrackParticipant

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def test_the_demo_employer_has_a_track_waiting_for_selection(client):
    user = User.objects.get(username="arbetsgivare")
    assert ContactPerson.objects.get(user=user).employer.name == "Omsorgshuset Söder AB"
    waiting = [
        track
        for track in portal_access.portal_tracks_for(user)
        if track.selection_deadline
        and track.selection_deadline >= timezone.localdate()
        and track.participants.filter(state=State.PRESENTED).count() >= 2
    ]
    assert waiting
    client.force_login(user)
    body = client.get(reverse("portal:home")).content.decode()
    assert "Välj era deltagare senast" in body
    cards = client.get(reverse("portal:candidates", args=[waiting[0].pk])).content.decode()
    assert "Kandidat" in cards


def test_the_running_tracks_apl_participant_has_a_mentor_and_two_log_entries():
    member = TrackParticipant.objects.get(track__name="Vårdbiträden (pågår)", state=State.IN_APL)
    assert member.mentor.user.username == "arbetsgivare"
    entries = list(member.apl_log.order_by("week_starting"))
    assert len(entries) == 2
    assert all(
        e.recorded_by.username == "arbetsgivare" and not e.on_behalf_of_mentor for e in entries
    )
    assert entries[0].comments.count() == 1
