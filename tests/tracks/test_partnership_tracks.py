"""Partnerships on the track side: Lund's staff cannot open or change Malmö's tracks, their pools
or follow-ups; a track is created for a need of the user's partnership only; another
partnership's track is a template to copy (its plan, never its people)."""

import datetime as dt

import pytest
from django.urls import reverse

from jobbspar.models import Role
from tests.authorization.world import track_records
from tests.employers import factories as ef
from tests.jobbspar.factories import UserFactory
from tests.tracks.factories import PhaseFactory, TrackFactory, TrackParticipantFactory
from tracks import access as tracks_access
from tracks import phases
from tracks.models import FundingSource, FundingSourceKind, Track

pytestmark = pytest.mark.django_db


@pytest.fixture
def malmo_track(partnership, af_coordinator, municipal_coordinator):
    track = TrackFactory(weeks=12)
    track.coordinators.set([af_coordinator, municipal_coordinator])
    phases.generate_phase_plan(track=track)
    FundingSource.objects.create(track=track, source=FundingSourceKind.JOBBPAKTEN, amount=1000)
    return track


@pytest.fixture
def lund_need(other_partnership):
    return ef.RecruitmentNeedFactory(partnership=other_partnership)


def test_tracks_for_is_the_users_partnerships(malmo_track, lund_coordinator, af_coordinator):
    assert list(tracks_access.tracks_for(af_coordinator)) == [malmo_track]
    assert not tracks_access.tracks_for(lund_coordinator).exists()
    assert list(tracks_access.track_templates_for(lund_coordinator)) == [malmo_track]


@pytest.mark.parametrize(
    "name",
    [
        "tracks:track_detail",
        "tracks:track_edit",
        "tracks:track_status",
        "tracks:track_closing",
        "tracks:funding_add",
        "tracks:phase_create",
        "tracks:phases_generate",
        "tracks:find_candidates",
        "tracks:nominate",
        "tracks:apply_decisions",
    ],
)
def test_another_partnerships_coordinator_cannot_open_or_change_the_track(
    client, lund_coordinator, malmo_track, name
):
    client.force_login(lund_coordinator)
    url = reverse(name, kwargs={"pk": malmo_track.pk})
    assert client.get(url).status_code in {404, 405}
    assert client.post(url, {}).status_code == 404


def test_another_partnerships_staff_cannot_open_its_members_phases_or_follow_ups(
    client, other_partnership, malmo_track, af_coordinator
):
    lund_staff = [
        UserFactory(role=Role.AF_COORDINATOR, organisation=other_partnership.employment_service),
        UserFactory(role=Role.JOB_COACH, organisation=other_partnership.municipality),
    ]
    member = TrackParticipantFactory(track=malmo_track, nominated_by=af_coordinator)
    phase = PhaseFactory(track=malmo_track)
    records = track_records(member, phase, af_coordinator)
    funding = malmo_track.funding.get()
    member_kwargs = {"pk": malmo_track.pk, "member_pk": member.pk}
    urls = [
        reverse("tracks:member_detail", kwargs=member_kwargs),
        reverse("tracks:member_move", kwargs=member_kwargs),
        reverse("tracks:apl_log_add", kwargs=member_kwargs),
        reverse("tracks:progress_edit", kwargs={**member_kwargs, "phase_pk": phase.pk}),
        reverse("tracks:certificate", kwargs={**member_kwargs, "phase_pk": phase.pk}),
        reverse("tracks:phase_edit", kwargs={"pk": malmo_track.pk, "phase_pk": phase.pk}),
        reverse("tracks:phase_delete", kwargs={"pk": malmo_track.pk, "phase_pk": phase.pk}),
        reverse("tracks:funding_edit", kwargs={"pk": malmo_track.pk, "funding_pk": funding.pk}),
        reverse("tracks:funding_delete", kwargs={"pk": malmo_track.pk, "funding_pk": funding.pk}),
        reverse("follow_ups:answer", kwargs={"pk": records["follow_up"].pk}),
    ]
    for user in lund_staff:
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code in {403, 404}, (user.role, url)
            assert client.post(url, {}).status_code in {403, 404}, (user.role, url)
    assert malmo_track.funding.exists()


