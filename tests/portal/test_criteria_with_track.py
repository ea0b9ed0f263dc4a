"""The selection page reads its track's requirement profile criteria with the track
(portal.access.criteria_of_outer_track, a jobbspar/database/nested.py value): the criteria
matching.criteria_of gives, to the employer whose track it is, and none to anyone else whatever
query they are nested in."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from jobbspar.scoping import scoped
from portal import access as portal_access
from tests.employers.factories import CriterionFactory
from tests.portal.factories import portal_track
from tracks import matching
from tracks.models import Track

pytestmark = pytest.mark.django_db


def _criteria_seen(user, tracks):
    rows = (
        scoped(Track)
        .filter(pk__in=[track.pk for track in tracks])
        .order_by("pk")
        .annotate(
            criterion_rows=matching.criteria_read_with_track(
                portal_access.criteria_of_outer_track(user)
            )
        )
    )
    return [[c.pk for c in matching.criteria_read(track)] for track in rows]


def test_the_criteria_follow_portal_tracks_for(
    employer_user, other_employer_user, af_coordinator, manager
):
    ours, _members = portal_track(
        organisation=employer_user.organisation, coordinator=af_coordinator, presented=1
    )
    theirs, _members = portal_track(
        organisation=other_employer_user.organisation, coordinator=af_coordinator, presented=1
    )
    CriterionFactory(version=ours.profile_version, kind="driving_licence", driving_licence="B")
    both = sorted([ours, theirs], key=lambda track: track.pk)
    expected = {track.pk: [c.pk for c in matching.criteria_of(track)] for track in both}
    assert all(expected.values())

    def only(track):
        return [expected[t.pk] if t == track else [] for t in both]

    assert _criteria_seen(employer_user, both) == only(ours)
    assert _criteria_seen(other_employer_user, both) == only(theirs)
    for user in (af_coordinator, manager):  # the portal's rule is the employers' own
        assert _criteria_seen(user, both) == [[], []]


def test_the_selection_page_weighs_the_criteria_read_with_the_track(
    client, employer_user, af_coordinator
):
    track, _members = portal_track(
        organisation=employer_user.organisation, coordinator=af_coordinator, presented=2
    )
    CriterionFactory(version=track.profile_version, kind="driving_licence", driving_licence="CE")
    client.force_login(employer_user)
    body = client.get(reverse("portal:candidates", args=[track.pk])).content.decode()
    for criterion in matching.criteria_of(track):
        assert escape(str(criterion)) in body, criterion
