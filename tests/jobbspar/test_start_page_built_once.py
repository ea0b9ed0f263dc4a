"""The coordinator's start page reads its lists by statements built once per kind of user
(jobbspar/database/prepared.py): the upcoming meetings, the open action items, the open tracks,
the requests for access to decide and the count of the organisation's own open requests. Each
coordinator sees their own, a meeting that has ended, a done item and a closed track are left
out as before, and once taken no list is built again (issue 18)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from employers import meetings
from jobbspar.database import prepared
from participants import access_requests
from tests.employers.factories import ActionItemFactory, PlanningMeetingFactory
from tests.jobbspar.test_start_page_query_counts import _ask
from tests.participants.factories import ParticipantFactory
from tests.tracks.factories import TrackFactory
from tracks.models import TrackStatus
from tracks.views import common

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_prepared")]

BUILDERS = {
    "employers.meetings": {"_upcoming_meetings", "_open_action_items"},
    "tracks.views.common": {"_open_tracks"},
    "participants.access_requests": {"_access_requests_to_decide", "_open_requests_made"},
}


def _lists(coordinator, tag):
    """A coordinator's meetings, items and tracks, shown and not, named with `tag`."""
    now = timezone.now()
    shown = PlanningMeetingFactory(title=f"{tag} möte", created_by=coordinator)
    attended = PlanningMeetingFactory(title=f"{tag} inbjuden")
    attended.attendee_users.add(coordinator)
    PlanningMeetingFactory(
        title=f"{tag} förbi",
        created_by=coordinator,
        starts_at=now - dt.timedelta(hours=2),
        ends_at=now - dt.timedelta(minutes=1),
    )
    ActionItemFactory(meeting=shown, owner=coordinator, description=f"{tag} åtgärd")
    ActionItemFactory(meeting=shown, owner=coordinator, description=f"{tag} klar", done=True)
    TrackFactory(name=f"{tag} spår").coordinators.add(coordinator)
    TrackFactory(name=f"{tag} stängt", status=TrackStatus.COMPLETED).coordinators.add(coordinator)


def _page(client, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def _check(page, tag, other_tag, asked, made):
    for shown in (f"{tag} möte", f"{tag} inbjuden", f"{tag} åtgärd", f"{tag} spår", asked):
        assert shown in page
    hidden = (f"{tag} förbi", f"{tag} klar", f"{tag} stängt", made)
    for left_out in (*hidden, f"{other_tag} möte", f"{other_tag} åtgärd", f"{other_tag} spår"):
        assert left_out not in page
    assert "Din organisation har 1 öppen begäran som väntar" in page


def test_each_coordinator_sees_their_own_lists_through_statements_built_once(
    client, af_coordinator, municipal_coordinator, taken_only
):
    _lists(af_coordinator, "Ankaret")
    _lists(municipal_coordinator, "Björken")
    # Each organisation holds one person the other asks to see, and has asked for one.
    _ask(
        ParticipantFactory(registered_by=af_coordinator.organisation, name="Amina Berg"),
        municipal_coordinator,
    )
    _ask(
        ParticipantFactory(registered_by=municipal_coordinator.organisation, name="Bo Ek"),
        af_coordinator,
    )
    for _ in range(prepared.SPOT_CHECKS_FIRST + 2):  # learnt, spot-checked, taken
        _check(_page(client, af_coordinator), "Ankaret", "Björken", "Amina Berg", "Bo Ek")
        _check(_page(client, municipal_coordinator), "Björken", "Ankaret", "Bo Ek", "Amina Berg")
    for module, builders in BUILDERS.items():
        kinds = taken_only.kinds(module)
        assert set(kinds) == builders
        assert all(type(kind) is prepared._Template for kind in kinds.values())

    calls = [
        taken_only.watch(meetings.employers_access, "meetings_for", "action_items_for"),
        taken_only.watch(common.tracks_access, "tracks_for"),
        taken_only.watch(
            access_requests.participants_access,
            "access_requests_held_for",
            "access_requests_made_for",
        ),
    ]
    _check(_page(client, af_coordinator), "Ankaret", "Björken", "Amina Berg", "Bo Ek")
    _check(_page(client, municipal_coordinator), "Björken", "Ankaret", "Bo Ek", "Amina Berg")
    assert calls == [[], [], []]
