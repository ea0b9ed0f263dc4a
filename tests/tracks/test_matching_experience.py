"""A profile that requires months of work experience in an occupation: matching asks it of each
candidate from the experience index (experience_occupation_person), and of the shared people by
their copies' person ids before their rows are read (participants_for_in_halves' `about`). The
pages must still be find_candidates' pages, and nobody without the experience may be offered
unless blocked candidates are asked for."""

import importlib
from unittest import mock

import pytest
from django.db import connection
from django.db.models import Exists, Q

from participants import access as participants_access
from participants.models import Consent
from tests.employers.factories import CriterionFactory, occupation
from tests.index_migrations import (
    check_run_again,
    database_statements,
    indexes,
    run_again_after_stopping,
)
from tests.participants.factories import (
    ConsentFactory,
    ParticipantFactory,
    WorkExperienceFactory,
)
from tests.tracks.factories import TrackFactory
from tests.tracks.test_matching_halves import _page, same_pages
from tracks import matching

pytestmark = pytest.mark.django_db

OCCUPATION, OTHER = "5321", "9111"
# Each person's experiences (occupation, months), on each side of the municipality's
# visibility rule: registered by it, registered by AF and shared with it, and not shared.
EXPERIENCE = {
    "sex månader": [(OCCUPATION, 6)],
    "tre och tre": [(OCCUPATION, 3), (OCCUPATION, 3)],
    "ett år": [(OCCUPATION, 12)],
    "fem månader": [(OCCUPATION, 5)],
    "båda yrkena": [(OCCUPATION, 6), (OTHER, 24)],
    "annat yrke": [(OTHER, 24)],
    "ingen": [],
}
SIDES = ("Egen", "Delad")


def _with(months, occupation_code=OCCUPATION):
    """The people (without their side) with at least `months` in the occupation."""
    return {
        what
        for what, rows in EXPERIENCE.items()
        if rows
        and any(code == occupation_code for code, _ in rows)
        and sum(m for code, m in rows if code == occupation_code) >= months
    }


def _names(whats, sides=SIDES):
    return {f"{side} {what}" for side in sides for what in whats}


def _track(months, *others):
    track = TrackFactory()
    version = track.profile_version
    for code, wanted in [(OCCUPATION, months), *others]:
        CriterionFactory(
            version=version,
            kind="experience",
            mode="required",
            experience_occupation=occupation(code),
            experience_months=wanted,
        )
    CriterionFactory(version=version, kind="swedish", mode="trained", swedish_level="b1")
    return track


@pytest.fixture
def people(af, municipality, af_coordinator):
    for n, (what, rows) in enumerate(EXPERIENCE.items()):
        for side, registered_by in (("Egen", municipality), ("Delad", af), ("Osynlig", af)):
            person = ParticipantFactory(
                name=f"{side} {what}",
                registered_by=registered_by,
                swedish_level="b1" if n % 2 else "a1",
            )
            for code, months in rows:
                WorkExperienceFactory(
                    participant=person, occupation=occupation(code), months=months
                )
            if side == "Delad":
                ConsentFactory(
                    participant=person, shared_with=municipality, recorded_by=af_coordinator
                )


@pytest.fixture
def track(people):
    return _track(6)


@pytest.mark.parametrize("per_page", [1, 2, 4, 20])
@pytest.mark.parametrize(
    "filters",
    [matching.Filters(), matching.Filters(include_blocked=True), matching.Filters(text="d")],
    ids=["required", "blocked shown", "text"],
)
def test_every_page_is_find_candidates_page(
    track, af_coordinator, municipal_coordinator, filters, per_page
):
    for user in (af_coordinator, municipal_coordinator):
        same_pages(track, user, filters, per_page)


def test_only_those_with_the_months_are_offered(track, af_coordinator, municipal_coordinator):
    page = _page(track, municipal_coordinator, matching.Filters(), 1, 20)
    assert {person.name for person in page} == _names(_with(6))
    assert page.paginator.count == 8
    assert {getattr(person, matching.HALF) for person in page} == {0, 1}
    # AF registered the shared and the unshared people: all its own.
    page = _page(track, af_coordinator, matching.Filters(), 1, 20)
    assert {person.name for person in page} == _names(_with(6), ("Delad", "Osynlig"))


def test_blocked_candidates_shown_are_everyone_visible(track, municipal_coordinator):
    page = _page(track, municipal_coordinator, matching.Filters(include_blocked=True), 1, 20)
    assert {person.name for person in page} == _names(EXPERIENCE)
    blocked = {person.name for person in page if person.blocking_gaps}
    assert blocked == _names(set(EXPERIENCE) - _with(6))


