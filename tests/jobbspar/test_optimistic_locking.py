"""Two people editing the same record: the second save gets a conflict, nothing is overwritten."""

import re

import pytest
from django.urls import reverse

from jobbspar.locking import EditConflict, save_versioned
from jobbspar.models import Role
from tests.conftest import VerifiedClient
from tests.employers.factories import (
    AgreementFactory,
    EducationProviderFactory,
    EmployerFactory,
    PlanningMeetingFactory,
    RecruitmentNeedFactory,
)
from tests.jobbspar.factories import UserFactory
from tests.participants.factories import ParticipantFactory, PlanItemFactory

pytestmark = pytest.mark.django_db

CONFLICT = "Någon annan sparade de här uppgifterna medan du ändrade dem"


def _version_on(page: str) -> str:
    return re.search(r'name="version" value="(\d+)"', page).group(1)


@pytest.fixture
def second_client(af):
    colleague = UserFactory(role=Role.AF_COORDINATOR, organisation=af)
    other = VerifiedClient()
    other.force_login(colleague)
    return other


def _participant_post(participant, version, **changes):
    data = {
        "personal_number": participant.personal_number,
        "name": participant.name,
        "phone": participant.phone,
        "gender": "woman",
        "status": "active",
        "version": version,
    }
    data.update(changes)
    return data


def test_second_save_of_a_participant_shows_what_changed_and_keeps_the_input(
    client, second_client, af_coordinator, af
):
    participant = ParticipantFactory(registered_by=af, name="Amina Hassan", phone="0701111111")
    url = reverse("participants:participant_edit", args=[participant.pk])
    client.force_login(af_coordinator)
    mine = _version_on(client.get(url).content.decode())
    theirs = _version_on(second_client.get(url).content.decode())

    response = second_client.post(url, _participant_post(participant, theirs, phone="0702222222"))
    assert response.status_code == 302

    response = client.post(url, _participant_post(participant, mine, name="Amina Hassan Ali"))
    assert response.status_code == 200
    page = response.content.decode()
    assert CONFLICT in page
    assert "Telefon ändrades under tiden: nu ”0702222222”, din ”0701111111”." in page
    assert "Namn ändrades" not in page  # only what the other person changed is listed
    assert 'value="Amina Hassan Ali"' in page  # the user's input is kept
    participant.refresh_from_db()
    assert (participant.name, participant.phone) == ("Amina Hassan", "0702222222")

    # Saving again from the conflict page is a deliberate overwrite, and it works.
    again = _participant_post(
        participant, _version_on(page), name="Amina Hassan Ali", phone="0701111111"
    )
    assert client.post(url, again).status_code == 302
    participant.refresh_from_db()
    assert (participant.name, participant.phone) == ("Amina Hassan Ali", "0701111111")


def test_second_save_of_a_plan_item_is_refused(client, second_client, af_coordinator, af):
    participant = ParticipantFactory(registered_by=af)
    item = PlanItemFactory(participant=participant, created_by=af_coordinator)
    url = reverse("participants:plan_item_edit", args=[participant.pk, item.pk])
    client.force_login(af_coordinator)
    mine = _version_on(client.get(url).content.decode())
    data = {"kind": item.kind, "title": item.title, "status": item.status}
    assert (
        second_client.post(url, {**data, "title": "Deras titel", "version": mine}).status_code
        == 302
    )
    response = client.post(url, {**data, "title": "Min titel", "version": mine})
    assert CONFLICT in response.content.decode()
    item.refresh_from_db()
    assert item.title == "Deras titel"


def test_second_save_of_an_employer_is_refused(client, second_client, af_coordinator):
    employer = EmployerFactory(organisation__name="Vårdbolaget AB")
    url = reverse("employers:edit", args=[employer.pk])
    client.force_login(af_coordinator)
    mine = _version_on(client.get(url).content.decode())
    data = {
        "name": employer.name,
        "organisation_number": employer.organisation_number,
        "sector": employer.sector,
        "industry": employer.industry,
        "city": employer.city,
        "workplaces": employer.workplaces,
        "version": mine,
    }
    assert second_client.post(url, {**data, "city": "Lund"}).status_code == 302
    response = client.post(url, {**data, "industry": "Hemtjänst"})
    page = response.content.decode()
    assert CONFLICT in page
    assert "nu ”Lund”, din ”Malmö”" in page
    employer.refresh_from_db()
    assert (employer.city, employer.industry) == ("Lund", "Äldreomsorg")


@pytest.mark.parametrize(
    "factory",
    [
        ParticipantFactory,
        PlanItemFactory,
        EmployerFactory,
        EducationProviderFactory,
        RecruitmentNeedFactory,
        PlanningMeetingFactory,
        AgreementFactory,
    ],
    ids=lambda f: f._meta.model.__name__,
)
def test_a_stale_save_writes_nothing_even_after_the_form_checked(factory):
    record = factory()
    stale = type(record).objects.get(pk=record.pk)
    # Someone else writes first, by any route (here a bulk update): the version moves on.
    type(record).objects.filter(pk=record.pk).update(version=record.version)
    assert type(record).objects.get(pk=record.pk).version == record.version + 1
    with pytest.raises(EditConflict):
        save_versioned(stale)
    fresh = type(record).objects.get(pk=record.pk)
    save_versioned(fresh)
    assert type(record).objects.get(pk=record.pk).version == record.version + 2


def test_background_conflict_names_choices_and_lists_in_swedish(
    client, second_client, af_coordinator, af
):
    from tests.participants.factories import occupation

    participant = ParticipantFactory(registered_by=af)
    url = reverse("participants:background_edit", args=[participant.pk])
    client.force_login(af_coordinator)
    mine = _version_on(client.get(url).content.decode())
    nurse = occupation("5321")
    data = {"swedish_level": "none", "version": mine}
    theirs = {**data, "swedish_level": "sfi_c", "driving_licences": ["B"], "interests": [nurse.pk]}
    assert second_client.post(url, theirs).status_code == 302
    response = client.post(url, {**data, "working_hours": ["daytime"]})
    page = response.content.decode()
    assert CONFLICT in page
    assert "Svenskanivå ändrades under tiden" in page
    assert "Svenskanivå ändrades under tiden: nu ”SFI kurs C”, din ”Ingen svenska ännu”." in page
    assert "Körkort ändrades under tiden: nu ”B (personbil)”, din ”–”." in page
    assert f"Intressanta yrken ändrades under tiden: nu ”{nurse}”, din ”–”." in page
    assert "Arbetstider ändrades" not in page  # only the user changed it
    participant.refresh_from_db()
    assert participant.swedish_level == "sfi_c"
    assert participant.working_hours == []
    assert list(participant.interests.all()) == [nurse]
