"""Education provider users: only their organisation's strands, of each member only the name,
and attendance they record at their own sessions (who and when; corrections keep the history)."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from jobbspar import two_factor
from jobbspar.models import AccessLog, OrganisationKind, Role
from schedule import access, planning
from schedule.models import Attendance
from tests.employers.factories import EducationProviderFactory
from tests.identity_numbers import shows_identity_number
from tests.jobbspar.factories import OrganisationFactory, UserFactory
from tests.participants.factories import CaseNoteFactory, ParticipantFactory
from tests.schedule.factories import StrandFactory, weekly
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tracks.models import State

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 3, 2)
NOW = dt.datetime(2026, 3, 10, 12, tzinfo=dt.UTC)


@pytest.fixture
def provider(provider_user):
    return provider_user.organisation.education_provider


@pytest.fixture
def setting(provider, af, af_coordinator):
    """A track where the provider runs the training; APL and another provider's yrkessvenska run
    beside it; and a track where the provider runs nothing."""
    track = TrackFactory(start_date=MONDAY, weeks=12, name="Vårdspåret")
    own = StrandFactory(track=track, provider=provider, name="Undersköterska")
    weekly(own, [0, 1, 2], "08:30", "12:00")
    apl = StrandFactory(track=track, kind="apl", name="", responsible="employer")
    weekly(apl, [3, 4])
    other_provider = StrandFactory(
        track=track, provider=EducationProviderFactory(), name="Yrkessvenska vård"
    )
    weekly(other_provider, [3])
    elsewhere = StrandFactory(track=TrackFactory(start_date=MONDAY, name="Lagerspåret"))
    weekly(elsewhere, [0])
    person = ParticipantFactory(
        registered_by=af,
        name="Amal Hassan",
        receives_income_support=True,
    )
    CaseNoteFactory(participant=person, text="Hemlig anteckning om hälsan", author=af_coordinator)
    member = TrackParticipantFactory(
        track=track, participant=person, state=State.IN_TRAINING, nominated_by=af_coordinator
    )
    nominated = TrackParticipantFactory(
        track=track,
        participant=ParticipantFactory(registered_by=af, name="Ej Vald"),
        state=State.NOMINATED,
        nominated_by=af_coordinator,
    )
    return {
        "track": track,
        "own": own,
        "apl": apl,
        "other_provider": other_provider,
        "elsewhere": elsewhere,
        "member": member,
        "nominated": nominated,
    }


def test_a_provider_user_sees_only_their_organisations_strands_and_tracks(provider_user, setting):
    assert list(access.provider_strands_for(provider_user)) == [setting["own"]]
    assert list(access.provider_tracks_for(provider_user)) == [setting["track"]]
    # Not the staff's view of the track, and nothing for any other role.
    assert not access.strands_for(provider_user).exists()
    assert not access.attendance_members_for(provider_user).exists()


def test_other_roles_get_nothing_from_the_provider_functions(personas, setting):
    for role, user in personas.items():
        if role == Role.EDUCATION_PROVIDER:
            continue
        assert not access.provider_strands_for(user).exists(), role
        assert not access.provider_tracks_for(user).exists(), role
        assert not access.provider_members_for(user).exists(), role


def test_of_each_member_the_provider_knows_only_the_name(provider_user, setting):
    roster = list(access.provider_roster_for(provider_user))
    assert roster == [
        {
            "pk": setting["member"].pk,
            "track_id": setting["track"].pk,
            "participant_id": setting["member"].participant_id,
            "participant__name": "Amal Hassan",
        }
    ]


def test_the_role_belongs_to_an_education_providers_organisation(provider_user, employer_org):
    provider_user.full_clean()
    provider_user.organisation = employer_org
    with pytest.raises(ValidationError):
        provider_user.full_clean()


def test_two_factor_is_offered_not_required_as_for_employer_users(provider_user, employer_user):
    assert two_factor.required_for(provider_user) is two_factor.required_for(employer_user)
    assert not two_factor.required_for(provider_user)


def test_only_a_provider_strand_names_a_provider(setting, provider):
    strand = setting["apl"]
    strand.provider = provider
    with pytest.raises(ValidationError):
        planning.save_strand(strand=strand)


@time_machine.travel(NOW)
def test_the_start_page_lists_the_strands_and_links_them(client, provider_user, setting):
    client.force_login(provider_user)
    home = client.get(reverse("home")).content.decode()
    assert reverse("schedule:provider_home") in home
    html = client.get(reverse("schedule:provider_home")).content.decode()
    assert "Undersköterska" in html
    assert "Vårdspåret" in html
    for hidden in ("Yrkessvenska vård", "Lagerspåret", "Amal Hassan"):
        assert hidden not in html


@time_machine.travel(NOW)
def test_the_week_shows_only_their_sessions(client, provider_user, setting):
    client.force_login(provider_user)
    response = client.get(reverse("schedule:provider_week"), {"week": "2026-03-09"})
    days = response.context["days"]
    assert [len(day["sessions"]) for day in days] == [1, 1, 1, 0, 0]
    html = response.content.decode()
    assert "Yrkessvenska vård" not in html
    attendance = reverse("schedule:provider_attendance", args=[setting["own"].pk])
    # Today (Tuesday) and Monday link to recording; Wednesday has not come yet.
    assert f"{attendance}?day=2026-03-10" in html
    assert f"{attendance}?day=2026-03-11" not in html
    assert client.get(reverse("schedule:provider_week"), {"week": "x"}).status_code == 200


@time_machine.travel(NOW)
def test_the_provider_records_and_corrects_attendance_and_history_is_kept(
    client, provider_user, af_coordinator, setting
):
    member = setting["member"]
    client.force_login(provider_user)
    url = reverse("schedule:provider_attendance", args=[setting["own"].pk]) + "?day=2026-03-09"
    page = client.get(url)
    html = page.content.decode()
    assert "Amal Hassan" in html
    assert "Ej Vald" not in html
    assert not shows_identity_number(html, member.participant.personal_number)
    for secret in ("Hemlig anteckning", "försörjningsstöd"):
        assert secret not in html
    assert AccessLog.objects.filter(
        user=provider_user, object_id=str(member.participant_id)
    ).exists()
    prefix = f"m{member.pk}"
    assert client.post(url, {f"{prefix}-status": "present"}).status_code == 302
    entry = Attendance.objects.get()
    assert (entry.strand, entry.day, entry.recorded_by) == (
        setting["own"],
        dt.date(2026, 3, 9),
        provider_user,
    )
    client.post(url, {f"{prefix}-status": "partly", f"{prefix}-hours_missed": "1"})
    entry.refresh_from_db()
    assert (entry.status, entry.edited_by, entry.recorded_by) == (
        "partly",
        provider_user,
        provider_user,
    )
    history = Attendance.pgh_event_models["update"].objects.filter(pgh_obj_id=entry.pk)
    assert list(history.order_by("pgh_id").values_list("pgh_label", "status")) == [
        ("insert", "present"),
        ("update", "partly"),
    ]
    corrected = client.get(url).content.decode()
    assert "Ändrad" in corrected or "ändrad" in corrected.lower()


@time_machine.travel(NOW)
def test_another_providers_strand_and_a_strand_elsewhere_are_not_found(
    client, provider_user, setting
):
    client.force_login(provider_user)
    for key in ("other_provider", "apl", "elsewhere"):
        url = reverse("schedule:provider_attendance", args=[setting[key].pk])
        assert client.get(url).status_code == 404, key
        assert client.post(url, {}).status_code == 404, key
    assert not Attendance.objects.exists()


@time_machine.travel(NOW)
def test_the_provider_cannot_record_in_a_track_member_it_may_not_see(
    client, provider_user, setting
):
    """A member id from the body that is not on the page (a nominee) records nothing."""
    client.force_login(provider_user)
    url = reverse("schedule:provider_attendance", args=[setting["own"].pk]) + "?day=2026-03-09"
    client.post(url, {f"m{setting['nominated'].pk}-status": "present"})
    assert not Attendance.objects.exists()


@time_machine.travel(NOW)
def test_staff_pages_about_the_track_and_its_people_are_refused(client, provider_user, setting):
    client.force_login(provider_user)
    track, member = setting["track"], setting["member"]
    for url in (
        reverse("schedule:track_schedule", args=[track.pk]),
        reverse("schedule:calendar_week", args=[track.pk]),
        reverse("schedule:attendance_day", args=[track.pk, setting["own"].pk]),
        reverse("schedule:attendance_summary", args=[track.pk, member.pk]),
        reverse("tracks:track_detail", args=[track.pk]),
        reverse("participants:participant_detail", args=[member.participant_id]),
        reverse("portal:home"),
    ):
        assert client.get(url).status_code == 403, url


def test_a_user_of_another_provider_sees_none_of_it(client, setting):
    organisation = OrganisationFactory(kind=OrganisationKind.EDUCATION_PROVIDER)
    EducationProviderFactory(organisation=organisation)
    stranger = UserFactory(role=Role.EDUCATION_PROVIDER, organisation=organisation)
    assert not access.provider_strands_for(stranger).exists()
    assert not access.provider_members_for(stranger).exists()
    client.force_login(stranger)
    url = reverse("schedule:provider_attendance", args=[setting["own"].pk])
    assert client.get(url).status_code == 404


def test_a_coordinator_names_the_provider_of_a_strand_on_the_strand_page(
    client, af_coordinator, provider, provider_user
):
    track = TrackFactory(start_date=MONDAY, weeks=12)
    client.force_login(af_coordinator)
    url = reverse("schedule:strand_create", kwargs={"pk": track.pk})
    body = {
        "kind": "training",
        "name": "Undersköterska",
        "responsible": "employer",
        "provider": provider.pk,
        "starts_on": MONDAY.isoformat(),
        "ends_on": (MONDAY + dt.timedelta(weeks=4)).isoformat(),
    }
    refused = client.post(url, body)
    assert refused.status_code == 200
    assert "utbildningsanordnare ansvarar för" in refused.content.decode()
    assert client.post(url, {**body, "responsible": "provider"}).status_code == 302
    strand = track.strands.get()
    assert strand.provider == provider
    page = client.get(reverse("schedule:track_schedule", kwargs={"pk": track.pk}))
    assert provider.name in page.content.decode()
    assert list(access.provider_strands_for(provider_user)) == [strand]
