"""The register extract (GDPR art. 15): everything about one participant, as JSON and PDF."""

import io
import json

import pytest
from django.urls import reverse
from pypdf import PdfReader

from jobbspar.audit import reads_of
from jobbspar.models import AccessPurpose
from participants.models.kept import KEPT_FIELDS
from tests.participants.factories import (
    CaseNoteFactory,
    ConsentFactory,
    ParticipantFactory,
    PlanItemFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def subject(af, municipality, af_coordinator, municipal_coordinator, client):
    participant = ParticipantFactory(
        registered_by=af, name="Olena Kovalenko", phone="0703334455", email="olena@example.se"
    )
    CaseNoteFactory(participant=participant, author=af_coordinator, text="Vill arbeta i vården.")
    PlanItemFactory(participant=participant, created_by=af_coordinator, title="Yrkessvenska")
    ConsentFactory(participant=participant, shared_with=municipality, recorded_by=af_coordinator)
    client.force_login(municipal_coordinator)
    client.get(participant.get_absolute_url())  # a read by the other authority
    return participant


def test_json_extract_has_all_their_data_and_the_access_log(
    client, subject, af_coordinator, municipal_coordinator
):
    client.force_login(af_coordinator)
    response = client.get(reverse("participants:register_extract", args=[subject.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    data = json.loads(response.content)
    assert data["participant"]["name"] == "Olena Kovalenko"
    assert data["participant"]["personal_number"] == subject.personal_number
    assert data["participant"]["email"] == "olena@example.se"
    # Not the columns the database keeps for matching: the languages and tracks have sections.
    assert "languages" in data and "version" not in data["participant"]
    assert not set(data["participant"]) & set(KEPT_FIELDS)
    assert [n["text"] for n in data["case_notes"]] == ["Vill arbeta i vården."]
    assert [p["title"] for p in data["plan"]] == ["Yrkessvenska"]
    assert [c["shared_with"] for c in data["consents"]] == ["Malmö stad"]
    assert {c["record"] for c in data["changes"]} >= {
        "participants.ParticipantRecordEvent",
        "participants.CaseNoteEvent",
        "participants.PlanItemEvent",
        "participants.ConsentEvent",
    }
    readers = [(r["user"], r["purpose"]) for r in data["access_log"]]
    assert (str(municipal_coordinator), "Handläggning") in readers
    latest = reads_of(subject).first()
    assert (latest.user, latest.purpose) == (af_coordinator, AccessPurpose.REGISTER_EXTRACT)


def test_pdf_extract_contains_the_same_data(client, subject, af_coordinator):
    client.force_login(af_coordinator)
    response = client.get(reverse("participants:register_extract_pdf", args=[subject.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Registerutdrag för Olena Kovalenko" in text
    assert "Vill arbeta i vården." in text
    assert "Yrkessvenska" in text
    assert "Vem har tittat på uppgifterna" in text
    assert reads_of(subject).first().purpose == AccessPurpose.REGISTER_EXTRACT


@pytest.mark.parametrize("url_name", ["register_extract", "register_extract_pdf"])
def test_only_the_registering_organisations_coordinators_get_the_extract(
    client, subject, municipal_coordinator, job_coach, url_name
):
    url = reverse(f"participants:{url_name}", args=[subject.pk])
    for user in (municipal_coordinator, job_coach):
        client.force_login(user)
        assert client.get(url).status_code in {403, 404}
    assert not reads_of(subject).filter(purpose=AccessPurpose.REGISTER_EXTRACT).exists()
