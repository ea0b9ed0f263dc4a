"""Candidate matching's page is built once per kind of search (tracks.matching.candidates_page,
jobbspar/database/prepared.py): two tracks whose profiles have criteria of the same kinds share
one statement, and each gets its own candidates, ranked as find_candidates ranks them; the
filters given and the page are part of the kind."""

import pytest

from jobbspar.database import prepared, statements
from participants.models import OtherLanguage
from tests.employers.factories import CriterionFactory
from tests.participants.factories import ParticipantFactory, WorkExperienceFactory, occupation
from tests.tracks.factories import TrackFactory
from tracks import matching

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_prepared")]


def _profile(licence: str, language: str, months: int, code: str):
    track = TrackFactory()
    version = track.profile_version
    CriterionFactory(version=version, kind="swedish", mode="required", swedish_level="sfi_c")
    CriterionFactory(
        version=version, kind="driving_licence", mode="required", driving_licence=licence
    )
    CriterionFactory(
        version=version, kind="language", mode="trained", language=language, language_level="b1"
    )
    CriterionFactory(
        version=version,
        kind="experience",
        mode="trained",
        experience_occupation=occupation(code),
        experience_months=months,
        weight=4,
    )
    return track


def _page(track, user, number=1, **filters):
    criteria = matching.criteria_of(track)
    return matching.candidates_page(
        track=track,
        user=user,
        criteria=criteria,
        filters=matching.Filters(**filters),
        number=number,
        per_page=2,
    )


def _ranked(track, user, **filters):
    criteria = matching.criteria_of(track)
    found = matching.find_candidates(
        track=track, user=user, criteria=criteria, filters=matching.Filters(**filters)
    )
    return [person.name for person in found]


@pytest.fixture
def two_tracks(af):
    """A B-licence, Arabic and warehouse-work profile and a C-licence, Somali and driving
    profile, with people who meet one or the other."""
    # Experience in occupations other than the needs' own (which occupation equals which is part
    # of the kind: the same equalities make one kind).
    first = _profile("B", "arabiska", 12, "4322")
    second = _profile("C", "somaliska", 6, "8331")
    for n, (licence, language, code, months) in enumerate(
        [
            ("B", "Arabiska", "4322", 24),
            ("B", "", "4322", 0),
            ("B", "Somaliska", "8331", 12),
            ("C", "Somaliska", "8331", 12),
            ("C", "Arabiska", "8331", 3),
            ("C", "", "4322", 24),
        ]
    ):
        person = ParticipantFactory(
            name=f"Person {n} {licence}",
            registered_by=af,
            swedish_level="b1",
            driving_licences=[licence],
            district="Rosengård" if n % 2 else "Limhamn",
        )
        if language:
            OtherLanguage.objects.create(participant=person, language=language, level="c1")
        if months:
            WorkExperienceFactory(participant=person, occupation=occupation(code), months=months)
    return first, second


def test_two_profiles_of_the_same_kinds_share_one_statement(
    two_tracks, af_coordinator, monkeypatch
):
    # Count the builds the process makes (no VERIFY, no spot checks).
    monkeypatch.setattr(statements, "VERIFY", False)
    monkeypatch.setattr(prepared, "SPOT_CHECKS_FIRST", 0)
    built = []
    real = matching._ranked_halves
    monkeypatch.setattr(matching, "_ranked_halves", lambda **kw: built.append(1) or real(**kw))
    first, second = two_tracks
    expected = {track.pk: _ranked(track, af_coordinator) for track in two_tracks}
    built.clear()
    for track in (first, second, first, second):
        page = _page(track, af_coordinator)
        assert [person.name for person in page] == expected[track.pk][:2]
        assert page.paginator.count == len(expected[track.pk])
        explained = matching.explain_all(list(page), matching.criteria_of(track))
        assert all(not explanation.blocking for explanation in explained)
    # The first page's kind learnt once, then taken for both tracks: one kind, unless the
    # database's ids happen to make equal values in one track's call and not the other's
    # (which values are equal is part of the kind, and nothing else differs).
    keys = list(prepared._kinds)
    assert len({key[:3] + key[4:] for key in keys}) == 1
    assert len(keys) == len({key[3] for key in keys}) <= 2
    assert len(built) == 4 * len(keys)  # the real call and three marked
    built.clear()
    for track in two_tracks:
        assert [person.name for person in _page(track, af_coordinator)] == expected[track.pk][:2]
    assert built == []
    assert expected[first.pk] == ["Person 0 B", "Person 1 B", "Person 2 B"]
    assert expected[second.pk] == ["Person 3 C", "Person 4 C", "Person 5 C"]
    assert {type(t) for t in prepared._kinds.values()} == {prepared._Template}


