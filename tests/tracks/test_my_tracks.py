"""Show only my tracks lists each track once (issue 21: 12 rows for 9 tracks of a job coach)."""

from django.urls import reverse

from tests.jobbspar.factories import UserFactory
from tests.tracks.factories import TrackFactory


def test_a_job_coach_on_several_roles_of_a_track_sees_it_once(
    client, job_coach, af_coordinator, municipal_coordinator
):
    colleague = UserFactory(role=job_coach.role, organisation=job_coach.organisation)
    two_roles = TrackFactory(name="Spår med två roller")
    two_roles.coordinators.add(af_coordinator, municipal_coordinator, job_coach)
    two_roles.job_coaches.add(job_coach, colleague)
    coached = TrackFactory(name="Spår som coach")
    coached.coordinators.add(af_coordinator, municipal_coordinator)
    coached.job_coaches.add(job_coach)
    TrackFactory(name="Någon annans spår").job_coaches.add(colleague)

    client.force_login(job_coach)
    response = client.get(reverse("tracks:track_list"), {"mine": "1"})

    names = [track.name for track in response.context["tracks"]]
    assert sorted(names) == ["Spår med två roller", "Spår som coach"]
    assert response.context["page"].paginator.count == 2
