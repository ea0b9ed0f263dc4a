"""Candidate matching ranks the two halves of the visibility rule apart and merges them
(tracks.matching._top_of_halves): the people the user's organisation registered, read with
their ranking columns from the free people's index (participant_org_free), and those an active
consent shares with it (participants.access.participants_for_in_halves). Its pages must be
find_candidates' pages, person for person and with its total, wherever the top comes from; a
person both registered by and shared with the organisation is ranked once."""

import datetime as dt
import importlib

import pytest
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from participants import access as participants_access
from participants.models import Participant, ParticipantStatus
from participants.models.shared_copy import FREE_STATUS
from tests.employers.factories import CriterionFactory
from tests.index_migrations import check_run_again, indexes
from tests.participants.factories import ConsentFactory, ParticipantFactory
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tracks import matching

pytestmark = pytest.mark.django_db

FILTERS = [
    matching.Filters(),
    matching.Filters(include_blocked=True),
    matching.Filters(text="a"),
    matching.Filters(text="delad"),
    matching.Filters(district="Rosengård"),
    matching.Filters(text="e", district="Limhamn", include_blocked=True),
]


@pytest.fixture
def track(af, municipality, af_coordinator):
    """A profile requiring a B licence and weighing Swedish, with free people on both sides of
    the municipality's visibility rule, the people it may not see, and those not free."""
    track = TrackFactory()
    version = track.profile_version
    CriterionFactory(version=version, kind="driving_licence", mode="required", driving_licence="B")
    CriterionFactory(version=version, kind="swedish", mode="trained", swedish_level="b1")

    def person(name, registered_by, n, **fields):
        return ParticipantFactory(
            name=name,
            registered_by=registered_by,
            driving_licences=fields.pop("driving_licences", ["B"]),
            swedish_level="b1" if n % 3 else "a1",
            district="Rosengård" if n % 2 else "Limhamn",
            **fields,
        )

    def share(participant, **fields):
        return ConsentFactory(
            participant=participant, shared_with=municipality, recorded_by=af_coordinator, **fields
        )

    for n in range(5):
        person(f"Egen {n}", municipality, n)
    for n in range(5):
        share(person(f"Delad {n}", af, n))
    share(person("Delad två gånger", af, 1))
    share(person("Delad igen", af, 2))
    twice = Participant.objects.get(name="Delad två gånger")
    share(twice)  # a renewed consent: one person
    share(person("Båda Egen och delad", municipality, 4))  # registered and shared: once
    person("Egen utan B", municipality, 5, driving_licences=["C"])  # blocked
    share(person("Delad utan B", af, 7, driving_licences=["C"]))  # blocked
    person("Egen pausad", municipality, 3, status="paused")  # not active
    person("Osynlig", af, 1)  # no consent
    share(
        person("Återkallad", af, 2), withdrawn_at=timezone.now(), withdrawn_on=timezone.localdate()
    )
    share(person("Utgången", af, 4), valid_until=timezone.localdate() - dt.timedelta(days=1))
    TrackParticipantFactory(track=track, participant=person("Redan med", municipality, 2))
    # In another track now, or available only after the start: not free, on both sides.
    TrackParticipantFactory(participant=person("Egen upptagen", municipality, 1))
    TrackParticipantFactory(participant=share(person("Delad upptagen", af, 1)).participant)
    later = track.start_date + dt.timedelta(days=1)
    person("Egen senare", municipality, 1, available_from=later)
    share(person("Delad senare", af, 1, available_from=later))
    person("Egen i tid", municipality, 4, available_from=track.start_date)
    # The AF coordinator's shared half: a person of the municipality's shared with AF.
    ConsentFactory(
        participant=person("Kommunens delad med AF", municipality, 2),
        shared_with=af,
        recorded_by=af_coordinator,
    )
    return track


def _page(track, user, filters, number, per_page):
    return matching.candidates_page(
        track=track,
        user=user,
        criteria=matching.criteria_of(track),
        filters=filters,
        number=number,
        per_page=per_page,
    )


