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

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh():
    prepared.forget()
    yield
    prepared.forget()


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
        )
        if language:
            OtherLanguage.objects.create(participant=person, language=language, level="c1")
        if months:
            WorkExperienceFactory(participant=person, occupation=occupation(code), months=months)
    return first, second


def test_two_profiles_of_the_same_kinds_share_one_statement(
    two_tracks, af_coordinator, monkeypatch
):
    monkeypatch.setattr(statements, "VERIFY", False)  # count the builds the process makes
    built = []
    real = matching._ranked
    monkeypatch.setattr(matching, "_ranked", lambda **kw: built.append(1) or real(**kw))
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
    assert len(built) == 3 * len(keys)
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
