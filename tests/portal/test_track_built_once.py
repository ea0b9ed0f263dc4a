"""The portal's track pages read their track by statements built once per kind of user
(portal/views.py `_one_track`, `_track_with_criteria`; jobbspar/database/prepared.py): each
employer opens its own tracks only, another's is a 404 as before, and once taken neither
statement is built again (issue 18)."""

import pytest
from django.urls import reverse

from jobbspar.database import prepared
from portal import views

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
    return found


def test_each_employer_opens_its_own_tracks_through_statements_built_once(
    client, own, other, employer_user, other_employer_user, taken_only
):
    mine, theirs = own["track"], other["track"]
    expected_mine = {
        (name, pk): 200 if pk == mine.pk else 404 for name in PAGES for pk in (mine.pk, theirs.pk)
    }
    expected_theirs = {
        (name, pk): 200 if pk == theirs.pk else 404 for name in PAGES for pk in (mine.pk, theirs.pk)
    }
    for _ in range(prepared.SPOT_CHECKS_FIRST + 2):  # learnt, spot-checked, taken
        assert _statuses(client, employer_user, [mine, theirs]) == expected_mine
        assert _statuses(client, other_employer_user, [mine, theirs]) == expected_theirs
    kinds = taken_only.kinds("portal.views")
    assert set(kinds) == {"_one_track", "_track_with_criteria"}
    assert all(type(kind) is prepared._Template for kind in kinds.values())

    built = taken_only.watch(views, "_tracks")
    assert _statuses(client, employer_user, [mine, theirs]) == expected_mine
    assert _statuses(client, other_employer_user, [mine, theirs]) == expected_theirs
    assert built == []
