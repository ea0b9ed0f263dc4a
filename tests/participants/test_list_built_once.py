"""The participant list's count, its pages of ids, its searches' ids and a page's rows are built
once per kind of user (and of search, and of page for the first pages; participants.search,
participants.access.count_participants_for, participants.views.lists._list_rows,
jobbspar/database/prepared.py): each organisation's coordinator sees the count and the rows of
their own list, on a full page and on a last, shorter one, and the same ids searching as the
visibility rule's halves give; once taken, none of them is built again."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from jobbspar.database import prepared
from jobbspar.models import Role
from participants import access as participants_access
from participants import search
from participants.views import lists
from tests.jobbspar.factories import MunicipalityFactory, UserFactory
from tests.participants.factories import ConsentFactory, ParticipantFactory, occupation

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
    assert set(taken_only.kinds("participants.search")) == {"_whole_list_page"}
    # The whole list's pages of ids: a kind per kind of user and page (AF's two, the
    # municipality's one), the last, shorter page read as a whole page.
    # One kind per kind of user, AF's coordinator and the municipality's, for the count and for
    # the rows: the rows' full page and last page are one kind (their ids are one value).
    for builder, kinds_kept in (
        (participants_access._visible_counts, 2),
        (lists._list_rows, 2),
        (search._whole_list_page, 3),
    ):
        kept = [key for key in prepared._kinds if key[0] is builder]
        assert len(kept) == kinds_kept
        assert all(type(prepared._kinds[key]) is prepared._Template for key in kept)

    built = taken_only.watch(participants_access, "one_row", "participants_listed")
    halves_built = taken_only.watch(search, "search_participant_ids")
    client.force_login(af_coordinator)
    body = client.get(url).content.decode()
    assert (_hits(body), _names(body)) == (30, af_first)
    assert _names(client.get(url, {"page": 2}).content.decode()) == af_second
    client.force_login(municipal_coordinator)
    body = client.get(url).content.decode()
    assert (_hits(body), _names(body)) == (7, municipal)
    assert built == halves_built == []


def test_the_list_pages_past_the_first_and_out_of_range(
    client, two_lists, af_coordinator, monkeypatch
):
    """A page past the first prepared.PREPARED_PAGES is read as before; a page number that is
    no number shows the first page, one past the end the last; an empty list has no rows."""
    url = reverse("participants:participant_list")
    client.force_login(af_coordinator)
    af_first = {f"Person A{n:02d}" for n in range(lists.PAGE_SIZE)}
    af_second = {f"Person A{n:02d}" for n in range(lists.PAGE_SIZE, 30)}
    monkeypatch.setattr(prepared, "PREPARED_PAGES", 1)
    for page, names in (("2", af_second), ("1", af_first), ("abc", af_first), ("99", af_second)):
        body = client.get(url, {"page": page}).content.decode()
        assert (_hits(body), _names(body)) == (30, names), page
    kept = {key[2][-1] for key in prepared._kinds if key[0] is search._whole_list_page}
    assert kept == {(prepared.Fixed, ((int, 0), (int, lists.PAGE_SIZE)))}
    nobody = UserFactory(role=Role.MUNICIPAL_COORDINATOR, organisation=MunicipalityFactory())
    client.force_login(nobody)
    body = client.get(url).content.decode()
    assert (_hits(body), _names(body)) == (0, set())


def test_the_whole_list_pages_as_its_ids_do(two_lists, af_coordinator, municipal_coordinator):
    """WholeList gives each page of search_participant_ids(user, Filters()), the last one
    too, through a statement built once for the first pages and built on each call after; its
    count is count_participants_for's, and it iterates and indexes as the ids do."""
    for user in (af_coordinator, municipal_coordinator):
        ids = list(search.search_participant_ids(user, search.Filters()))
        whole = search.WholeList(user, 2)
        for start in range(0, len(ids), 2):
            stop = min(start + 2, len(ids))
            for _ in range(prepared.SPOT_CHECKS_FIRST + 2):
                assert whole[start:stop] == ids[start:stop]
    prepared_pages = {key[2][-1] for key in prepared._kinds if key[0] is search._whole_list_page}
    # AF's 30 people in 15 pages of two: the first ten pages' bounds, each a whole page (the
    # municipality's seven people: four pages, the last of one person, with AF's bounds).
    assert prepared_pages == {
        (prepared.Fixed, ((int, start), (int, start + 2))) for start in range(0, 20, 2)
    }
    for user in (af_coordinator, municipal_coordinator):
        ids = list(search.search_participant_ids(user, search.Filters()))
        whole = search.WholeList(user, 2)
        assert whole.count() == len(whole) == len(ids)
        assert list(whole) == ids
        assert whole[3] == ids[3]
        for outside in (len(ids), -1):
            with pytest.raises(IndexError):
                whole[outside]
    whole = search.WholeList(af_coordinator, 2)
    for wrong in (slice(0, None), slice(0, 3), slice(0, 2, 2)):
        with pytest.raises(TypeError):
            whole[wrong]


@pytest.fixture
def searched(af, municipality, af_coordinator):
    """People to search for: in both organisations, shared, with names, licences, target groups
    and statuses that the searches below tell apart."""
    people = [
        ParticipantFactory(
            name=f"{first} {n}",
            registered_by=owner,
            driving_licences=["B"] if n % 2 else [],
            newly_arrived=n % 3 == 0,
            receives_income_support=n % 4 == 0,
            status="active" if n % 5 else "paused",
            swedish_level="sfi_d" if n % 3 == 1 else "native",
            coordinator=af_coordinator if n % 4 == 1 else None,
        )
        for n in range(12)
        for first, owner in (("Amina", af), ("Bo", municipality))
    ]
    for person in people[::3]:
        person.interests.set([occupation("8331")])
    for person in people[:6]:
        if person.registered_by_id == af.pk:
            ConsentFactory(participant=person, shared_with=municipality, recorded_by=af_coordinator)
    return people


