"""The track page's lists about the track (its workplace mentors, phases, funding, coordinators,
job coaches, planning meetings and the need's newest agreement) are read by the track's id under
tracks_for's rule: the short ones with the track (tracks.access.of_outer_track, mentors_of_outer,
team_of_outer, employers.access.meetings_for, as jobbspar/database/nested.py values), each
built once per kind of user (jobbspar/database/prepared.py): the rule holds on every list, two
tracks' pages share every statement and each shows its own rows, and nothing is built again once
taken."""

import pytest
from django.urls import reverse

from employers import access as employers_access
from jobbspar.database import prepared
from jobbspar.scoping import scoped
from tests.employers.factories import (
    AgreementFactory,
    ContactPersonFactory,
    PlanningMeetingFactory,
)
from tests.jobbspar.factories import PartnershipFactory, UserFactory
from tests.tracks.factories import PhaseFactory, TrackFactory
from tracks import access as tracks_access
from tracks.models import FundingSource, Track, TrackParticipant
from tracks.views.common import track_page_lists

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_prepared")]

BUILDERS = {
    "_track_page",  # with the mentors, phases, funding and meetings (jobbspar/database/nested.py)
    "_pool",
    "_newest_agreement",
}


def _track(n, af_coordinator, job_coach, partnership=None):
    """A track of the personas' partnership (or `partnership`) with one row in every list, its
    number in each."""
    more = {"need__partnership": partnership} if partnership else {}
    track = TrackFactory(mentors=[ContactPersonFactory(name=f"Handledare {n}")], **more)
    PhaseFactory(track=track, title=f"Fas {n}")
    FundingSource.objects.create(
        track=track, source="jobbpakten", description=f"Medel {n}", amount=1000 * n
    )
    coordinator = UserFactory(
        first_name="Samordnare",
        last_name=f"Nummer{n}",
        role=af_coordinator.role,
        organisation=af_coordinator.organisation,
    )
    coach = UserFactory(
        first_name="Coach",
        last_name=f"Nummer{n}",
        role=job_coach.role,
        organisation=job_coach.organisation,
    )
    track.coordinators.add(af_coordinator, coordinator)
    track.job_coaches.add(coach)
    PlanningMeetingFactory(
        employer=track.employer, partnership=track.partnership, need=track.need, title=f"Möte {n}"
    )
    AgreementFactory(need=track.need, number=n + 6)
    return track


def _words(n):
    return (
        f"Handledare {n}",
        f"Fas {n}",
        f"Medel {n}",
        f"Samordnare Nummer{n}",
        f"Coach Nummer{n}",
        f"Möte {n}",
        f"Version {n + 6}",
    )


# The track page's lists (tracks.views.common.track_page_lists), by the name of their value.
LISTS = (
    "phase_rows",
    "funding_rows",
    "mentor_rows",
    "meeting_rows",
    "coordinator_rows",
    "coach_rows",
)


def _lists_read_with(user, tracks, base):
    """The track page's nested lists of `tracks`, read with each from `base` (a track queryset)
    under `user`'s rules, as _track_page reads them: a row of counts per track."""
    rows = (
        base.filter(pk__in=[track.pk for track in tracks])
        .order_by("pk")
        .annotate(**track_page_lists(user))
        .values_list(*LISTS)
    )
    return [[len(rows or []) for rows in row] for row in rows]


def test_the_lists_follow_tracks_for(
    af_coordinator, job_coach, lund_coordinator, employer_user, manager, other_partnership
):
    """Each track's own lists, to those who may open it: in a query of two tracks (this
    partnership's and another's, each with a row in every list), each row carries its own
    track's rows, and none to those who may not open it."""
    track = _track(1, af_coordinator, job_coach)
    # A meeting of another partnership about the same need is not this page's.
    PlanningMeetingFactory(
        employer=track.employer, need=track.need, partnership=PartnershipFactory(), title="Annat"
    )
    theirs = _track(
        2,
        lund_coordinator,
        UserFactory(role=job_coach.role, organisation=lund_coordinator.organisation),
        partnership=other_partnership,
    )
    both = [track, theirs]

    def seen(user):
        return (
            # As the page reads them: under tracks_for(user), with the track.
            _lists_read_with(user, both, tracks_access.tracks_for(user)),
            # Each list's own rule holds whatever it is nested in: here every track.
            _lists_read_with(user, both, scoped(Track).all()),
        )

    for user in (af_coordinator, job_coach):
        assert seen(user) == ([[1, 1, 1, 1, 2, 1]], [[1, 1, 1, 1, 2, 1], [0, 0, 0, 0, 0, 0]]), user
    # Another partnership's coordinator, an employer user and a manager open no track page of
    # this partnership, and none of its lists, nested in a query of every track, shows them a
    # row; the other partnership's coordinator sees their own track's.
    for user in (employer_user, manager):
        assert seen(user) == ([], [[0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0]]), user
    assert seen(lund_coordinator) == (
        [[1, 1, 1, 1, 2, 1]],
        [[0, 0, 0, 0, 0, 0], [1, 1, 1, 1, 2, 1]],
    )
    with pytest.raises(ValueError, match="does not hand out"):
        tracks_access.team_of_outer(af_coordinator, "participants")


