"""Staff keep the record: details, background, languages, experience and case notes."""

import pytest
from django.urls import reverse

from participants.models import CaseNote, EventKind, OtherLanguage, WorkExperience
from tests.participants.factories import (
    ConsentFactory,
    ParticipantFactory,
    WorkExperienceFactory,
    occupation,
)

pytestmark = pytest.mark.django_db


def test_background_is_saved_and_shown(client, af_coordinator, af):
    participant = ParticipantFactory(registered_by=af)
    care = occupation("5321")
    client.force_login(af_coordinator)
    response = client.post(
        reverse("participants:background_edit", args=[participant.pk]),
        {
            "swedish_level": "sfi_d",
            "education_level": "upper_secondary",
            "driving_licences": ["B", "D"],
            "certificates": ["cpr"],
            "interests": [care.pk],
            "available_from": "2026-01-15",
            "working_hours": ["shifts"],
        },
    )
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.driving_licences == ["B", "D"]
    assert participant.certificates == ["cpr"]
    assert list(participant.interests.all()) == [care]
    assert participant.events.filter(kind=EventKind.BACKGROUND_UPDATED).exists()
    page = client.get(participant.get_absolute_url()).content.decode()
    for shown in ("SFI kurs D", "B, D", care.name):
        assert shown in page, shown


def test_languages_and_experience(client, af_coordinator, af):
    participant = ParticipantFactory(registered_by=af)
    client.force_login(af_coordinator)
    url = reverse("participants:language_add", args=[participant.pk])
    client.post(url, {"language": "Arabiska", "level": "native"})
    again = client.post(url, {"language": "arabiska", "level": "b1"})
    assert "Språket finns redan registrerat för deltagaren." in again.content.decode()
    assert OtherLanguage.objects.count() == 1
    client.post(
        reverse("participants:experience_add", args=[participant.pk]),
        {"occupation": occupation("8331").pk, "months": "24", "where": "Busslinje i Aleppo"},
    )
    page = client.get(participant.get_absolute_url()).content.decode()
    assert "Arabiska" in page
    assert "Busslinje i Aleppo" in page


def test_case_note_is_written_by_the_user_and_read_across_organisations_with_consent(
    client, af_coordinator, municipal_coordinator, af, municipality
):
    participant = ParticipantFactory(registered_by=af)
    client.force_login(af_coordinator)
    response = client.post(
        reverse("participants:note_create", args=[participant.pk]),
        {"written_on": "2025-10-01", "kind": "phone_call", "text": "Ringde om praktikplats."},
    )
    assert response.status_code == 302
    note = CaseNote.objects.get()
    assert (note.author, note.organisation) == (af_coordinator, af)
    client.force_login(municipal_coordinator)
    assert client.get(participant.get_absolute_url()).status_code == 404
    ConsentFactory(participant=participant, shared_with=municipality)
    page = client.get(participant.get_absolute_url()).content.decode()
    assert "Ringde om praktikplats." in page


def test_editing_details_logs_changes_without_naming_sensitive_fields(
    client, municipal_coordinator, municipality
):
    participant = ParticipantFactory(registered_by=municipality, name="Nour Haddad")
    client.force_login(municipal_coordinator)
    response = client.post(
        reverse("participants:participant_edit", args=[participant.pk]),
        {
            "personal_number": participant.personal_number,
            "name": "Nour Haddad",
            "phone": "0701112233",
            "gender": "woman",
            "status": "active",
            "receives_income_support": "on",
        },
    )
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.receives_income_support
    event = participant.events.get(kind=EventKind.UPDATED)
    assert "telefon" in event.detail
    assert "försörjningsstöd" not in event.detail


def test_af_coordinator_cannot_set_income_support(client, af_coordinator, af):
    participant = ParticipantFactory(registered_by=af)
    client.force_login(af_coordinator)
    client.post(
        reverse("participants:participant_edit", args=[participant.pk]),
        {
            "personal_number": participant.personal_number,
            "name": participant.name,
            "gender": "woman",
            "status": "active",
            "receives_income_support": "on",
        },
    )
    participant.refresh_from_db()
    assert not participant.receives_income_support


def test_languages_and_experience_can_be_removed(client, job_coach, municipality):

    participant = ParticipantFactory(registered_by=municipality)
    language = OtherLanguage.objects.create(participant=participant, language="dari", level="c1")
    experience = WorkExperienceFactory(participant=participant)
    client.force_login(job_coach)
    client.post(reverse("participants:language_delete", args=[participant.pk, language.pk]))
    client.post(reverse("participants:experience_delete", args=[participant.pk, experience.pk]))
    assert not OtherLanguage.objects.exists()
    assert not WorkExperience.objects.exists()
    assert participant.events.filter(kind=EventKind.BACKGROUND_UPDATED).count() == 2


def test_another_participants_language_cannot_be_removed_through_mine(
    client, af_coordinator, af, municipality
):
    mine = ParticipantFactory(registered_by=af)
    theirs = ParticipantFactory(registered_by=municipality)
    language = OtherLanguage.objects.create(participant=theirs, language="dari", level="c1")
    client.force_login(af_coordinator)
    url = reverse("participants:language_delete", args=[mine.pk, language.pk])
    assert client.post(url).status_code == 404
    assert OtherLanguage.objects.exists()
