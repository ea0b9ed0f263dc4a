"""Registering a participant, and registering someone another organisation already holds."""

import datetime as dt

import pytest
from django.urls import reverse

from jobbspar.identity import format_personal_number
from participants.identities import personal_number_for
from participants.models import AccessRequest, Consent, EventKind, Participant
from tests.dates import today

pytestmark = pytest.mark.django_db

NUMBER = personal_number_for(dt.date(1988, 4, 12), 123)


def _post(client, **data):
    payload = {
        "personal_number": format_personal_number(NUMBER),
        "name": "Ahmad Rahimi",
        "phone": "070-123 45 67",
        "email": "ahmad@example.se",
        "gender": "man",
        "status": "active",
        "newly_arrived": "on",
        "arrival_date": "2024-03-01",
    }
    payload.update(data)
    return client.post(reverse("participants:participant_create"), payload)


def test_coordinator_registers_a_participant_for_their_organisation(client, af_coordinator):
    client.force_login(af_coordinator)
    response = _post(client, personal_number=NUMBER[2:8] + "-" + NUMBER[8:])
    participant = Participant.objects.get()
    assert response.status_code == 302
    assert response["Location"] == participant.get_absolute_url()
    assert participant.personal_number == NUMBER
    assert participant.registered_by == af_coordinator.organisation
    assert participant.phone == "0701234567"
    assert participant.events.get().kind == EventKind.REGISTERED


@pytest.mark.parametrize(
    "written", [NUMBER, NUMBER[2:], NUMBER[:8] + "-" + NUMBER[8:], NUMBER[2:8] + "-" + NUMBER[8:]]
)
def test_a_number_held_elsewhere_in_any_form_is_not_duplicated_nor_revealed(
    client, af_coordinator, municipal_coordinator, written
):
    client.force_login(af_coordinator)
    _post(client)
    client.force_login(municipal_coordinator)
    response = _post(client, personal_number=written, name="Någon Annan", phone="0709999999")
    assert response.status_code == 302
    assert response["Location"] == reverse("participants:consent_needed")
    assert Participant.objects.count() == 1
    page = client.get(response["Location"])
    html = page.content.decode()
    text = html[html.index("<main") : html.index("</main>")]
    assert "redan registrerad av en annan organisation" in text
    assert format_personal_number(NUMBER) in text
    # Nothing about the existing record: not the name, phone, e-mail or organisation.
    for secret in ("Ahmad Rahimi", "0701234567", "ahmad@example.se", "Arbetsförmedlingen"):
        assert secret not in text
    assert NUMBER not in page.request["PATH_INFO"]


def test_the_duplicate_flow_offers_an_access_request_not_a_consent(
    client, af_coordinator, municipal_coordinator
):
    """The organisation that holds the record releases it (participants.access_requests): the
    other organisation's coordinator asks, and sees nothing until then."""
    client.force_login(af_coordinator)
    _post(client)
    participant = Participant.objects.get()
    client.force_login(municipal_coordinator)
    _post(client)
    assert client.get(participant.get_absolute_url()).status_code == 404
    response = client.post(
        reverse("participants:consent_needed"),
        {
            "consent_given_on": today().isoformat(),
            "consent_method": "in_writing",
            "consent_taken_by": "Sara Malmö",
            "scope": "whole_record",
            # The old consent form's fields do nothing.
            "given_on": today().isoformat(),
            "method": "in_writing",
            "shared_with": municipal_coordinator.organisation_id,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("participants:access_request_list")
    assert not Consent.objects.exists()
    request = AccessRequest.objects.get()
    assert (request.participant, request.asked_by, request.status) == (
        participant,
        municipal_coordinator,
        "open",
    )
    assert client.get(participant.get_absolute_url()).status_code == 404
    # The pending number is gone from the session once used.
    assert client.get(reverse("participants:consent_needed")).status_code == 302


def test_duplicate_flow_request_form_errors_keep_the_input(
    client, af_coordinator, municipal_coordinator
):
    client.force_login(af_coordinator)
    _post(client)
    client.force_login(municipal_coordinator)
    _post(client)
    future = (today() + dt.timedelta(days=3)).isoformat()
    response = client.post(
        reverse("participants:consent_needed"),
        {"consent_given_on": future, "consent_method": "in_writing", "scope": "whole_record"},
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Ett samtycke kan inte lämnas i framtiden." in text
    assert future in text
    assert not Consent.objects.exists()
    assert not AccessRequest.objects.exists()


def test_a_number_my_organisation_holds_gives_a_field_error(client, af_coordinator):
    client.force_login(af_coordinator)
    _post(client)
    response = _post(client, name="Dubblett")
    assert response.status_code == 200
    assert "Personnumret är redan registrerat för Ahmad Rahimi." in response.content.decode()
    assert Participant.objects.count() == 1


def test_editing_to_a_number_held_elsewhere_is_refused(
    client, af_coordinator, municipal_coordinator
):
    client.force_login(af_coordinator)
    _post(client)
    other = personal_number_for(dt.date(1990, 1, 1), 5)
    client.force_login(municipal_coordinator)
    _post(client, personal_number=other, name="Johan Persson")
    mine = Participant.objects.get(name="Johan Persson")
    response = client.post(
        reverse("participants:participant_edit", args=[mine.pk]),
        {"personal_number": NUMBER, "name": "Johan Persson", "gender": "man", "status": "active"},
    )
    assert response.status_code == 200
    assert "En annan deltagare har redan det här personnumret." in response.content.decode()
    mine.refresh_from_db()
    assert mine.personal_number == other
