"""Uploaded files are removed after an hour; the management commands share the pages' code."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from employers.models import Employer
from imports import batches
from imports.models import ImportBatch
from participants.models import Participant
from tests.imports.conftest import number
from tests.imports.files import csv_bytes, xlsx_bytes


def test_batches_older_than_an_hour_are_removed(municipal_coordinator):
    data = csv_bytes([["Personnummer", "Namn"], [number(1), "A"]])
    old = batches.create_batch(
        by=municipal_coordinator, kind="participants", name="a.csv", data=data
    )
    fresh = batches.create_batch(
        by=municipal_coordinator, kind="participants", name="b.csv", data=data
    )
    ImportBatch.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=61)
    )
    assert batches.remove_expired() == 1
    assert list(ImportBatch.objects.values_list("pk", flat=True)) == [fresh.pk]


def test_dry_run_prints_the_summary_and_writes_nothing(tmp_path, municipal_coordinator, capsys):
    path = tmp_path / "lista.xlsx"
    path.write_bytes(xlsx_bytes([["Personnummer", "Namn"], [number(1), "A"], ["1", "B"]]))
    call_command(
        "import_participants", str(path), "--as", municipal_coordinator.username, "--dry-run"
    )
    out = capsys.readouterr().out
    assert "Ny: 1" in out and "Fel: 1" in out and "row 3:" in out
    assert not Participant.objects.exists()
    assert not ImportBatch.objects.exists()


def test_import_employers_command_writes(tmp_path, municipal_coordinator, capsys):
    path = tmp_path / "arbetsgivare.csv"
    path.write_bytes(
        csv_bytes(
            [
                ["Organisationsnummer", "Namn", "Sektor", "Ort"],
                ["556036-0793", "Bageriet AB", "privat", "Malmö"],
            ]
        )
    )
    call_command("import_employers", str(path), "--as", municipal_coordinator.username)
    employer = Employer.objects.get()
    assert (employer.name, employer.sector, employer.organisation.name) == (
        "Bageriet AB",
        "private",
        "Bageriet AB",
    )


def test_a_malformed_file_stops_the_command(tmp_path, municipal_coordinator):
    path = tmp_path / "trasig.xlsx"
    path.write_bytes(b"not an excel file")
    with pytest.raises(CommandError, match="Excelfilen kan inte läsas"):
        call_command("import_participants", str(path), "--as", municipal_coordinator.username)
