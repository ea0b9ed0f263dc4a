"""Reading CSV and Excel files, and refusing malformed ones with a Swedish message."""

import datetime as dt

import pytest
from django.utils import translation

from jobbspar.tables import MAX_ROWS, FileRefused, read_table
from tests.imports.files import csv_bytes, xlsx_bytes


@pytest.fixture(autouse=True)
def _swedish():
    with translation.override("sv"):
        yield


def test_csv_with_bom_and_semicolons():
    table = read_table("a.csv", csv_bytes([["Namn", "Ort"], ["Åsa", "Malmö"]]))
    assert table.headers == ["Namn", "Ort"]
    assert table.rows == [["Åsa", "Malmö"]]


def test_csv_without_bom_with_commas_and_quotes():
    data = csv_bytes([["Namn", "Adress"], ["Åsa", "Gatan 1; Malmö"]], delimiter=",", bom=False)
    table = read_table("a.csv", data)
    assert table.rows == [["Åsa", "Gatan 1; Malmö"]]


def test_xlsx_cells_become_text_and_dates_iso():
    data = xlsx_bytes([["Namn", "Datum", "Antal"], ["Åsa", dt.datetime(2026, 3, 1), 3]])
    table = read_table("a.xlsx", data)
    assert table.rows == [["Åsa", "2026-03-01", "3"]]


def test_short_rows_are_padded_and_blank_rows_skipped():
    table = read_table("a.csv", csv_bytes([["A", "B"], ["1"], ["", ""], ["2", "3"]]))
    assert table.rows == [["1", ""], ["2", "3"]]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("a.csv", b"", "Filen är tom."),
        ("a.pdf", b"%PDF-1.4", "Ladda upp en CSV-fil (.csv) eller en Excelfil (.xlsx)."),
        ("a.xlsx", b"PK\x03\x04 broken", "Excelfilen kan inte läsas"),
        ("a.csv", "Namn\nÅsa\n".encode("latin-1"), "Filen är inte UTF-8-text"),
        ("a.csv", b"Namn;Ort\n", "Filen har en rubrikrad men inga datarader."),
        ("a.csv", b";;\n;;\n", "Filen har inga rader."),
        ("a.csv", b"Namn\x00;Ort\nx;y\n", "Filen är inte en textfil"),
    ],
)
def test_malformed_files_are_refused_in_swedish(name, data, message):
    with pytest.raises(FileRefused) as refused:
        read_table(name, data)
    assert message in str(refused.value)


def test_too_many_rows_is_refused():
    rows = [["Namn"]] + [[f"n{i}"] for i in range(MAX_ROWS + 1)]
    with pytest.raises(FileRefused, match="för många rader"):
        read_table("a.csv", csv_bytes(rows))


def test_too_large_is_refused(settings):
    with pytest.raises(FileRefused, match="för stor"):
        read_table("a.csv", b"x" * (10 * 1024 * 1024 + 1))
