"""Consent to share between AF and the municipality, and consent to employer presentation."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse

from participants import access as participants_access
from participants.consent import (
    can_be_presented_to_employer,
    record_consent,
    withdraw_consent,
)
from participants.models import Consent, EventKind
from tests.dates import today
from tests.participants.factories import CaseNoteFactory, ConsentFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


def test_coordinator_records_consent_and_the_other_organisation_sees_the_participant(
    client, af_coordinator, municipal_coordinator, af, municipality
):
    participant = ParticipantFactory(registered_by=af, name="Yonas Tesfaye")
    client.force_login(af_coordinator)
    form = client.get(reverse("participants:consent_create", args=[participant.pk]))
    assert list(form.context["form"].fields["shared_with"].queryset) == [municipality]
    response = client.post(
        reverse("participants:consent_create", args=[participant.pk]),
        {
            "shared_with": municipality.pk,
            "given_on": today().isoformat(),
            "method": "orally_at_meeting",
            "scope": "whole_record",
            "valid_until": (today() + dt.timedelta(days=180)).isoformat(),
        },
    )
    assert response.status_code == 302
    consent = Consent.objects.get()
    assert consent.recorded_by == af_coordinator
    assert participant.events.filter(kind=EventKind.CONSENT_RECORDED).exists()
    assert (
        participants_access.participants_for(municipal_coordinator)
        .filter(pk=participant.pk)
        .exists()
    )


def test_consent_cannot_be_shared_with_the_registering_organisation(af_coordinator, af):
    participant = ParticipantFactory(registered_by=af)
    with pytest.raises(ValidationError):
        record_consent(
            participant=participant,
            shared_with=af,
            given_on=today(),
            method="in_writing",
            by=af_coordinator,
        )


def test_consent_ending_before_it_was_given_is_refused(client, af_coordinator, af, municipality):
    participant = ParticipantFactory(registered_by=af)
    client.force_login(af_coordinator)
    response = client.post(
        reverse("participants:consent_create", args=[participant.pk]),
        {
            "shared_with": municipality.pk,
            "given_on": today().isoformat(),
            "method": "in_writing",
            "scope": "whole_record",
            "valid_until": (today() - dt.timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "Samtycket kan inte upphöra innan det lämnades." in response.content.decode()
    assert not Consent.objects.exists()


def test_withdrawal_is_recorded_once_and_logged(af_coordinator, municipality, af):
    consent = ConsentFactory(
        participant=ParticipantFactory(registered_by=af),
        shared_with=municipality,
        recorded_by=af_coordinator,
    )
    first = withdraw_consent(consent=consent, withdrawn_on=today(), by=af_coordinator)
    again = withdraw_consent(consent=consent, withdrawn_on=today(), by=af_coordinator)
    assert first.withdrawn_at == again.withdrawn_at is not None
    assert first.withdrawn_by == af_coordinator
    assert consent.participant.events.filter(kind=EventKind.CONSENT_WITHDRAWN).count() == 1
    assert not first.is_active()


def test_withdrawn_before_given_is_refused_by_the_function_and_the_database(
    af_coordinator, municipality, af
):
    consent = ConsentFactory(
        participant=ParticipantFactory(registered_by=af),
        shared_with=municipality,
        recorded_by=af_coordinator,
    )
    with pytest.raises(ValidationError):
        withdraw_consent(
            consent=consent,
            withdrawn_on=consent.given_on - dt.timedelta(days=1),
            by=af_coordinator,
        )
    with pytest.raises(IntegrityError):
        Consent.objects.filter(pk=consent.pk).update(
            withdrawn_on=consent.given_on - dt.timedelta(days=1), withdrawn_at=consent.recorded_at
        )


def test_receiving_organisation_withdraws_and_is_sent_to_the_list(
    client, municipal_coordinator, af_coordinator, municipality, af
):
    consent = ConsentFactory(
        participant=ParticipantFactory(registered_by=af),
        shared_with=municipality,
        recorded_by=af_coordinator,
    )
    client.force_login(municipal_coordinator)
    response = client.post(
        reverse("participants:consent_withdraw", args=[consent.participant_id, consent.pk]),
        {"withdrawn_on": today().isoformat()},
    )
    assert response["Location"] == reverse("participants:participant_list")
    assert client.get(consent.participant.get_absolute_url()).status_code == 404
    # A withdrawn consent cannot be withdrawn again.
    client.force_login(af_coordinator)
    url = reverse("participants:consent_withdraw", args=[consent.participant_id, consent.pk])
    assert client.get(url).status_code == 404


def test_presentation_to_employer_needs_the_free_will_consent(client, af_coordinator, af):
    participant = ParticipantFactory(registered_by=af)
    assert not can_be_presented_to_employer(participant)
    client.force_login(af_coordinator)
    url = reverse("participants:presentation_consent", args=[participant.pk])
    refused = client.post(url, {"given_on": today().isoformat()})
    assert "Bekräfta att deltagaren har samtyckt." in refused.content.decode()
    client.post(url, {"given_on": today().isoformat(), "confirmed": "on"})
    participant.refresh_from_db()
    assert can_be_presented_to_employer(participant)
    assert participant.presentation_consent_by == af_coordinator
    client.post(url, {"action": "withdraw"})
    participant.refresh_from_db()
    assert not can_be_presented_to_employer(participant)
    assert participant.events.filter(kind=EventKind.PRESENTATION_CONSENT_WITHDRAWN).exists()


def test_a_consent_without_case_notes_shares_the_record_but_not_the_notes(
    client, af_coordinator, municipal_coordinator, af, municipality
):

    participant = ParticipantFactory(registered_by=af)
    CaseNoteFactory(participant=participant, author=af_coordinator, text="Hemlig anteckning")
    ConsentFactory(
        participant=participant,
        shared_with=municipality,
        recorded_by=af_coordinator,
        scope="without_notes",
    )
    client.force_login(municipal_coordinator)
    page = client.get(participant.get_absolute_url()).content.decode()
    assert "Hemlig anteckning" not in page
    assert 'id="notes"' not in page
    url = reverse("participants:note_create", args=[participant.pk])
    assert client.get(url).status_code == 403
    client.force_login(af_coordinator)
    assert "Hemlig anteckning" in client.get(participant.get_absolute_url()).content.decode()
