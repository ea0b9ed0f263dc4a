"""The import pages: upload, columns, preview, commit, cancel, templates; bad files never 500."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from imports import batches
from imports.models import ImportBatch
from participants.models import Participant
from tests.imports.conftest import number
from tests.imports.files import csv_bytes, xlsx_bytes
from tests.jobbspar.factories import UserFactory


@pytest.fixture
def signed_in(client, municipal_coordinator):
    client.force_login(municipal_coordinator)
    return client


def _upload(client, name, data, kind="participants"):
    return client.post(
        reverse("imports:start"), {"kind": kind, "file": SimpleUploadedFile(name, data)}
    )


def test_upload_columns_preview_and_commit(signed_in, municipal_coordinator):
    data = xlsx_bytes([["Personnr", "Fullständigt namn", "Okänd"], [number(20), "Sara Ek", "x"]])
    response = _upload(signed_in, "lista.xlsx", data)
    batch = ImportBatch.objects.get()
    assert response["Location"] == reverse("imports:mapping", args=[batch.pk])
    assert batch.mapping == {"0": "personal_number", "1": "name"}

    page = signed_in.get(reverse("imports:mapping", args=[batch.pk]))
    assert "Ignorera kolumnen" in page.content.decode()
    response = signed_in.post(
        reverse("imports:mapping", args=[batch.pk]),
        {"column_0": "personal_number", "column_1": "name", "column_2": ""},
    )
    assert response["Location"] == reverse("imports:preview", args=[batch.pk])

    page = signed_in.get(reverse("imports:preview", args=[batch.pk])).content.decode()
    assert "Sara Ek" in page and "Ny" in page
    fingerprint = batches.preview(batch=batch, by=municipal_coordinator).fingerprint
    response = signed_in.post(
        reverse("imports:commit", args=[batch.pk]), {"fingerprint": fingerprint}, follow=True
    )
    assert "Importen är klar: 1 nya" in response.content.decode()
    assert Participant.objects.get().registered_by == municipal_coordinator.organisation
    assert not ImportBatch.objects.exists()


def test_mapping_must_name_the_required_columns(signed_in, municipal_coordinator):
    _upload(signed_in, "a.csv", csv_bytes([["Personnummer", "Namn"], [number(1), "A"]]))
    batch = ImportBatch.objects.get()
    response = signed_in.post(
        reverse("imports:mapping", args=[batch.pk]), {"column_0": "name", "column_1": ""}
    )
    assert response.status_code == 200
    assert "Välj en kolumn för: Personnummer" in response.content.decode()


def test_an_outdated_preview_is_refused_and_shown_again(signed_in, municipal_coordinator):
    _upload(signed_in, "a.csv", csv_bytes([["Personnummer", "Namn"], [number(1), "A"]]))
    batch = ImportBatch.objects.get()
    response = signed_in.post(
        reverse("imports:commit", args=[batch.pk]), {"fingerprint": "old"}, follow=True
    )
    assert "ingenting importerades" in response.content.decode()
    assert not Participant.objects.exists()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("a.csv", b"", "The submitted file is empty."),
        ("a.docx", b"PK\x03\x04", "Ladda upp en CSV-fil"),
        ("a.xlsx", b"not a zip at all", "Excelfilen kan inte läsas"),
        ("a.csv", "Namn\nÅsa\n".encode("cp1252"), "inte UTF-8"),
        ("a.csv", b"Personnummer;Namn\n", "inga datarader"),
    ],
)
def test_a_malformed_file_gives_a_message_and_writes_nothing(signed_in, name, data, message):
    response = _upload(signed_in, name, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body or "Den skickade filen är tom" in body
    assert not ImportBatch.objects.exists()


def test_another_users_upload_is_not_found(client, signed_in, municipal_coordinator):
    colleague = UserFactory(
        role=municipal_coordinator.role, organisation=municipal_coordinator.organisation
    )
    batch = batches.create_batch(
        by=colleague,
        kind="participants",
        name="a.csv",
        data=csv_bytes([["Personnummer", "Namn"], [number(1), "A"]]),
    )
    for name in ("imports:mapping", "imports:preview"):
        assert signed_in.get(reverse(name, args=[batch.pk])).status_code == 404
    for name in ("imports:commit", "imports:cancel"):
        assert signed_in.post(reverse(name, args=[batch.pk])).status_code == 404
    assert ImportBatch.objects.filter(pk=batch.pk).exists()


def test_cancel_removes_the_upload(signed_in):
    _upload(signed_in, "a.csv", csv_bytes([["Personnummer", "Namn"], [number(1), "A"]]))
    batch = ImportBatch.objects.get()
    signed_in.post(reverse("imports:cancel", args=[batch.pk]))
    assert not ImportBatch.objects.exists()


@pytest.mark.parametrize("kind", ["participants", "employers"])
def test_templates_read_back_with_every_column_guessed(signed_in, kind):
    from imports.fields import FIELDS, guess_mapping
    from jobbspar.tables import read_table

    for extension in ("csv", "xlsx"):
        response = signed_in.get(reverse("imports:template", args=[kind, extension]))
        assert response.status_code == 200
        table = read_table(f"mall.{extension}", response.content)
        assert len(guess_mapping(kind, table.headers)) == len(FIELDS[kind])
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    assert workbook.worksheets[0].max_row == 2


def test_the_import_is_in_the_coordinators_menu(signed_in):
    page = signed_in.get(reverse("home")).content.decode()
    assert reverse("imports:start") in page
