"""A profile that requires months of work experience in an occupation: matching asks it of each
candidate from the experience index (experience_occupation_person), and of the shared people by
their copies' person ids before their rows are read (participants_for_in_halves' `about`). The
pages must still be find_candidates' pages, and nobody without the experience may be offered
unless blocked candidates are asked for."""

import importlib

import pytest
from django.db.models import Q

from participants import access as participants_access
from participants.models import Consent
from tests.employers.factories import CriterionFactory, occupation
from tests.index_migrations import check_run_again, indexes
from tests.participants.factories import (
    ConsentFactory,
    ParticipantFactory,
    WorkExperienceFactory,
)
from tests.tracks.factories import TrackFactory
from tests.tracks.test_matching_halves import _page, _ranking
from tracks import matching

pytestmark = pytest.mark.django_db

# Months in the occupation, as one or more experiences, of each person on either side of the
# municipality's visibility rule; None: experience in another occupation only.
EXPERIENCE = {
    "sex månader": [6],
    "tre och tre": [3, 3],
    "ett år": [12],
    "fem månader": [5],
    "annat yrke": None,
    "ingen": [],
}
HAS_IT = {"sex månader", "tre och tre", "ett år"}


@pytest.fixture
def track(af, municipality, af_coordinator):
    track = TrackFactory()
    version = track.profile_version
    CriterionFactory(
        version=version,
        kind="experience",
        mode="required",
        experience_occupation=occupation("5321"),
        experience_months=6,
    )
    CriterionFactory(version=version, kind="swedish", mode="trained", swedish_level="b1")
    for n, (what, months) in enumerate(EXPERIENCE.items()):
        for side, registered_by in (("Egen", municipality), ("Delad", af), ("Osynlig", af)):
            person = ParticipantFactory(
                name=f"{side} {what}",
                registered_by=registered_by,
                swedish_level="b1" if n % 2 else "a1",
            )
            for part in months or []:
                WorkExperienceFactory(
                    participant=person, occupation=occupation("5321"), months=part
                )
            if months is None:
                WorkExperienceFactory(participant=person, occupation=occupation("9111"), months=24)
            if side == "Delad":
                ConsentFactory(
                    participant=person, shared_with=municipality, recorded_by=af_coordinator
                )
    return track


@pytest.mark.parametrize("per_page", [1, 2, 4, 20])
@pytest.mark.parametrize(
    "filters",
    [matching.Filters(), matching.Filters(include_blocked=True), matching.Filters(text="d")],
    ids=["required", "blocked shown", "text"],
)
def test_every_page_is_find_candidates_page(track, municipal_coordinator, filters, per_page):
    ranking = _ranking(track, municipal_coordinator, filters)
    for number in range(1, len(ranking) // per_page + 3):
        page = _page(track, municipal_coordinator, filters, number, per_page)
        rows = [(p.pk, p.match_score, p.blocking_gaps, p.priority) for p in page]
        bottom = (page.number - 1) * per_page
        assert rows == ranking[bottom : bottom + per_page], number
        assert page.paginator.count == len(ranking), number


def test_only_those_with_the_months_are_offered(track, municipal_coordinator):
    page = _page(track, municipal_coordinator, matching.Filters(), 1, 20)
    expected = {f"{side} {what}" for side in ("Egen", "Delad") for what in HAS_IT}
    assert {person.name for person in page} == expected
    assert page.paginator.count == 6
    assert {getattr(person, matching.HALF) for person in page} == {0, 1}


def test_blocked_candidates_shown_are_everyone_visible(track, municipal_coordinator):
    page = _page(track, municipal_coordinator, matching.Filters(include_blocked=True), 1, 20)
    expected = {f"{side} {what}" for side in ("Egen", "Delad") for what in EXPERIENCE}
    assert {person.name for person in page} == expected
    blocked = {person.name for person in page if person.blocking_gaps}
    assert blocked == expected - {f"{side} {what}" for side in ("Egen", "Delad") for what in HAS_IT}


def test_the_shared_half_asks_the_experience_of_the_copies(track, municipal_coordinator):
    """The shared people's ids are narrowed by the required experience before any person's
    row is read: the narrowed ids are exactly the shared people who have it."""
    (criterion,) = [c for c in matching.criteria_of(track) if c.kind == "experience"]
    user = municipal_coordinator
    shared = (
        Consent.objects.active().filter(shared_with=user.organisation_id).values("participant_id")
    )
    about = [lambda person: matching.criterion_condition(criterion, person)]
    narrowed = participants_access._shared_ids_narrowed(user, shared, Q(status="active"), about)
    names = set(
        participants_access.participants_for(user)
        .filter(pk__in=narrowed)
        .values_list("name", flat=True)
    )
    assert names == {f"Delad {what}" for what in HAS_IT}
    # With no condition the copy can check, the experience still narrows.
    narrowed = participants_access._shared_ids_narrowed(user, shared, Q(), about)
    assert set(narrowed.values_list("participant_id", flat=True)) == set(
        participants_access.participants_for(user)
        .filter(name__in=[f"Delad {what}" for what in HAS_IT])
        .values_list("pk", flat=True)
    )
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
