"""Consent is released by the organisation that holds the record: the other organisation asks
(an access request naming the consent it collected), the registering organisation's
coordinators release (never wider than asked) or decline; only they record consents."""

import datetime as dt
import json

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.urls import reverse

from jobbspar.models import Notification, NotificationKind, Role
from participants import access as participants_access
from participants import access_requests
from participants.consent import record_consent, withdraw_consent
from participants.models import (
    AccessRequest,
    AccessRequestStatus,
    Consent,
    EventKind,
)
from participants.retention import anonymise
from participants.views import PENDING_KEY
from tests.dates import today
from tests.identity_numbers import shows_identity_number
from tests.jobbspar.factories import MunicipalityFactory, UserFactory
from tests.participants.factories import CaseNoteFactory, ConsentFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


def _ask(participant, by, **overrides):
    values = {
        "participant": participant,
        "by": by,
        "consent_given_on": today() - dt.timedelta(days=1),
        "consent_method": "in_writing",
        "consent_taken_by": "Sara Malmö",
        "scope": "whole_record",
        "valid_until": today() + dt.timedelta(days=90),
        "note": "Blankett i akten",
    }
    values.update(overrides)
    return access_requests.request_access(**values)


def _form(**overrides):
    body = {
        "consent_given_on": (today() - dt.timedelta(days=1)).isoformat(),
        "consent_method": "in_writing",
        "consent_taken_by": "Sara Malmö",
        "scope": "without_notes",
        "valid_until": (today() + dt.timedelta(days=90)).isoformat(),
        "note": "",
    }
    body.update(overrides)
    return body


def _visible(user, participant) -> bool:
    return participants_access.participants_for(user).filter(pk=participant.pk).exists()


