"""The downloadable template of each import: the Swedish column names and one example row."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook

from imports.fields import FIELDS


def template_headers(kind: str) -> list[str]:
    return [field.aliases[0] for field in FIELDS[kind]]


def template_example(kind: str) -> list[str]:
    return [field.example for field in FIELDS[kind]]


def template_csv(kind: str) -> bytes:
    """UTF-8 with a BOM and `;` between columns: what Excel in Sweden opens and saves."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(template_headers(kind))
    writer.writerow(template_example(kind))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(rows: list[list[object]], *, title: str) -> bytes:
    """A one-sheet workbook of `rows` (the first is the header row)."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook has one sheet
    sheet.title = title[:31]
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def template_xlsx(kind: str) -> bytes:
    return xlsx_bytes([list(template_headers(kind)), list(template_example(kind))], title=str(kind))