def test_a_mentor_of_two_tracks_is_on_both_pages(client, af_coordinator, job_coach):
    """The mentors are grouped by the track they are read with: one mentor of two tracks is
    one row on each track's page, not two on either."""
    first, second = (_track(n, af_coordinator, job_coach) for n in (1, 2))
    shared = ContactPersonFactory(name="Delad Handledare", employer=first.employer)
    first.mentors.add(shared)
    second.mentors.add(shared)
    client.force_login(af_coordinator)
    for _ in range(prepared.SPOT_CHECKS_FIRST + 2):  # learnt, spot-checked, taken
        for track in (first, second):
            body = client.get(reverse("tracks:track_detail", args=[track.pk])).content.decode()
            mentors = body.split("<dt>Handledare på arbetsplatsen</dt>", 1)[1].split("</dd>", 1)[0]
            assert mentors.count("Delad Handledare") == 1


def test_the_team_comes_with_the_track_in_name_order_without_their_accounts(
    client, af_coordinator, job_coach
):
    """Coordinators and job coaches are read with the track (team_of_outer), in name order,
    with their organisation's name and not their accounts (no password hash, no e-mail); one who
    does both is in both lists; another track's team is not this one's."""
    # Fixed names: the factory's are random, and one before "Alva" would put the AF coordinator
    # first (it did once in CI, at 0178881).
    af_coordinator.first_name, af_coordinator.last_name = "Karl", "Samordnare"
    af_coordinator.save(update_fields=["first_name", "last_name"])
    track = _track(1, af_coordinator, job_coach)
    both = UserFactory(
        first_name="Alva",
        last_name="Båda",
        role=job_coach.role,
        organisation=job_coach.organisation,
    )
    track.coordinators.add(both)
    track.job_coaches.add(both)
    _track(2, af_coordinator, job_coach)
    client.force_login(af_coordinator)
    response = client.get(reverse("tracks:track_detail", args=[track.pk]))
    coordinators, coaches = response.context["coordinators"], response.context["job_coaches"]
    names = [person.get_full_name() for person in coordinators]
    assert names == sorted(names) == ["Alva Båda", "Karl Samordnare", "Samordnare Nummer1"]
    assert [person.get_full_name() for person in coaches] == ["Alva Båda", "Coach Nummer1"]
    for person in (*coordinators, *coaches):
        assert {"password", "email"} <= person.get_deferred_fields()
    assert coordinators[0].organisation.name == job_coach.organisation.name
    body = response.content.decode()
    in_coordinators = body.split("<dt>Samordnare</dt>", 1)[1].split("</dd>", 1)[0]
    in_coaches = body.split("<dt>Jobbcoacher</dt>", 1)[1].split("</dd>", 1)[0]
    assert "Alva Båda" in in_coordinators and "Alva Båda" in in_coaches
    assert f"({job_coach.organisation.name})" in in_coordinators
    assert "Coach Nummer1" in in_coaches and "Coach Nummer1" not in in_coordinators
    assert "Nummer2" not in in_coordinators + in_coaches


def test_every_list_is_built_once_and_each_page_shows_its_own(
    client, af_coordinator, job_coach, taken_only
):
    tracks = [_track(n, af_coordinator, job_coach) for n in (1, 2)]
    client.force_login(af_coordinator)

    def page(track):
        response = client.get(reverse("tracks:track_detail", args=[track.pk]))
        assert response.status_code == 200
        return response.content.decode()

    for _ in range(3):  # learnt, spot-checked, taken
        for n, track in enumerate(tracks, start=1):
            body = page(track)
            for own, others in zip(_words(n), _words(3 - n), strict=True):
                assert own in body
                assert others not in body
    kinds = taken_only.kinds("tracks.views.common")
    assert set(kinds) == BUILDERS
    assert all(type(kind) is prepared._Template for kind in kinds.values()), kinds

    built = taken_only.watch(
        tracks_access, "of_outer_track", "mentors_of_outer", "team_of_outer", "tracks_for"
    )
    built_meetings = taken_only.watch(employers_access, "meetings_for")
    for n, track in enumerate(tracks, start=1):
        body = page(track)
        assert all(own in body for own in _words(n))
    assert built == []
    assert built_meetings == []


def test_the_agreement_shown_is_the_tracks_own_else_the_needs_newest(
    client, af_coordinator, job_coach
):
    """Without a version fixed when the track was created, the need's newest is shown (not an
    older one); with one, that version, not the need's newer draft."""
    track = _track(1, af_coordinator, job_coach)  # the need's newest: version 7
    AgreementFactory(need=track.need, number=5)
    client.force_login(af_coordinator)
    url = reverse("tracks:track_detail", args=[track.pk])
    for _ in range(prepared.SPOT_CHECKS_FIRST + 2):  # learnt, spot-checked, taken
        body = client.get(url).content.decode()
        assert "Version 7" in body
        assert "Version 5" not in body
    track.agreement = AgreementFactory(need=track.need, number=3)
    track.save(update_fields=["agreement"])
    for _ in range(prepared.SPOT_CHECKS_FIRST + 2):
        body = client.get(url).content.decode()
        assert "Version 3" in body
        assert "Version 7" not in body


@pytest.mark.parametrize("model", [TrackParticipant, Track])
def test_of_outer_track_hands_out_only_the_lists_everyone_who_opens_it_may_read(
    af_coordinator, model
):
    with pytest.raises(ValueError, match="own rule"):
        tracks_access.of_outer_track(af_coordinator, model)
