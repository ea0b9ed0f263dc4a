"""The participant list's count and rows are built once per kind of user
(participants.access.count_participants_for, participants.views.lists._list_rows,
jobbspar/database/prepared.py): each organisation's coordinator sees the count and the rows of
their own list, on a full page and on a last, shorter one; once taken, neither is built again."""

import re

import pytest
from django.urls import reverse

from jobbspar.database import prepared
from participants import access as participants_access
from participants.views import lists
from tests.participants.factories import ConsentFactory, ParticipantFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_prepared")]


def _hits(body: str) -> int:
    return int(re.search(r'id="hit-count">(\d+) träff', body).group(1))


def _names(body: str) -> set[str]:
    return set(re.findall(r"(Person [AM]\d\d)", body))


@pytest.fixture
def two_lists(af, municipality, af_coordinator):
    """AF registers 30 (two pages), the municipality 4 and is shared 3 of AF's."""
    af_people = [ParticipantFactory(name=f"Person A{n:02d}", registered_by=af) for n in range(30)]
    for person in af_people[:3]:
        ConsentFactory(participant=person, shared_with=municipality, recorded_by=af_coordinator)
    for n in range(4):
        ParticipantFactory(name=f"Person M{n:02d}", registered_by=municipality)
    return af_people


def test_each_organisation_sees_its_own_count_and_rows(
    client, two_lists, af_coordinator, municipal_coordinator, taken_only
):
    url = reverse("participants:participant_list")
    af_first = {f"Person A{n:02d}" for n in range(lists.PAGE_SIZE)}
    af_second = {f"Person A{n:02d}" for n in range(lists.PAGE_SIZE, 30)}
    municipal = {f"Person M{n:02d}" for n in range(4)} | {f"Person A{n:02d}" for n in range(3)}
    for _ in range(prepared.SPOT_CHECKS_FIRST + 2):  # learnt, spot-checked, taken
        client.force_login(af_coordinator)
        body = client.get(url).content.decode()
        assert (_hits(body), _names(body)) == (30, af_first)
        body = client.get(url, {"page": 2}).content.decode()
        assert (_hits(body), _names(body)) == (30, af_second)
        client.force_login(municipal_coordinator)
        body = client.get(url).content.decode()
        assert (_hits(body), _names(body)) == (7, municipal)
    kinds = taken_only.kinds("participants.access")
    assert set(kinds) == {"_visible_counts"}
    assert set(taken_only.kinds("participants.views.lists")) == {"_list_rows"}
    # One kind per kind of user, AF's coordinator and the municipality's, for the count and for
    # the rows: the rows' full page and last page are one kind (their ids are one value).
    for builder in (participants_access._visible_counts, lists._list_rows):
        kept = [key for key in prepared._kinds if key[0] is builder]
        assert len(kept) == 2
        assert all(type(prepared._kinds[key]) is prepared._Template for key in kept)

    built = taken_only.watch(participants_access, "one_row", "participants_listed")
    client.force_login(af_coordinator)
    body = client.get(url).content.decode()
    assert (_hits(body), _names(body)) == (30, af_first)
    assert _names(client.get(url, {"page": 2}).content.decode()) == af_second
    client.force_login(municipal_coordinator)
    body = client.get(url).content.decode()
    assert (_hits(body), _names(body)) == (7, municipal)
    assert built == []