@pytest.mark.parametrize(
    ("months", "others", "offered"),
    [
        (0, [], _with(0)),  # any experience in the occupation
        (None, [], _with(0)),
        (12, [], _with(12)),
        (6, [(OTHER, 12)], _with(6) & _with(12, OTHER)),  # both required
    ],
    ids=["0 months", "no months", "a year", "two occupations"],
)
def test_other_profiles(people, af_coordinator, municipal_coordinator, months, others, offered):
    track = _track(months, *others)
    page = _page(track, municipal_coordinator, matching.Filters(), 1, 20)
    assert {person.name for person in page} == _names(offered)
    for user in (af_coordinator, municipal_coordinator):
        for filters in (matching.Filters(), matching.Filters(include_blocked=True)):
            same_pages(track, user, filters, 3)


def test_tracks_of_one_form_with_other_values(people, municipal_coordinator):
    """The page's statement is built once per form (prepared.py) and taken with each track's
    occupation and months: two profiles of the same kinds give each their own people."""
    half_year, a_year = _track(6), _track(12)
    for _ in range(2):
        for track, months in ((half_year, 6), (a_year, 12)):
            page = _page(track, municipal_coordinator, matching.Filters(), 1, 20)
            assert {person.name for person in page} == _names(_with(months))
            same_pages(track, municipal_coordinator, matching.Filters(), 2)


@pytest.mark.parametrize("include_blocked", [False, True])
def test_matching_asks_the_shared_half_for_the_experience(
    track, municipal_coordinator, include_blocked
):
    """Matching gives participants_for_in_halves its required experience (not when blocked
    candidates are shown): the shared people are narrowed by it before their rows are read."""
    with mock.patch.object(
        participants_access,
        "_shared_ids_narrowed",
        wraps=participants_access._shared_ids_narrowed,
    ) as narrowed:
        matching._ranked_halves(
            user=municipal_coordinator,
            track_id=track.pk,
            start_date=track.start_date,
            occupation_id=track.need.occupation_id,
            criteria=matching.criteria_of(track),
            filters=matching.Filters(include_blocked=include_blocked),
        )
    (call,) = narrowed.call_args_list
    about = call.args[3]
    if include_blocked:
        assert list(about) == []
        return
    (condition,) = about
    assert isinstance(condition("participant_id"), Exists)


def test_the_shared_half_asks_the_experience_of_the_copies(track, municipal_coordinator):
    """The shared people's ids are narrowed by the required experience before any person's
    row is read: the narrowed ids are exactly the shared people who have it."""
    (criterion, *_rest) = matching.criteria_of(track)
    assert criterion.kind == "experience"
    user = municipal_coordinator
    shared = (
        Consent.objects.active().filter(shared_with=user.organisation_id).values("participant_id")
    )
    about = [lambda person: matching.criterion_condition(criterion, person)]
    expected = set(
        participants_access.participants_for(user)
        .filter(name__in=_names(_with(6), ("Delad",)))
        .values_list("pk", flat=True)
    )
    assert len(expected) == 4
    # With a condition the copy checks, and with none.
    for where in (Q(status="active"), Q()):
        narrowed = participants_access._shared_ids_narrowed(user, shared, where, about)
        assert set(narrowed.values_list("participant_id", flat=True)) == expected, where
    # Without `about`, nothing but the copy's columns narrows.
    narrowed = participants_access._shared_ids_narrowed(user, shared, Q(status="active"))
    assert len(set(narrowed.values_list("participant_id", flat=True))) == len(EXPERIENCE)


migration = importlib.import_module("participants.migrations.0016_experience_read_from_its_index")


def _the_models_indexes():
    found = indexes(["participants_workexperience"], ["experience_occupation%"])
    assert list(found) == ["experience_occupation_person"], found
    assert found["experience_occupation_person"].endswith(
        "(occupation_id, participant_id) INCLUDE (months)"
    ), found


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("stopped_after", range(4))
def test_the_index_migration_may_be_run_again_after_stopping(stopped_after):
    check_run_again(migration, 3, stopped_after, _the_models_indexes)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("twice", [False, True], ids=["once", "twice"])
def test_the_index_migration_may_be_reversed_and_run_again(twice):
    """Backwards: the old index again, the new one gone (a reverse run again after a cancelled
    build drops what the build left first); then forwards to the model's indexes."""
    (operation,) = migration.Migration.operations
    backwards = [
        sql
        for step in reversed(operation.database_operations)
        for sql in ([step.reverse_sql] if isinstance(step.reverse_sql, str) else step.reverse_sql)
        if sql
    ]
    with connection.cursor() as cursor:
        for sql in backwards * (2 if twice else 1):
            cursor.execute(sql)
    found = indexes(["participants_workexperience"], ["experience_occupation%"])
    assert list(found) == ["experience_occupation"], found
    assert found["experience_occupation"].endswith("(occupation_id, months)"), found
    run_again_after_stopping(database_statements(migration), 0)
    _the_models_indexes()
