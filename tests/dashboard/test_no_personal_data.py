"""The manager sees no person anywhere on the dashboard: no names, no personnummer, in any page
or export, whatever the filter."""

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from participants.models import Participant
from tests.dashboard.dataset import build

pytestmark = pytest.mark.django_db

QUERIES = [
    {},
    {"year": "2025", "by": "gender"},
    {"target_group": "newly_arrived", "by": "nominating_organisation"},
    {"by": "employer"},
    {"by": "occupation"},
    {"by": "year", "gender": "man"},
]


def _text(response) -> str:
    kind = response.get("Content-Type", "")
    if kind.startswith("application/pdf"):
        return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    if "spreadsheetml" in kind:
        book = load_workbook(io.BytesIO(response.content))
        return "\n".join(
            str(cell.value) for sheet in book for row in sheet.iter_rows() for cell in row
        )
    return response.content.decode("utf-8-sig")


def test_no_name_or_personnummer_in_any_dashboard_page_or_export(client, manager):
    build()
    people = list(Participant.objects.all())
    assert len(people) == 15
    names = {p.name for p in people} | {"Canary Persson"}
    numbers = set()
    for person in people:
        n = person.personal_number
        numbers |= {n, n[2:], f"{n[:8]}-{n[8:]}", f"{n[2:8]}-{n[8:]}"}
    client.force_login(manager)
    checked = 0
    for name in (
        "dashboard:dashboard",
        "dashboard:export_csv",
        "dashboard:export_xlsx",
        "dashboard:report",
        "dashboard:report_pdf",
    ):
        for query in QUERIES:
            response = client.get(reverse(name), query)
            assert response.status_code == 200, (name, query)
            text = _text(response)
            for secret in names | numbers:
                assert secret not in text, (name, query, secret)
            assert not re.search(r"\b\d{6}[-+]?\d{4}\b", text), (name, query)
            checked += 1
    assert checked == 30
