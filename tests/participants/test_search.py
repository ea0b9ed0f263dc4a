"""Coordinators find participants by name, personal identity number in any form, or phone,
with filters that survive paging."""

import datetime as dt

import pytest
from django.db import connection
from django.urls import reverse

from jobbspar.identity import format_personal_number
from participants.identities import personal_number_for
from participants.models import Participant, ParticipantStatus, SharedCopy
from participants.search import Filters, search_participant_ids, search_participants
from tests.participants.factories import ConsentFactory, ParticipantFactory, occupation

pytestmark = pytest.mark.django_db

NUMBER = personal_number_for(dt.date(1979, 11, 3), 456)


@pytest.fixture
def amina(af):
    participant = ParticipantFactory(
        name="Amina Hassan",
        personal_number=NUMBER,
        phone="0731234567",
        registered_by=af,
        swedish_level="sfi_d",
        driving_licences=["B", "D"],
        newly_arrived=True,
        status=ParticipantStatus.ACTIVE,
    )
    participant.interests.set([occupation("8331")])
    return participant


@pytest.fixture
def others(af):
    return [
        ParticipantFactory(name="Johan Persson", registered_by=af, swedish_level="native"),
        ParticipantFactory(name="Hodan Warsame", registered_by=af, status=ParticipantStatus.PAUSED),
    ]


def _hits(client, **params):
    response = client.get(reverse("participants:participant_list"), params)
    assert response.status_code == 200
    return [p.name for p in response.context["participants"]]


@pytest.mark.parametrize(
    "query",
    [
        "amina",
        "HASSAN",
        "ina Has",
        NUMBER,
        NUMBER[2:],
        format_personal_number(NUMBER),
        NUMBER[2:8] + "-" + NUMBER[8:],
        NUMBER[:8],
        "073-123 45 67",
        "0731234567",
        "+46 73 123 45 67",
        "0046731234567",
    ],
)
def test_find_by_name_number_or_phone(client, af_coordinator, amina, others, query):
    client.force_login(af_coordinator)
    assert _hits(client, q=query) == ["Amina Hassan"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"swedish_level": "sfi_d"}, ["Amina Hassan"]),
        ({"licence": "D"}, ["Amina Hassan"]),
        ({"status": "paused"}, ["Hodan Warsame"]),
        ({"target_group": "newly_arrived"}, ["Amina Hassan"]),
        ({"q": "a", "status": "active"}, ["Amina Hassan", "Johan Persson"]),
    ],
)
def test_filters(client, af_coordinator, amina, others, filters, expected):
    client.force_login(af_coordinator)
    assert _hits(client, **filters) == expected


def test_filter_by_interest_organisation_and_coordinator(client, af_coordinator, af, amina, others):
    amina.coordinator = af_coordinator
    amina.save()
    client.force_login(af_coordinator)
    assert _hits(client, interest=occupation("8331").pk) == ["Amina Hassan"]
    assert _hits(client, coordinator=af_coordinator.pk) == ["Amina Hassan"]
    assert len(_hits(client, organisation=af.pk)) == 3


def test_pages_keep_the_filters_and_show_the_hit_count(client, af_coordinator, af):
    for index in range(30):
        ParticipantFactory(name=f"Deltagare {index:02d}", registered_by=af, swedish_level="b1")
    ParticipantFactory(name="Annan nivå", registered_by=af, swedish_level="a1")
    client.force_login(af_coordinator)
    response = client.get(reverse("participants:participant_list"), {"swedish_level": "b1"})
    text = response.content.decode()
    assert "30 träffar" in text
    assert "?swedish_level=b1&amp;page=2" in text
    second = client.get(
        reverse("participants:participant_list"), {"swedish_level": "b1", "page": 2}
    )
    assert [p.name for p in second.context["participants"]] == [
        f"Deltagare {index:02d}" for index in range(25, 30)
    ]
    assert second.context["form"]["swedish_level"].value() == "b1"


def test_one_hit_is_singular(client, af_coordinator, amina):
    client.force_login(af_coordinator)
    response = client.get(reverse("participants:participant_list"))
    assert "1 träff<" in response.content.decode()


def test_name_phone_and_licence_searches_use_their_indexes(af):

    ParticipantFactory(registered_by=af)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plans = [
            Participant.objects.filter(name__icontains="amin").order_by().explain(),
            Participant.objects.filter(phone__contains="0701").order_by().explain(),
            Participant.objects.filter(driving_licences__contains=["D"]).order_by().explain(),
        ]
    assert "participant_name_trgm" in plans[0]
    assert "participant_phone_trgm" in plans[1]
    assert "participant_licences" in plans[2]