def test_the_track_list_shows_only_the_users_partnerships(
    client, lund_coordinator, malmo_track, lund_need
):
    lund_track = TrackFactory(need=lund_need, employer=lund_need.employer)
    client.force_login(lund_coordinator)
    assert list(client.get(reverse("tracks:track_list")).context["tracks"]) == [lund_track]


def test_other_partnerships_tracks_are_listed_as_templates_to_copy(
    client, lund_coordinator, malmo_track, lund_need
):
    TrackFactory(need=lund_need, employer=lund_need.employer)
    client.force_login(lund_coordinator)
    response = client.get(reverse("tracks:track_list"), {"templates": "1"})
    assert list(response.context["tracks"]) == [malmo_track]
    text = response.content.decode()
    assert reverse("tracks:track_copy", kwargs={"pk": malmo_track.pk}) in text
    assert f'href="{reverse("tracks:track_detail", kwargs={"pk": malmo_track.pk})}"' not in text


def test_a_track_is_created_only_for_a_need_of_the_users_partnership(
    client, lund_coordinator, malmo_track, lund_need
):
    client.force_login(lund_coordinator)
    url = reverse("tracks:track_create")
    refused = client.get(url, {"need": malmo_track.need_id})
    assert refused.status_code == 200
    assert "need" in refused.context["form"].errors
    chosen = client.get(url, {"need": lund_need.pk})
    coordinators = chosen.context["form"].fields["coordinators"].queryset
    assert list(coordinators) == [lund_coordinator]  # the partnership's staff only
    data = {
        "name": "Bagare Lund",
        "start_date": (lund_need.wanted_start + dt.timedelta(days=7)).isoformat(),
        "weeks": 12,
        "planned_participants": 4,
        "coordinators": [lund_coordinator.pk],
        "blind_selection": "on",
    }
    assert client.post(f"{url}?need={lund_need.pk}", data).status_code == 302
    assert Track.objects.get(name="Bagare Lund").partnership == lund_need.partnership


def test_another_partnerships_track_is_copied_as_a_template_for_an_own_need(
    client, lund_coordinator, malmo_track, lund_need
):
    client.force_login(lund_coordinator)
    url = reverse("tracks:track_copy", kwargs={"pk": malmo_track.pk})
    page = client.get(url)
    assert page.status_code == 200
    assert list(page.context["form"].fields["need"].queryset) == [lund_need]
    data = {"name": "Lunds kopia", "start_date": "2027-03-01"}
    assert client.post(url, data).status_code == 200  # a need is required
    assert client.post(url, {**data, "need": malmo_track.need_id}).status_code == 200
    assert not Track.objects.filter(name="Lunds kopia").exists()

    assert client.post(url, {**data, "need": lund_need.pk}).status_code == 302
    copy = Track.objects.get(name="Lunds kopia")
    assert (copy.partnership, copy.need, copy.employer) == (
        lund_need.partnership,
        lund_need,
        lund_need.employer,
    )
    assert copy.copied_from == malmo_track
    assert copy.weeks == malmo_track.weeks
    assert copy.phases.count() == malmo_track.phases.count()
    assert list(copy.coordinators.all()) == [lund_coordinator]
    assert not copy.mentors.exists() and not copy.job_coaches.exists()
    assert not copy.funding.exists() and not copy.participants.exists()


def test_copying_an_own_track_keeps_its_need_and_people(client, municipal_coordinator, malmo_track):
    client.force_login(municipal_coordinator)
    url = reverse("tracks:track_copy", kwargs={"pk": malmo_track.pk})
    assert "need" not in client.get(url).context["form"].fields
    data = {"name": "Malmös kopia", "start_date": "2027-03-01"}
    assert client.post(url, data).status_code == 302
    copy = Track.objects.get(name="Malmös kopia")
    assert (copy.partnership, copy.need) == (malmo_track.partnership, malmo_track.need)
    assert set(copy.coordinators.all()) == set(malmo_track.coordinators.all())
    assert copy.funding.exists()


def test_job_coaches_cannot_copy_templates(client, other_partnership, malmo_track):
    coach = UserFactory(role=Role.JOB_COACH, organisation=other_partnership.municipality)
    client.force_login(coach)
    url = reverse("tracks:track_copy", kwargs={"pk": malmo_track.pk})
    assert client.get(url).status_code == 403
    assert not tracks_access.track_templates_for(coach).exists()