@pytest.mark.parametrize(
    "filters",
    [{}, {"text": "person"}, {"district": "Rosengård"}, {"include_blocked": True}],
)
def test_every_page_and_filter_agrees_with_find_candidates(two_tracks, af_coordinator, filters):
    """Under the test suite's check (statements.VERIFY) every statement taken is compared with
    the one the builder makes for the real values; and the pages hold the ranking."""
    for _ in range(2):
        for track in two_tracks:
            ranked = _ranked(track, af_coordinator, **filters)
            shown = []
            for number in (1, 2, 3, 4):
                page = _page(track, af_coordinator, number, **filters)
                if page.number == number:
                    shown += [person.name for person in page]
                assert page.paginator.count == len(ranked)
            assert shown == ranked
    assert not [t for t in prepared._kinds.values() if type(t) is prepared.Refused]


def _every_kind(track, *, education="primary", weight=2, mode="required"):
    """A profile with a criterion of each kind the record answers, and a physical one, which it
    does not (its position in the profile is skipped by the flags)."""
    version = track.profile_version
    CriterionFactory(version=version, kind="swedish", mode="required", swedish_level="sfi_c")
    CriterionFactory(version=version, kind="education", mode=mode, education_level=education)
    CriterionFactory(
        version=version, kind="certificate", mode="trained", certificate="hygiene", weight=weight
    )
    CriterionFactory(version=version, kind="physical", mode="required", physical_demand="heavy")
    CriterionFactory(
        version=version, kind="working_hours", mode="trained", working_hours="nights", weight=3
    )
    return track


@pytest.fixture
def people_of_every_kind(af):
    for n, (education, certificates, hours) in enumerate(
        [
            ("university", ["hygiene"], ["nights"]),
            ("primary", [], ["nights"]),
            ("primary_short", ["hygiene"], []),
            ("upper_secondary", ["hygiene"], ["daytime"]),
            ("none", [], []),
        ]
    ):
        ParticipantFactory(
            name=f"Alla {n}",
            registered_by=af,
            swedish_level="b2",
            education_level=education,
            certificates=certificates,
            working_hours=hours,
        )


@pytest.mark.parametrize(
    "second",
    [
        {"education": "upper_secondary"},  # another level
        {"weight": 5},  # another weight
        {"mode": "trained"},  # another mode
        {},  # the same form
    ],
)
def test_profiles_differing_in_a_level_weight_or_mode(people_of_every_kind, af_coordinator, second):
    """One profile after another: the second's statement is its own where its form differs (the
    test suite's VERIFY compares every statement taken with the one built for it), and each
    page is find_candidates' ranking, explained with the physical demand to assess."""
    first = _every_kind(TrackFactory())
    other = _every_kind(TrackFactory(), **second)
    for _ in range(2):
        for track in (first, other):
            for include_blocked in (False, True):
                ranked = _ranked(track, af_coordinator, include_blocked=include_blocked)
                page = _page(track, af_coordinator, include_blocked=include_blocked)
                assert [person.name for person in page] == ranked[:2]
                criteria = matching.criteria_of(track)
                assert [c.kind for c in criteria][2] == "physical"  # in the middle
                for explanation in matching.explain_all(list(page), criteria):
                    assert [r.criterion.kind for r in explanation.to_assess] == ["physical"]
    forms = {key[2] for key in prepared._kinds}
    assert len(forms) == (2 if second else 1) * 2  # and with or without the blocked ones


@pytest.mark.parametrize("number", ["abc", "0", "-1", "1.5", "", None, "2", "3", "99", str(10**30)])
def test_every_page_number_as_the_window_paginator_gives_it(
    two_tracks, af_coordinator, number, monkeypatch
):
    from jobbspar.window_paging import WindowCountPaginator

    built = []
    real = matching.find_candidates
    monkeypatch.setattr(matching, "find_candidates", lambda **kw: built.append(1) or real(**kw))
    track = two_tracks[0]
    criteria = matching.criteria_of(track)
    page = _page(track, af_coordinator, number)
    expected = WindowCountPaginator(
        real(track=track, user=af_coordinator, criteria=criteria), 2
    ).get_page(number)
    assert (page.number, page.paginator.count, [p.name for p in page]) == (
        expected.number,
        expected.paginator.count,
        [p.name for p in expected],
    )
    # The ranked queryset is built only to count a page past the end, or one past the pages
    # built once.
    past = number in ("3", "99", str(10**30))
    assert len(built) == (1 if past else 0)
