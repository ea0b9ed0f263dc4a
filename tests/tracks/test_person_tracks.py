"""The tracks part of the participant page (tracks/participant_page.py): the person's tracks the
user may open, by name, and the others counted, read by the person's id under participants_for's
rule (tracks.access.memberships_of_person) and built once per kind of user
(jobbspar/database/prepared.py)."""

import pytest
from django.urls import reverse

from jobbspar.database import prepared
from tests.participants.factories import ConsentFactory, ParticipantFactory
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tracks import access as tracks_access
from tracks.models import State

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_prepared")]


def _person(n, af, other_partnership):
    """A person of AF's with a track of the personas' partnership and one of Lund's."""
    person = ParticipantFactory(name=f"Person {n}", registered_by=af)
    TrackParticipantFactory(participant=person, track=TrackFactory(name=f"Eget spår {n}"))
    TrackParticipantFactory(  # an earlier track, ended (a person is in one active track)
        participant=person,
        track=TrackFactory(name=f"Lunds spår {n}", need__partnership=other_partnership),
        state=State.NOT_SELECTED,
        reason="Valde ett annat yrke.",
    )
    return person


def test_the_memberships_follow_participants_for_and_tracks_for(
    af, other_partnership, af_coordinator, job_coach, lund_coordinator, employer_user, manager
):
    person = _person(1, af, other_partnership)

    def seen(user):
        rows = tracks_access.memberships_of_person(user, person.pk).order_by("track__name")
        return [(m.track.name, m.openable) for m in rows]

    both = [("Eget spår 1", True), ("Lunds spår 1", False)]
    assert seen(af_coordinator) == both
    # The municipality's job coach sees the person AF registered once a consent shares them.
    assert seen(job_coach) == []
    ConsentFactory(participant=person, shared_with=job_coach.organisation)
    assert seen(job_coach) == both
    # Lund's coordinator does not see the person (no consent shares them with Lund); an employer
    # user and a manager see no participant at all.
    for user in (lund_coordinator, employer_user, manager):
        assert seen(user) == [], user
    # Shared with Lund: its coordinator sees both, and may open Lund's track, not ours.
    ConsentFactory(participant=person, shared_with=lund_coordinator.organisation)
    assert seen(lund_coordinator) == [("Eget spår 1", False), ("Lunds spår 1", True)]
    for user in (employer_user, manager):
        assert seen(user) == [], user


def test_the_tracks_part_is_built_once_and_each_page_shows_its_own(
    client, af, other_partnership, af_coordinator, taken_only
):
    people = [_person(n, af, other_partnership) for n in (1, 2)]
    client.force_login(af_coordinator)

    def page(person):
        response = client.get(reverse("participants:participant_detail", args=[person.pk]))
        assert response.status_code == 200
        return response.content.decode()

    def check(n, body):
        assert f"Eget spår {n}" in body
        assert f"Eget spår {3 - n}" not in body
        assert "Lunds spår" not in body  # another partnership's track: counted, not named
        assert "Även nominerad till 1 spår i ett annat partnerskap" in body

    for _ in range(prepared.SPOT_CHECKS_FIRST + 2):  # learnt, spot-checked, taken
        for n, person in enumerate(people, start=1):
            check(n, page(person))
    kinds = taken_only.kinds("tracks.participant_page")
    assert set(kinds) == {"_memberships"}
    assert all(type(kind) is prepared._Template for kind in kinds.values()), kinds

    built = taken_only.watch(tracks_access, "memberships_of_person", "tracks_for")
    for n, person in enumerate(people, start=1):
        check(n, page(person))
    assert built == []
