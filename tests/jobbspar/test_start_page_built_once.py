"""The coordinator's start page reads its lists by statements built once per kind of user
(jobbspar/database/prepared.py): the upcoming meetings, the open action items, the open tracks,
the requests for access to decide and the count of the organisation's own open requests. Each
coordinator sees their own (two of one kind too, who share the statements), a meeting that has
ended, a done item and a closed track are left out as before, and once taken no list is built
again (issue 18)."""

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


def _lists(coordinator, tag, partnership):
    """A coordinator's meetings, items and tracks in `partnership`, shown and not, named with
    `tag`."""
    now = timezone.now()

    def meeting(title, **fields):
        return PlanningMeetingFactory(title=f"{tag} {title}", partnership=partnership, **fields)

    shown = meeting("möte", created_by=coordinator)
    meeting("inbjuden").attendee_users.add(coordinator)
    meeting(
        "förbi",
        created_by=coordinator,
        starts_at=now - dt.timedelta(hours=2),
        ends_at=now - dt.timedelta(minutes=1),
    )
    ActionItemFactory(meeting=shown, owner=coordinator, description=f"{tag} åtgärd")
    ActionItemFactory(meeting=shown, owner=coordinator, description=f"{tag} klar", done=True)
    for name, status in (
        (f"{tag} spår", TrackStatus.RUNNING),
        (f"{tag} stängt", TrackStatus.COMPLETED),
    ):
        track = TrackFactory(name=name, status=status, need__partnership=partnership)
        track.coordinators.add(coordinator)


def _page(client, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def _check(page, tag, others, asked, not_asked, made):
    """`tag`'s lists and request to decide (`asked`) shown, and `made` open requests of theirs
    counted; what is done, over or closed, and the others' lists and requests, left out."""
    for shown in (f"{tag} möte", f"{tag} inbjuden", f"{tag} åtgärd", f"{tag} spår", *asked):
        assert shown in page
    hidden = (f"{tag} förbi", f"{tag} klar", f"{tag} stängt", *not_asked)
    theirs = [f"{other} {what}" for other in others for what in ("möte", "åtgärd", "spår")]
    for left_out in (*hidden, *theirs):
        assert left_out not in page
    waiting = "som väntar på den andra organisationen"
    if made == 0:
        assert waiting not in page
    else:
        one = f"har 1 öppen begäran {waiting}"
        assert (one if made == 1 else f"har {made} öppna begäranden {waiting}") in page


def test_each_coordinator_sees_their_own_lists_through_statements_built_once(
    client,
    af_coordinator,
    municipal_coordinator,
    lund_coordinator,
    partnership,
    other_partnership,
    taken_only,
):
    """Malmö's and Lund's municipal coordinators are of one kind: the second takes the first's
    statements with values of their own."""
    tags = {af_coordinator: "Ankaret", municipal_coordinator: "Björken", lund_coordinator: "Cedern"}
    for coordinator, tag in tags.items():
        _lists(
            coordinator, tag, other_partnership if coordinator == lund_coordinator else partnership
        )
    # AF holds Amina, whom Malmö asks to see; Malmö holds Bo and Lund holds Cilla, whom AF asks.
    people = {"Amina Berg": (af_coordinator, municipal_coordinator)}
    people |= {"Bo Ek": (municipal_coordinator, af_coordinator)}
    people |= {"Cilla Dahl": (lund_coordinator, af_coordinator)}
    for name, (holder, asker) in people.items():
        _ask(ParticipantFactory(registered_by=holder.organisation, name=name), asker)
    expected = {
        af_coordinator: (["Amina Berg"], 2),
        municipal_coordinator: (["Bo Ek"], 1),
        lund_coordinator: (["Cilla Dahl"], 0),
    }

    def check_all():
        for coordinator, (asked, made) in expected.items():
            others = [tag for user, tag in tags.items() if user != coordinator]
            not_asked = [name for name in people if name not in asked]
            page = _page(client, coordinator)
            _check(page, tags[coordinator], others, asked, not_asked, made)

    for _ in range(prepared.SPOT_CHECKS_FIRST + 2):  # learnt, spot-checked, taken
        check_all()
    for module, builders in BUILDERS.items():
        kinds = [key for key in prepared._kinds if key[0].__module__ == module]
        assert {key[0].__name__ for key in kinds} == builders
        # Two kinds each, the AF coordinator's and the municipal coordinators' (Malmö's and Lund's).
        assert len(kinds) == 2 * len(builders)
        assert all(type(prepared._kinds[key]) is prepared._Template for key in kinds)

    calls = [
        taken_only.watch(meetings.employers_access, "meetings_for", "action_items_for"),
        taken_only.watch(common.tracks_access, "tracks_for"),
        taken_only.watch(
            access_requests.participants_access,
            "access_requests_held_for",
            "access_requests_made_for",
        ),
    ]
    check_all()
    assert calls == [[], [], []]