def test_a_name_search_reads_each_halfs_names_in_capitals_from_its_index(
    af, municipality, municipal_coordinator
):
    """A name search tests UPPER(name) against each of the organisation's rows in its half's
    covering index (the people it registered, the copies shared with it): the index holds the
    name in capitals, so PostgreSQL reads it there instead of computing UPPER per row (1-2 ms of
    a national search, issue 18). EXPLAIN shows a value read from an index expression in
    parentheses of its own, `(upper((name)::text))`, and a computed one without them."""
    mine = ParticipantFactory(name="Eva Lundqvist", registered_by=municipality)
    shared = ParticipantFactory(name="Åsa Lundin", registered_by=af)
    ConsentFactory(participant=shared, shared_with=municipality)
    ParticipantFactory(name="Lunda Osynlig", registered_by=af)
    ids = search_participant_ids(municipal_coordinator, Filters(text="lund"))
    assert [pk for pk, _name in ids] == [mine.pk, shared.pk]
    # Each half's condition as the search builds it (`icontains`), on its table's rows of the
    # organisation, in name order: with sequential and bitmap scans and sorting off, only the
    # half's covering index gives that order with the organisation as its condition. Other
    # organisations' people, and the statistics taken of them, keep the whole name index from
    # costing the same as the organisation's part of its own (a tie on a nearly empty table,
    # which the planner broke either way as other tests had grown the indexes).
    Participant.objects.bulk_create(ParticipantFactory.build_batch(300, registered_by=af))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE participants_participant")
    halves = {
        "participant_org_name_filters": Participant.objects.filter(registered_by=municipality),
        "sharedcopy_org_name_filters": SharedCopy.objects.filter(shared_with=municipality),
    }
    with connection.cursor() as cursor:
        for setting in ("enable_seqscan", "enable_bitmapscan", "enable_sort"):
            cursor.execute(f"SET LOCAL {setting} = off")
        for index, rows in halves.items():
            plan = rows.filter(name__icontains="lund").order_by("name").values("name").explain()
            assert f"Index Only Scan using {index}" in plan, plan
            assert "Filter: ((upper((name)::text)) ~~ '%LUND%'::text)" in plan, plan


def test_a_search_from_the_page_returns_only_the_results(client, af_coordinator, amina, others):
    client.force_login(af_coordinator)
    response = client.get(
        reverse("participants:participant_list"), {"q": "amina"}, headers={"HX-Request": "true"}
    )
    text = response.content.decode()
    assert "<html" not in text
    assert "1 träff<" in text
    assert "Amina Hassan" in text
    assert "Johan Persson" not in text


def test_the_lists_ids_are_search_participants_in_the_same_order(
    af, municipality, af_coordinator, municipal_coordinator, amina, others
):
    """The list pages through search_participant_ids (the two halves of the visibility rule,
    merged); it must name exactly the people search_participants finds, in the same order,
    with a person both registered by and shared with an organisation listed once."""

    shared = ParticipantFactory(name="Amina Ali", registered_by=af, newly_arrived=True)
    ConsentFactory(participant=shared, shared_with=municipality)
    ConsentFactory(participant=shared, shared_with=municipality)  # a renewed consent
    own = ParticipantFactory(name="Bo Berg", registered_by=municipality)
    ConsentFactory(participant=own, shared_with=municipality)
    ParticipantFactory(name="Amina Okänd", registered_by=municipality, status="closed")
    for user in (af_coordinator, municipal_coordinator):
        for filters in (
            Filters(),
            Filters(text="amina"),
            Filters(target_group="newly_arrived"),
            Filters(status="active", licence="B"),
            Filters(text=amina.phone),
        ):
            expected = list(search_participants(user, filters).values_list("pk", flat=True))
            ids = [pk for pk, _name in search_participant_ids(user, filters)]
            assert ids == expected, (user, filters)
    assert [pk for pk, _ in search_participant_ids(municipal_coordinator, Filters())].count(
        own.pk
    ) == 1


def test_a_page_of_the_lists_ids_reads_only_the_top_of_each_half(
    af, municipality, municipal_coordinator, django_assert_num_queries
):
    """A page [a:b] of search_participant_ids takes the first b of each half (registered, shared)
    before merging them: every page must be the same slice of search_participants, with the
    people both registered by and shared with the organisation once, and one query per page."""
    for n in range(7):
        mine = ParticipantFactory(name=f"Eget {n}", registered_by=municipality)
        shared = ParticipantFactory(name=f"Delad {n}", registered_by=af)
        ConsentFactory(participant=shared, shared_with=municipality)
        if n % 3 == 0:
            ConsentFactory(participant=mine, shared_with=municipality)  # in both halves
    ParticipantFactory(name="Aaa Osynlig", registered_by=af)  # neither half
    expected = list(search_participants(municipal_coordinator, Filters()).values_list("pk", "name"))
    ids = search_participant_ids(municipal_coordinator, Filters())
    assert ids.count() == len(expected) == 14
    for start in range(0, 15, 3):
        with django_assert_num_queries(1):
            page = list(ids[start : start + 3])
        assert page == expected[start : start + 3], start
    assert ids[4] == expected[4]
    assert "LIMIT 6" in str(ids[3:6].query)  # each half stops at the page's end


def test_the_lists_ids_of_a_search_that_can_match_nobody(
    af, municipality, municipal_coordinator, django_assert_num_queries
):
    """A search no row can match (a number too short to be a phone number) makes both halves
    empty querysets (Django's union() of those cannot be ordered): it pages and counts as
    nothing, and a real number search as usual."""
    ParticipantFactory(name="Eget", registered_by=municipality, phone="0701234567")
    for filters in (Filters(text="12"), Filters(text="070123")):
        expected = list(
            search_participants(municipal_coordinator, filters).values_list("pk", "name")
        )
        ids = search_participant_ids(municipal_coordinator, filters)
        assert ids.count() == len(expected)
        assert list(ids[0:25]) == expected
        assert list(ids) == expected
