"""The portal's track pages read their track, and the track page its candidates' counts, its
need's meetings and the people selected, by statements built once per kind of user
(portal/views.py `_one_track`, `_track_with_criteria`, `_counts`, `_need_meetings`,
`_selected`; jobbspar/database/prepared.py): each employer opens its own tracks only, another's
is a 404 as before, sees what the access functions give for its own track, and once taken no
statement is built again (issue 18)."""

import pytest
from django.db.models import Count, Q
from django.urls import reverse

from jobbspar.database import prepared
from portal import access as portal_access
from portal import views
from tests.employers.factories import PlanningMeetingFactory
from tracks.models import State

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_prepared")]

PAGES = ("portal:track", "portal:candidates")


def _statuses(client, user, tracks):
    client.force_login(user)
    found = {}
    for name in PAGES:
        for track in tracks:
            response = client.get(reverse(name, args=[track.pk]))
            found[(name, track.pk)] = response.status_code
            if response.status_code == 200:
                assert track.name in response.content.decode()
                if name == "portal:track":
                    found[track.pk] = _shown(response.context)
    return found


def _shown(context):
    return (
        context["counts"],
        [(member.pk, member.participant.name) for member in context["participants"]],
        [meeting.title for meeting in context["meetings"]],
    )


def _expected(user, track):
    """What the track page showed when it built its lists on every request."""
    counts = portal_access.portal_candidates_for(user, track).aggregate(
        presented=Count("pk", filter=Q(state=State.PRESENTED)),
        undecided=Count("pk", filter=Q(state=State.PRESENTED, employer_decision__isnull=True)),
        completed=Count("pk", filter=Q(state=State.COMPLETED)),
    )
    selected = portal_access.portal_participants_for(user, track).order_by("candidate_number")
    meetings = portal_access.portal_meetings_for(user).filter(need_id=track.need_id)
    return (
        counts,
        [(member.pk, member.participant.name) for member in selected],
        [meeting.title for meeting in meetings.order_by("starts_at", "id")],
    )


def test_each_employer_opens_its_own_tracks_through_statements_built_once(
    client, own, other, employer_user, other_employer_user, taken_only
):
    mine, theirs = own["track"], other["track"]
    for track, tag in ((mine, "Söder"), (theirs, "Hamnen")):
        for when in ("första", "andra"):
            PlanningMeetingFactory(
                employer=track.employer, need=track.need, title=f"{tag} {when} mötet"
            )
    expected_mine = {
        (name, pk): 200 if pk == mine.pk else 404 for name in PAGES for pk in (mine.pk, theirs.pk)
    }
    expected_mine[mine.pk] = _expected(employer_user, mine)
    expected_theirs = {
        (name, pk): 200 if pk == theirs.pk else 404 for name in PAGES for pk in (mine.pk, theirs.pk)
    }
    expected_theirs[theirs.pk] = _expected(other_employer_user, theirs)
    # Each sees its own people and meetings, and has people in more than one state.
    assert expected_mine[mine.pk][1]
    assert expected_mine[mine.pk][0]["presented"] and expected_mine[mine.pk][0]["completed"]
    for expected, tag, other_tag in (
        (expected_mine[mine.pk], "Söder", "Hamnen"),
        (expected_theirs[theirs.pk], "Hamnen", "Söder"),
    ):
        titles = expected[2]
        assert [t for t in titles if t.endswith("mötet")] == [
            f"{tag} första mötet",
            f"{tag} andra mötet",
        ]
        assert not any(other_tag in title for title in titles)
    for _ in range(prepared.SPOT_CHECKS_FIRST + 2):  # learnt, spot-checked, taken
        assert _statuses(client, employer_user, [mine, theirs]) == expected_mine
        assert _statuses(client, other_employer_user, [mine, theirs]) == expected_theirs
    kinds = taken_only.kinds("portal.views")
    assert set(kinds) == {
        "_one_track",
        "_track_with_criteria",
        "_counts",
        "_need_meetings",
        "_selected",
    }
    assert all(type(kind) is prepared._Template for kind in kinds.values())

    built = taken_only.watch(views, "_tracks")
    access_built = taken_only.watch(
        views.portal_access,
        "portal_candidates_of_track",
        "portal_participants_of_track",
        "portal_meetings_for",
    )
    assert _statuses(client, employer_user, [mine, theirs]) == expected_mine
    assert _statuses(client, other_employer_user, [mine, theirs]) == expected_theirs
    assert built == access_built == []
