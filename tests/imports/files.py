"""Building import files in the tests: CSV and .xlsx bytes from rows."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook

PARTICIPANT_HEADERS = ["Personnummer", "Namn", "Telefon", "E-post", "Kön", "Nyanländ"]


def csv_bytes(rows: list[list[str]], *, delimiter: str = ";", bom: bool = True) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
