"""Bad input gets a clear Swedish message at the field and in the error summary; nothing lost."""

import datetime as dt

import pytest
from django.db import IntegrityError
from django.urls import reverse

from jobbspar.identity import luhn_ok
from participants.identities import personal_number_for
from participants.models import Participant, WorkExperience
from tests.dates import today
from tests.participants.factories import ConsentFactory, ParticipantFactory, occupation

pytestmark = pytest.mark.django_db

VALID = personal_number_for(dt.date(1988, 4, 12), 123)
WRONG_CHECK_DIGIT = VALID[:-1] + str((int(VALID[-1]) + 1) % 10)
# 13th month, with a correct check digit so that the date is what is wrong.
NO_SUCH_DATE = next(f"19881312-123{d}" for d in "0123456789" if luhn_ok(f"881312123{d}"))


def _assert_error(response, message, *kept):
    assert response.status_code == 200
    text = response.content.decode()
    summary = text[text.index('id="error-summary"') :]
    assert text.count(message) >= 2, "message at the field and in the error summary"
    assert message in summary
    for value in kept:
        assert f'value="{value}"' in text or value in text, value


@pytest.mark.parametrize(
    ("number", "message"),
    [
        (WRONG_CHECK_DIGIT, "Personnumret har fel kontrollsiffra"),
        ("12345", "Ange personnumret som ÅÅÅÅMMDD-NNNN eller ÅÅMMDD-NNNN."),
        (NO_SUCH_DATE, "Personnumret innehåller inget giltigt födelsedatum."),
        ("٢٠٢٠٠١٠١-١٢٣٤", "Ange personnumret som ÅÅÅÅMMDD-NNNN eller ÅÅMMDD-NNNN."),
    ],
)
def test_invalid_personal_number(client, af_coordinator, number, message):
    client.force_login(af_coordinator)
    response = client.post(
        reverse("participants:participant_create"),
        {"personal_number": number, "name": "Leila Karimi", "gender": "woman", "status": "active"},
    )
    _assert_error(response, message, "Leila Karimi")
    assert not Participant.objects.exists()


def test_future_birth_date(client, af_coordinator):
    future = personal_number_for(today() + dt.timedelta(days=400), 1)
    client.force_login(af_coordinator)
    response = client.post(
        reverse("participants:participant_create"),
        {"personal_number": future, "name": "Leila Karimi", "gender": "woman", "status": "active"},
    )
    _assert_error(response, "Födelsedatumet i personnumret ligger i framtiden.", "Leila Karimi")


def test_email_in_wrong_format(client, af_coordinator):
    client.force_login(af_coordinator)
    response = client.post(
        reverse("participants:participant_create"),
        {
            "personal_number": VALID,
            "name": "Leila Karimi",
            "email": "leila(at)example",
            "gender": "woman",
            "status": "active",
        },
    )
    _assert_error(response, "Skriv en e-postadress som namn@exempel.se.", "leila(at)example")


def test_negative_experience_months(client, af_coordinator, af):
    participant = ParticipantFactory(registered_by=af)
    client.force_login(af_coordinator)
    response = client.post(
        reverse("participants:experience_add", args=[participant.pk]),
        {"occupation": occupation("5321").pk, "months": "-3", "where": "Vårdboende"},
    )
    _assert_error(
        response, "Antalet månader erfarenhet kan inte vara negativt.", "-3", "Vårdboende"
    )
    assert not WorkExperience.objects.exists()


def test_negative_months_are_refused_by_the_database_too(af):

    participant = ParticipantFactory(registered_by=af)
    with pytest.raises(IntegrityError):
        WorkExperience.objects.create(participant=participant, occupation=occupation(), months=-1)


def test_consent_withdrawn_before_it_was_given(client, af_coordinator, municipality):
    consent = ConsentFactory(
        participant=ParticipantFactory(registered_by=af_coordinator.organisation),
        shared_with=municipality,
        recorded_by=af_coordinator,
        given_on=today() - dt.timedelta(days=5),
    )
    before = (consent.given_on - dt.timedelta(days=1)).isoformat()
    client.force_login(af_coordinator)
    response = client.post(
        reverse("participants:consent_withdraw", args=[consent.participant_id, consent.pk]),
        {"withdrawn_on": before},
    )
    _assert_error(
        response,
        f"Ett samtycke kan inte återkallas innan det lämnades ({consent.given_on.isoformat()}).",
        before,
    )
    consent.refresh_from_db()
    assert consent.withdrawn_at is None


def test_a_date_in_the_wrong_format(client, af_coordinator, af):
    participant = ParticipantFactory(registered_by=af)
    client.force_login(af_coordinator)
    response = client.post(
        reverse("participants:note_create", args=[participant.pk]),
        {"written_on": "12/01/2026", "kind": "meeting", "text": "Möte om praktik"},
    )
    _assert_error(
        response, "Ange datumet som ÅÅÅÅ-MM-DD, till exempel 2026-12-01.", "Möte om praktik"
    )


def test_plan_item_end_before_start(client, af_coordinator, af):
    participant = ParticipantFactory(registered_by=af)
    client.force_login(af_coordinator)
    response = client.post(
        reverse("participants:plan_item_create", args=[participant.pk]),
        {
            "kind": "licence_course",
            "title": "Körkort B",
            "status": "planned",
            "planned_start": "2026-05-01",
            "planned_end": "2026-04-01",
        },
    )
    _assert_error(response, "Planerat slut kan inte vara före planerad start.", "Körkort B")


@pytest.mark.parametrize(
    "url_name",
    ["participants:participant_detail", "participants:participant_edit"],
)
def test_malformed_ids_are_404_not_500(client, af_coordinator, url_name):
    client.force_login(af_coordinator)
    assert client.get(reverse(url_name, args=[999999999])).status_code == 404


def test_a_malformed_search_is_reported_not_a_server_error(client, af_coordinator):
    client.force_login(af_coordinator)
    response = client.get(
        reverse("participants:participant_list"),
        {"organisation": "x", "coordinator": "-1", "status": "nonsense", "page": "abc"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("status", "bogus"),
        ("gender", "x"),
        ("swedish_level", "fluent-ish"),
        ("personal_number", "1"),
    ],
)
def test_the_database_refuses_values_outside_the_vocabularies(af, field, value):

    participant = ParticipantFactory(registered_by=af)
    with pytest.raises(IntegrityError):
        Participant.objects.filter(pk=participant.pk).update(**{field: value})
