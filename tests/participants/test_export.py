"""The CSV export of a search: the same participants and fields the user may see."""

import csv
import io

import pytest
from django.urls import reverse

from tests.participants.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


def _rows(response):
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body), delimiter=";"))


def test_export_follows_the_search(client, af_coordinator, af):
    ParticipantFactory(name="Amina Hassan", registered_by=af, swedish_level="b1")
    ParticipantFactory(name="Johan Persson", registered_by=af, swedish_level="native")
    client.force_login(af_coordinator)
    response = client.get(reverse("participants:participant_export"), {"swedish_level": "b1"})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = _rows(response)
    assert rows[0][:2] == ["Personnummer", "Namn"]
    assert [row[1] for row in rows[1:]] == ["Amina Hassan"]


def test_export_columns_follow_the_field_rules(client, af_coordinator, municipal_coordinator):
    ParticipantFactory(registered_by=af_coordinator.organisation)
    ParticipantFactory(registered_by=municipal_coordinator.organisation)
    client.force_login(af_coordinator)
    assert (
        "Har försörjningsstöd"
        not in _rows(client.get(reverse("participants:participant_export")))[0]
    )
    client.force_login(municipal_coordinator)
    assert (
        "Har försörjningsstöd" in _rows(client.get(reverse("participants:participant_export")))[0]
    )


def test_export_cells_cannot_become_spreadsheet_formulas(client, af_coordinator, af):
    ParticipantFactory(name="=HYPERLINK(1)", registered_by=af, phone="+46701234567")
    client.force_login(af_coordinator)
    row = _rows(client.get(reverse("participants:participant_export")))[1]
    assert row[1] == "'=HYPERLINK(1)"
    assert row[2] == "'+46701234567"
