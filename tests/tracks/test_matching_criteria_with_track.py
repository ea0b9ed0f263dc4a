"""Candidate matching reads the track and its requirement profile's criteria in one statement
(tracks.views.common.track_with_criteria_for, the criteria a jobbspar/database/nested.py value
under tracks.access.criteria_of_outer_track): the same criteria, in the same order and with the
same values, as matching.criteria_of reads apart; none of a track the user may not open,
whatever query they are nested in."""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils.html import escape

from employers.models import Criterion
from jobbspar.scoping import scoped
from tests.employers.factories import CriterionFactory, occupation
from tests.tracks.factories import TrackFactory
from tracks import access as tracks_access
from tracks import matching
from tracks.models import Track
from tracks.views.common import track_with_criteria_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_prepared")]


def _profile(track):
    """A criterion of each kind the profile may hold, out of kind order."""
    version = track.profile_version
    CriterionFactory(version=version, kind="working_hours", mode="required", working_hours="day")
    CriterionFactory(version=version, kind="driving_licence", mode="required", driving_licence="B")
    CriterionFactory(
        version=version,
        kind="experience",
        mode="trained",
        swedish_level="",
        experience_months=6,
        experience_occupation=occupation("5321"),
        weight=3,
    )
    CriterionFactory(version=version, kind="swedish", mode="trained", swedish_level="b1")
    CriterionFactory(
        version=version, kind="language", mode="merit", language="Arabiska", language_level="b2"
    )
    CriterionFactory(version=version, kind="certificate", mode="required", certificate="hygiene")
    CriterionFactory(version=version, kind="education", mode="merit", education_level="upper")
    CriterionFactory(version=version, kind="swedish", mode="required", swedish_level="sfi_c")
    CriterionFactory(
        version=version, kind="physical", mode="required", swedish_level="", physical_demand="heavy"
    )


def _values(criterion):
    return {field.attname: getattr(criterion, field.attname) for field in Criterion._meta.fields}


def _read(user, track):
    request = RequestFactory().get("/")
    request.user = user
    return track_with_criteria_for(request, track.pk)


def test_the_criteria_read_with_the_track_are_matchings_own(
    af_coordinator, django_assert_num_queries
):
    track = TrackFactory()
    _profile(track)
    expected = matching.criteria_of(track)
    assert len(expected) == 9
    for _ in range(3):  # learnt, spot-checked, taken (jobbspar/database/prepared.py)
        with django_assert_num_queries(1):
            read, criteria = _read(af_coordinator, track)
        assert read.pk == track.pk
        assert [c.pk for c in criteria] == [c.pk for c in expected]
        assert [_values(c) for c in criteria] == [_values(c) for c in expected]
        with django_assert_num_queries(0):
            names = [c.experience_occupation and c.experience_occupation.name for c in criteria]
            explained = [matching.answerable(c) for c in criteria]
        assert names == [c.experience_occupation and c.experience_occupation.name for c in expected]
        assert explained == [matching.answerable(c) for c in expected]


def test_a_track_without_a_profile_has_no_criteria(af_coordinator):
    track = TrackFactory(profile_version=None)
    assert matching.criteria_of(track) == []
    assert _read(af_coordinator, track)[1] == []


def test_the_criteria_follow_tracks_for(
    af_coordinator, job_coach, lund_coordinator, employer_user, manager
):
    """Nested in a query of every track, each track carries its own criteria to those who may
    open it, and none to anyone else."""
    ours, other = TrackFactory(), TrackFactory()
    _profile(ours)
    CriterionFactory(version=other.profile_version)

    def seen(user):
        rows = (
            scoped(Track)
            .filter(pk__in=[ours.pk, other.pk])
            .order_by("pk")
            .annotate(rows=_nested(user))
            .values_list("rows", flat=True)
        )
        return [len(value or []) for value in rows]

    for user in (af_coordinator, job_coach):
        assert seen(user) == [9, 1], user
    for user in (lund_coordinator, employer_user, manager):
        assert seen(user) == [0, 0], user


def _nested(user):
    return matching.criteria_read_with_track(tracks_access.criteria_of_outer_track(user))


def test_the_matching_page_shows_the_profiles_criteria(client, af_coordinator):
    """Nobody is free: the page names each required criterion, from the criteria read with the
    track (those the record answers with what stops whom, the one assessed in the introduction
    week among those to assess)."""
    track = TrackFactory()
    _profile(track)
    client.force_login(af_coordinator)
    url = reverse("tracks:find_candidates", args=[track.pk])
    for _ in range(3):  # learnt, spot-checked, taken
        body = client.get(url).content.decode()
        for criterion in matching.criteria_of(track):
            if criterion.is_required:
                assert escape(str(criterion)) in body, criterion


@pytest.mark.parametrize("portal", [False, True])
def test_an_id_shared_with_a_track_lets_no_criteria_through(
    af_coordinator, employer_user, other_partnership, portal
):
    """Nested in a query of agreements (which have a profile version too), the criteria come
    only with a track the user may open whose version they are: an agreement whose id is also
    such a track's, but whose version is a track's the user may not open, brings none."""
    from employers.models import Agreement
    from portal import access as portal_access
    from tests.employers.factories import AgreementFactory, EmployerFactory

    user, rule = (
        (employer_user, portal_access.criteria_of_outer_track)
        if portal
        else (af_coordinator, tracks_access.criteria_of_outer_track)
    )
    theirs = TrackFactory(need__partnership=other_partnership)  # no employer user's either
    CriterionFactory(version=theirs.profile_version, kind="driving_licence", driving_licence="B")
    agreement = AgreementFactory(need=theirs.need, profile_version=theirs.profile_version)
    ours = TrackFactory(
        id=agreement.pk + 1000, employer=EmployerFactory(organisation=employer_user.organisation)
    )
    CriterionFactory(version=ours.profile_version)
    Agreement.objects.filter(pk=agreement.pk).update(id=ours.pk)

    def seen(model, pk):
        row = (
            scoped(model)
            .filter(pk=pk)
            .annotate(criterion_rows=matching.criteria_read_with_track(rule(user)))
            .values_list("criterion_rows", flat=True)
        )
        return [len(value or []) for value in row]

    assert seen(Track, ours.pk) == [1]  # the user may open it: its own criterion
    assert seen(Agreement, ours.pk) == [0]  # the same id, another version: none