def _ranking(track, user, filters):
    found = matching.find_candidates(
        track=track, user=user, criteria=matching.criteria_of(track), filters=filters
    )
    return [(p.pk, p.match_score, p.blocking_gaps, p.priority) for p in found]


def same_pages(track, user, filters, per_page):
    """Every page of candidates_page, and one past the end, is find_candidates' page with its
    total."""
    ranking = _ranking(track, user, filters)
    for number in range(1, len(ranking) // per_page + 3):
        page = _page(track, user, filters, number, per_page)
        rows = [(p.pk, p.match_score, p.blocking_gaps, p.priority) for p in page]
        bottom = (page.number - 1) * per_page
        assert rows == ranking[bottom : bottom + per_page], (user, filters, number)
        assert page.paginator.count == len(ranking), (user, filters, number)


@pytest.mark.parametrize("per_page", [1, 2, 3, 20])
def test_every_page_is_find_candidates_page(track, af_coordinator, municipal_coordinator, per_page):
    for user in (af_coordinator, municipal_coordinator):
        for filters in FILTERS:
            same_pages(track, user, filters, per_page)


def test_the_first_page_merges_both_halves_and_names_each_person_once(track, municipal_coordinator):
    page = _page(track, municipal_coordinator, matching.Filters(), 1, 20)
    names = [person.name for person in page]
    assert len(names) == len(set(names)) == page.paginator.count == 15
    assert {getattr(person, matching.HALF) for person in page} == {0, 1}
    assert "Båda Egen och delad" in names and "Delad två gånger" in names
    assert "Egen i tid" in names and "Kommunens delad med AF" in names
    for name in (
        "Osynlig",
        "Återkallad",
        "Utgången",
        "Egen pausad",
        "Redan med",
        "Egen utan B",
        "Egen upptagen",
        "Delad upptagen",
        "Egen senare",
        "Delad senare",
    ):
        assert name not in names
    # Ranked: the Swedish criterion met first, then by name.
    assert names[:3] == ["Båda Egen och delad", "Delad 1", "Delad 2"]


def test_a_search_finding_nobody_in_one_half_has_the_others_total(track, municipal_coordinator):
    filters = matching.Filters(text="delad")
    page = _page(track, municipal_coordinator, filters, 1, 2)
    assert page.paginator.count == len(_ranking(track, municipal_coordinator, filters)) == 9
    assert {getattr(person, matching.HALF) for person in page} == {0, 1}
    page = _page(track, municipal_coordinator, matching.Filters(text="gång"), 1, 2)
    assert [person.name for person in page] == ["Delad två gånger"]
    assert page.paginator.count == 1
    assert {getattr(person, matching.HALF) for person in page} == {1}
    page = _page(track, municipal_coordinator, matching.Filters(text="egen "), 1, 2)
    assert page.paginator.count == 7  # Egen 0-4, Egen i tid, and Båda Egen och delad
    assert {getattr(person, matching.HALF) for person in page} == {0}


def test_nobody_found_is_an_empty_first_page(track, municipal_coordinator):
    page = _page(track, municipal_coordinator, matching.Filters(text="zzzz"), 1, 20)
    assert list(page) == [] and page.paginator.count == 0


@pytest.mark.parametrize(
    "where",
    [Q(), Q(status="active"), Q(driving_licences__contains=["B"], swedish_level="b1")],
    ids=["all", "active", "licence and swedish"],
)
def test_the_halves_are_participants_for_without_a_repeat(
    track,
    where,
    af_coordinator,
    municipal_coordinator,
    employer_user,
    manager,
    admin_user,
):
    # (Every user but the administrator has an organisation: the database requires it.)
    for user in (af_coordinator, municipal_coordinator, employer_user, manager, admin_user):
        halves = participants_access.participants_for_in_halves(user, where)
        expected = participants_access.participants_for(user, where).values_list("pk", flat=True)
        if not halves:
            assert list(expected) == [], user
            continue
        own, others = (set(half.values_list("pk", flat=True)) for half in halves)
        assert own and others, user  # the fixture gives both coordinators both halves
        assert not own & others, user
        assert own | others == set(expected), user
    assert participants_access.participants_for_in_halves(admin_user, where) == []
    assert participants_access.participants_for_in_halves(employer_user, where) == []


def _plans_of_halves(track, user, filters):
    """The plans of the own and the shared half's ranking, with every scan but an index-only
    one off: on a table of a few dozen rows an index scan of another index (the status index,
    once) can cost the same, and the planner's tie-break is no test of the index."""
    halves = matching._ranked_halves(
        user=user,
        track_id=track.pk,
        start_date=track.start_date,
        occupation_id=track.need.occupation_id,
        criteria=matching.criteria_of(track),
        filters=filters,
    )
    with connection.cursor() as cursor:
        for setting in ("enable_seqscan", "enable_bitmapscan", "enable_indexscan"):
            cursor.execute(f"SET LOCAL {setting} = off")
        return [half.only(*matching.CARD_FIELDS).explain() for half in halves]


def test_the_own_half_is_ranked_from_the_free_peoples_index(track, municipal_coordinator):
    """The organisation's own free people are read with every column the ranking needs from
    participant_org_free alone (an index-only scan), not looked up by id."""
    filters = matching.Filters(text="e", district="Limhamn")
    plan, _shared = _plans_of_halves(track, municipal_coordinator, filters)
    assert "Index Only Scan using participant_org_free" in plan, plan
    assert "participant_id_name_filters" not in plan, plan


@pytest.mark.parametrize("filters", [matching.Filters(), matching.Filters(text="delad")])
def test_the_shared_half_reads_the_active_copies_index(track, municipal_coordinator, filters):
    """The copies of the people shared with the organisation are narrowed from the partial index
    of the active ones (sharedcopy_org_free), read alone, not from every copy of the name index."""
    _own, plan = _plans_of_halves(track, municipal_coordinator, filters)
    assert "Index Only Scan using sharedcopy_org_free" in plan, plan
    assert "sharedcopy_org_name_filters" not in plan, plan


def test_the_copies_free_status_is_the_participants():
    assert FREE_STATUS == ParticipantStatus.ACTIVE


migration = importlib.import_module("participants.migrations.0015_free_candidates_index")
shared_migration = importlib.import_module(
    "participants.migrations.0017_shared_free_candidates_index"
)


def _the_models_index():
    found = indexes(["participants_participant"], ["participant_org_free%"])
    assert list(found) == ["participant_org_free"]
    assert found["participant_org_free"].endswith(
        "(registered_by_id) INCLUDE (id, name, status, in_active_track, available_from, "
        "swedish_level, education_level, driving_licences, certificates, working_hours, "
        "language_levels, continued_support_occupations, district) WHERE "
        "(((status)::text = 'active'::text) AND (NOT in_active_track))"
    ), found


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("stopped_after", range(3))
def test_the_index_migration_may_be_run_again_after_stopping(stopped_after):
    check_run_again(migration, 2, stopped_after, _the_models_index)


def _the_models_shared_index():
    found = indexes(["participants_sharedcopy"], ["sharedcopy_org_free%"])
    assert list(found) == ["sharedcopy_org_free"]
    assert found["sharedcopy_org_free"].endswith(
        "(shared_with_id, participant_id) INCLUDE (name, registered_by_id, newly_arrived, "
        "long_term_unemployed, receives_income_support, swedish_level, coordinator_id, "
        "driving_licences, available_from, education_level, certificates, working_hours) "
        "WHERE ((status)::text = 'active'::text)"
    ), found


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("stopped_after", range(3))
def test_the_shared_index_migration_may_be_run_again_after_stopping(stopped_after):
    check_run_again(shared_migration, 2, stopped_after, _the_models_shared_index)