def test_the_receiving_side_cannot_create_or_widen_a_consent_by_any_url_or_form_field(
    client, af, municipality, af_coordinator, municipal_coordinator
):
    shared = ParticipantFactory(registered_by=af, name="Yonas Tesfaye")
    ConsentFactory(
        participant=shared,
        shared_with=municipality,
        recorded_by=af_coordinator,
        scope="without_notes",
    )
    elsewhere = ParticipantFactory(registered_by=af, name="Leila Karimi")
    crafted = {
        "shared_with": municipality.pk,
        "scope": "whole_record",
        "participant": shared.pk,
        "given_on": today().isoformat(),
        "method": "in_writing",
    }
    client.force_login(municipal_coordinator)
    url = reverse("participants:consent_create", args=[shared.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, crafted).status_code == 403
    assert client.post(url, {**crafted, "shared_with": af.pk}).status_code == 403
    # The registration step for a person registered elsewhere makes a request, never a consent,
    # whatever participant, organisation or scope the body names.
    session = client.session
    session[PENDING_KEY] = elsewhere.personal_number
    session.save()
    response = client.post(
        reverse("participants:consent_needed"),
        {**_form(), **crafted, "asking_organisation": af.pk, "status": "released"},
    )
    assert response.status_code == 302
    made = AccessRequest.objects.get()
    assert (made.participant, made.asking_organisation, made.status) == (
        elsewhere,
        municipality,
        AccessRequestStatus.OPEN,
    )
    assert made.scope == "whole_record"  # asked for, not granted: nothing is shared
    assert list(Consent.objects.values_list("participant", "scope")) == [
        (shared.pk, "without_notes")
    ]
    assert not _visible(municipal_coordinator, elsewhere)
    # Nor can it release its own request, by URL or by the domain function.
    decide = reverse("participants:access_request_decide", args=[made.pk])
    release = {"action": "release", "release-scope": "whole_record"}
    assert client.post(decide, release).status_code == 404
    assert client.get(decide).status_code == 404
    with pytest.raises(PermissionDenied):
        access_requests.release_access_request(
            access_request=made, scope="without_notes", by=municipal_coordinator
        )
    with pytest.raises(PermissionDenied):
        record_consent(
            participant=shared,
            shared_with=municipality,
            given_on=today(),
            method="in_writing",
            scope="whole_record",
            by=municipal_coordinator,
        )
    assert Consent.objects.count() == 1
    assert AccessRequest.objects.get().status == AccessRequestStatus.OPEN


def test_a_request_shows_nothing_of_the_record_before_release(client, af, municipal_coordinator):
    person = ParticipantFactory(
        registered_by=af, name="Hodan Warsame", personal_number="198503124714"
    )
    made = _ask(person, municipal_coordinator)
    client.force_login(municipal_coordinator)
    assert client.get(person.get_absolute_url()).status_code == 404
    for url in (
        reverse("participants:participant_list"),
        reverse("participants:access_request_list"),
        reverse("home"),
    ):
        body = client.get(url).content.decode()
        assert "Hodan" not in body
        assert not shows_identity_number(body, person.personal_number)
    assert (
        "Väntar på den registrerande organisationen"
        in client.get(reverse("participants:access_request_list")).content.decode()
    )
    assert made.events.filter(pgh_label="insert").exists()  # in the write history


def test_the_holder_sees_the_request_and_releases_no_wider_than_asked(
    client, af, municipality, af_coordinator, municipal_coordinator
):
    person = ParticipantFactory(registered_by=af, name="Olena Kovalenko")
    CaseNoteFactory(participant=person, author=af_coordinator, text="Hemlig anteckning")
    made = _ask(person, municipal_coordinator, scope="without_notes")
    notice = Notification.objects.get(kind=NotificationKind.ACCESS_REQUESTED)
    assert notice.recipient == af_coordinator
    assert "Olena" not in notice.subject + notice.body
    client.force_login(af_coordinator)
    home = client.get(reverse("home")).content.decode()
    assert "Olena Kovalenko" in home
    detail = client.get(person.get_absolute_url()).content.decode()
    assert reverse("participants:access_request_decide", args=[made.pk]) in detail
    decide = reverse("participants:access_request_decide", args=[made.pk])
    page = client.get(decide)
    assert [value for value, _label in page.context["release_form"].fields["scope"].choices] == [
        "without_notes"
    ]
    refused = client.post(decide, {"action": "release", "release-scope": "whole_record"})
    assert refused.status_code == 200
    assert not Consent.objects.exists()
    with pytest.raises(ValidationError):
        access_requests.release_access_request(
            access_request=made, scope="whole_record", by=af_coordinator
        )
    response = client.post(decide, {"action": "release", "release-scope": "without_notes"})
    assert response.status_code == 302
    consent = Consent.objects.get()
    assert (consent.shared_with, consent.scope, consent.recorded_by) == (
        municipality,
        "without_notes",
        af_coordinator,
    )
    assert consent.valid_until == made.valid_until
    made.refresh_from_db()
    assert (made.status, made.consent, made.decided_by) == ("released", consent, af_coordinator)
    assert _visible(municipal_coordinator, person)
    assert {e.kind for e in person.events.all()} >= {
        EventKind.ACCESS_REQUESTED,
        EventKind.ACCESS_RELEASED,
        EventKind.CONSENT_RECORDED,
    }
    assert made.events.filter(pgh_label="update", status="released").exists()
    assert Notification.objects.filter(
        kind=NotificationKind.ACCESS_REQUEST_DECIDED, recipient=municipal_coordinator
    ).exists()
    client.force_login(municipal_coordinator)
    page = client.get(person.get_absolute_url()).content.decode()
    assert "Hemlig anteckning" not in page  # released without the case notes
    assert "Frisläppt" in page


def test_the_holder_declines_with_a_reason_and_nothing_is_shared(
    client, af, af_coordinator, municipal_coordinator
):
    person = ParticipantFactory(registered_by=af)
    made = _ask(person, municipal_coordinator)
    client.force_login(af_coordinator)
    decide = reverse("participants:access_request_decide", args=[made.pk])
    assert client.post(decide, {"action": "decline", "decline-reason": " "}).status_code == 200
    response = client.post(
        decide, {"action": "decline", "decline-reason": "Samtycket gäller inte oss"}
    )
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.status == AccessRequestStatus.DECLINED
    assert not Consent.objects.exists()
    assert not _visible(municipal_coordinator, person)
    assert person.events.filter(kind=EventKind.ACCESS_DECLINED).exists()
    client.force_login(municipal_coordinator)
    listing = client.get(reverse("participants:access_request_list")).content.decode()
    assert "Samtycket gäller inte oss" in listing
    # A decided request cannot be released afterwards.
    with pytest.raises(ValidationError):
        access_requests.release_access_request(
            access_request=made, scope="whole_record", by=af_coordinator
        )


def test_expiry_still_ends_released_access(af, af_coordinator, municipal_coordinator):
    person = ParticipantFactory(registered_by=af)
    made = _ask(person, municipal_coordinator, valid_until=today() + dt.timedelta(days=5))
    access_requests.release_access_request(
        access_request=made, scope="whole_record", by=af_coordinator
    )
    assert _visible(municipal_coordinator, person)
    with time_machine.travel(today() + dt.timedelta(days=7), tick=False):
        assert not _visible(municipal_coordinator, person)


def test_the_holder_withdraws_a_consent_and_the_receiver_gives_up_its_own_access(
    client, af, municipality, af_coordinator, municipal_coordinator, job_coach
):
    person = ParticipantFactory(registered_by=af)
    first = ConsentFactory(participant=person, shared_with=municipality, recorded_by=af_coordinator)
    client.force_login(job_coach)
    url = reverse("participants:consent_withdraw", args=[person.pk, first.pk])
    assert client.post(url, {"withdrawn_on": today().isoformat()}).status_code == 403
    client.force_login(af_coordinator)
    assert client.post(url, {"withdrawn_on": today().isoformat()}).status_code == 302
    first.refresh_from_db()
    assert first.withdrawn_by == af_coordinator
    assert not _visible(municipal_coordinator, person)

    second = ConsentFactory(
        participant=person, shared_with=municipality, recorded_by=af_coordinator
    )
    client.force_login(municipal_coordinator)
    url = reverse("participants:consent_withdraw", args=[person.pk, second.pk])
    response = client.post(url, {"withdrawn_on": today().isoformat()})
    assert response["Location"] == reverse("participants:participant_list")
    second.refresh_from_db()
    assert second.withdrawn_by == municipal_coordinator
    assert not _visible(municipal_coordinator, person)


def test_a_third_authority_cannot_withdraw_a_consent_shared_with_another(
    af, municipality, af_coordinator
):

    person = ParticipantFactory(registered_by=af)
    consent = ConsentFactory(
        participant=person, shared_with=municipality, recorded_by=af_coordinator
    )
    stranger = UserFactory(role=Role.MUNICIPAL_COORDINATOR, organisation=MunicipalityFactory())
    with pytest.raises(PermissionDenied):
        withdraw_consent(consent=consent, withdrawn_on=today(), by=stranger)


def test_the_asker_withdraws_an_open_request(client, af, municipal_coordinator, af_coordinator):
    person = ParticipantFactory(registered_by=af)
    made = _ask(person, municipal_coordinator)
    client.force_login(af_coordinator)
    url = reverse("participants:access_request_withdraw", args=[made.pk])
    assert client.post(url).status_code == 404  # not the asker's organisation
    client.force_login(municipal_coordinator)
    assert client.post(url).status_code == 302
    made.refresh_from_db()
    assert made.status == AccessRequestStatus.WITHDRAWN
    assert person.events.filter(kind=EventKind.ACCESS_REQUEST_WITHDRAWN).exists()
    # Withdrawn: the holder can no longer release it; a new request may be made.
    with pytest.raises(ValidationError):
        access_requests.release_access_request(
            access_request=made, scope="whole_record", by=af_coordinator
        )
    assert _ask(person, municipal_coordinator).is_open


def test_one_open_request_per_person_and_asking_organisation(af, municipal_coordinator):
    person = ParticipantFactory(registered_by=af)
    made = _ask(person, municipal_coordinator)
    with pytest.raises(ValidationError):
        _ask(person, municipal_coordinator)
    with pytest.raises(IntegrityError):
        AccessRequest.objects.create(
            participant=person,
            asking_organisation=made.asking_organisation,
            asked_by=municipal_coordinator,
            consent_given_on=today(),
            consent_method="in_writing",
            consent_taken_by="X",
            scope="whole_record",
        )


def test_the_database_refuses_a_release_without_a_consent(af, municipal_coordinator):
    made = _ask(ParticipantFactory(registered_by=af), municipal_coordinator)
    with pytest.raises(IntegrityError):
        AccessRequest.objects.filter(pk=made.pk).update(
            status="released", decided_at=made.asked_at, decided_by=municipal_coordinator
        )


def test_the_register_extract_lists_the_requests(client, af, af_coordinator, municipal_coordinator):
    person = ParticipantFactory(registered_by=af)
    made = _ask(person, municipal_coordinator, note="Vill delta i jobbspåret")
    access_requests.decline_access_request(access_request=made, reason="Oklart", by=af_coordinator)
    client.force_login(af_coordinator)
    extract = json.loads(
        client.get(reverse("participants:register_extract", args=[person.pk])).content
    )
    text = json.dumps(extract, ensure_ascii=False)
    assert "Vill delta i jobbspåret" in text
    assert "Oklart" in text


def test_anonymisation_removes_the_free_texts_of_requests_and_their_history(
    af, af_coordinator, municipal_coordinator
):

    person = ParticipantFactory(registered_by=af)
    made = _ask(person, municipal_coordinator, note="Träffade Hodan på mässan")
    access_requests.decline_access_request(
        access_request=made, reason="Hodan vill inte", by=af_coordinator
    )
    anonymise(participant=person, by=af_coordinator)
    made.refresh_from_db()
    assert (made.note, made.decline_reason, made.status) == ("–", "–", "declined")
    history = made.events.values_list("note", "decline_reason")
    assert all("Hodan" not in note + reason for note, reason in history)


def test_the_receiving_side_asks_for_the_whole_record_and_the_holder_widens(
    client, af, municipality, af_coordinator, municipal_coordinator
):
    person = ParticipantFactory(registered_by=af)
    CaseNoteFactory(participant=person, author=af_coordinator, text="Hemlig anteckning")
    ConsentFactory(
        participant=person,
        shared_with=municipality,
        recorded_by=af_coordinator,
        scope="without_notes",
    )
    client.force_login(municipal_coordinator)
    url = reverse("participants:access_request_create", args=[person.pk])
    assert url in client.get(person.get_absolute_url()).content.decode()
    response = client.post(url, {**_form(scope="whole_record"), "shared_with": municipality.pk})
    assert response.status_code == 302
    assert Consent.objects.count() == 1  # asked, not granted
    assert "Hemlig anteckning" not in client.get(person.get_absolute_url()).content.decode()
    access_requests.release_access_request(
        access_request=AccessRequest.objects.get(), scope="whole_record", by=af_coordinator
    )
    assert "Hemlig anteckning" in client.get(person.get_absolute_url()).content.decode()
    client.force_login(af_coordinator)
    assert client.get(url).status_code == 403  # the holder records consents itself
