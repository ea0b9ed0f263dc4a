"""A track shows up where coordinators look for it: the employer, the profile and the person."""

import pytest
from django.urls import reverse

from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tracks.models import State

pytestmark = pytest.mark.django_db


def test_employer_page_lists_its_tracks_for_staff_not_for_the_employer(
    client, af_coordinator, employer_user
):
    track = TrackFactory(
        name="Undersköterska Söder vår", employer__organisation=employer_user.organisation
    )
    url = reverse("employers:detail", args=[track.employer.pk])
    client.force_login(af_coordinator)
    body = client.get(url).content.decode()
    assert "Undersköterska Söder vår" in body
    assert reverse("tracks:track_detail", args=[track.pk]) in body
    client.force_login(employer_user)
    assert "Undersköterska Söder vår" not in client.get(url).content.decode()


def test_profile_page_shows_which_version_each_track_assessed_against(client, af_coordinator):
    track = TrackFactory(name="Lager Hamnen höst")
    client.force_login(af_coordinator)
    body = client.get(reverse("employers:profile", args=[track.need.pk])).content.decode()
    assert "Bedömningar mot kravprofilen" in body
    assert "Lager Hamnen höst" in body
    assert f"Version {track.profile_version.number}" in body


def test_participant_page_lists_the_persons_tracks(client, af_coordinator, af):
    membership = TrackParticipantFactory(
        track__name="Bussförare Malmö", participant__registered_by=af, nominated_by=af_coordinator
    )
    client.force_login(af_coordinator)
    body = client.get(membership.participant.get_absolute_url()).content.decode()
    assert "Bussförare Malmö" in body
    assert reverse("tracks:member_detail", args=[membership.track_id, membership.pk]) in body
    assert "Nominerad" in body


def test_participant_page_counts_but_does_not_name_or_link_another_partnerships_tracks(
    client, af_coordinator, af, other_partnership
):
    mine = TrackParticipantFactory(track__name="Bussförare Malmö", participant__registered_by=af)
    theirs = TrackParticipantFactory(
        track__name="Lokalvård Lund",
        track__need__partnership=other_partnership,
        participant=mine.participant,
        state=State.NOT_SELECTED,
        reason="Valde ett annat spår",
    )
    client.force_login(af_coordinator)
    body = client.get(mine.participant.get_absolute_url()).content.decode()
    assert "Bussförare Malmö" in body
    assert "Lokalvård Lund" not in body
    assert reverse("tracks:member_detail", args=[theirs.track_id, theirs.pk]) not in body
    assert "Även nominerad till 1 spår i ett annat partnerskap" in body
    # The link that is shown opens.
    link = reverse("tracks:member_detail", args=[mine.track_id, mine.pk])
    assert client.get(link).status_code == 200


def _counts(client, urls, django_assert_max_num_queries) -> list[int]:
    counts = []
    for url in urls:
        client.get(url)
        with django_assert_max_num_queries(100) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured.captured_queries))
    return counts


def test_the_new_sections_keep_query_counts_constant(
    client, af_coordinator, af, django_assert_max_num_queries
):
    from tests.participants.factories import ParticipantFactory

    person = ParticipantFactory(registered_by=af)
    first = TrackParticipantFactory(participant=person, nominated_by=af_coordinator)
    urls = [
        person.get_absolute_url(),
        reverse("employers:detail", args=[first.track.employer.pk]),
        reverse("employers:profile", args=[first.track.need.pk]),
    ]
    client.force_login(af_coordinator)
    few = _counts(client, urls, django_assert_max_num_queries)
    for _ in range(5):
        TrackParticipantFactory(
            participant=person,
            track=TrackFactory(
                employer=first.track.employer,
                need=first.track.need,
                profile_version=first.track.profile_version,
            ),
            nominated_by=af_coordinator,
            state="not_selected",
            reason="Annan kandidat valdes",
        )
    assert _counts(client, urls, django_assert_max_num_queries) == few