SEARCHES = (
    search.Filters(text="amina"),
    search.Filters(text="  Bo 1"),
    search.Filters(text="zzz"),
    search.Filters(status="active", licence="B"),
    search.Filters(text="amina", target_group="newly_arrived"),
    search.Filters(target_group="income_support"),
    search.Filters(target_group="long_term_unemployed", status="paused"),
)


def test_a_search_never_filters_on_what_the_user_may_not_see(searched, af_coordinator):
    """Income support is the municipality's to see: AF's search for it has no such term (a
    filter on it would reveal it) and finds what the whole list does."""
    income_support = search.Filters(target_group="income_support")
    assert search._terms(af_coordinator, income_support) == []
    assert search.first_ids_found(af_coordinator, income_support, 100) == list(
        search.search_participants(af_coordinator, search.Filters()).values_list("pk", "name")
    )


def test_a_search_finds_the_same_ids_through_its_statement_built_once(
    searched, af_coordinator, municipal_coordinator, af
):
    """first_ids_found gives the first ids of search_participant_ids for every search, each
    kind of user and of search learnt, spot-checked and then taken; a name search with another
    text is the same kind (a search by number: the test below)."""
    for _ in range(prepared.SPOT_CHECKS_FIRST + 2):
        for user in (af_coordinator, municipal_coordinator):
            for filters in (
                *SEARCHES,
                search.Filters(organisation=af.pk, text="bo"),
                search.Filters(coordinator=af_coordinator.pk, swedish_level="native"),
                search.Filters(interest=occupation("8331").pk),
            ):
                found = search.first_ids_found(user, filters, 100)
                assert found == list(search.search_participant_ids(user, filters)[:100])
                # The same people as one query with the search's condition (not the halves).
                everyone = search.search_participants(user, filters).values_list("pk", "name")
                assert found == list(everyone), (user, filters)
                assert search.first_ids_found(user, filters, 3) == found[:3]
    kept = [key for key in prepared._kinds if key[0] is search._first_ids_found]
    assert all(type(prepared._kinds[key]) is prepared._Template for key in kept)
    # By kind of user (two), the terms each search has and its limit (100 and 3): the three name
    # searches are one kind; the income support filter applies for the municipality only (AF's
    # search is then the whole list, with no terms); the organisation is AF's own and the
    # coordinator AF's coordinator for AF's coordinator (equal to the user's: kinds of their own).
    assert len(kept) == 2 * 8 * 2


def test_a_search_by_number_is_built_once_per_kind_of_number(
    af, municipality, af_coordinator, municipal_coordinator, taken_only
):
    """A number's parts (a phone number, a personal identity number, a date of birth) decide
    its search's kind: each is learnt, spot-checked and taken, finds what one query with the
    search's condition finds, for each organisation; a number with no part finds nobody and
    asks nothing."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from jobbspar.identity import format_personal_number
    from participants.identities import personal_number_for

    born = dt.date(1979, 11, 3)
    amina = ParticipantFactory(
        name="Amina Nummer",
        personal_number=personal_number_for(born, 456),
        phone="0731234567",
        registered_by=af,
    )
    ParticipantFactory(
        name="Bo Nummer", personal_number=personal_number_for(born, 123), registered_by=af
    )
    ParticipantFactory(name="Cilla Nummer", phone="0739876543", registered_by=municipality)
    ConsentFactory(participant=amina, shared_with=municipality, recorded_by=af_coordinator)
    number = amina.personal_number
    searches = {
        format_personal_number(number): {"Amina Nummer"},  # phone + personal number
        number[2:]: {"Amina Nummer"},
        number[:8]: {"Amina Nummer", "Bo Nummer"},  # phone + date of birth
        "073-123 45 67": {"Amina Nummer"},  # phone (no valid personal number)
        "+46 73 987 65 43": {"Cilla Nummer"},
        "987 65": {"Cilla Nummer"},
    }
    # AF's own two; the municipality's own Cilla and AF's Amina, shared.
    seen_by = {
        af_coordinator: {"Amina Nummer", "Bo Nummer"},
        municipal_coordinator: {"Amina Nummer", "Cilla Nummer"},
    }
    for _ in range(prepared.SPOT_CHECKS_FIRST + 2):  # learnt, spot-checked, taken
        for user, visible in seen_by.items():
            for text, names in searches.items():
                filters = search.Filters(text=text)
                found = search.first_ids_found(user, filters, 100)
                everyone = search.search_participants(user, filters).values_list("pk", "name")
                assert found == list(everyone), (user, text)
                assert {name for _pk, name in found} == names & visible, (user, text)
    kept = [key for key in prepared._kinds if key[0] is search._first_ids_found]
    assert all(type(prepared._kinds[key]) is prepared._Template for key in kept)
    names_kept = {key[2][2][1] for key in kept}  # the Fixed names of the terms
    assert names_kept == {
        ((str, "number:phone+personal_number"),),
        ((str, "number:phone+born"),),
        ((str, "number:phone"),),
    }

    halves = taken_only.watch(search.participants_access, "participant_halves_for")
    for text in searches:
        search.first_ids_found(af_coordinator, search.Filters(text=text), 100)
    assert halves == []
    with CaptureQueriesContext(connection) as asked:
        assert search.first_ids_found(af_coordinator, search.Filters(text="1-2"), 100) == []
    assert asked.captured_queries == []
