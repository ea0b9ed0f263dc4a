"""Reading a table from a file (the imports, shortage occupations): CSV (UTF-8, with or
without BOM, `;` or `,`) or Excel (.xlsx).

Everything refused here is refused before anything is stored, with a message in Swedish
(`FileRefused`); the reader never raises anything else for bad input.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 10_000
MAX_COLUMNS = 50
MAX_CELL = 2000


class FileRefused(Exception):
    """The file cannot be read; the message says why, for the user."""


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]


def read_table(name: str, data: bytes) -> Table:
    """The header row and the data rows of an uploaded file, every cell as a string."""
    if not data:
        raise FileRefused(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise FileRefused(
            _("The file is too large: at most %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)}
        )
    lowered = name.lower()
    if lowered.endswith(".xlsx"):
        raw = _xlsx_rows(data)
    elif lowered.endswith((".csv", ".txt")):
        raw = _csv_rows(data)
    else:
        raise FileRefused(_("Upload a CSV file (.csv) or an Excel file (.xlsx)."))
    return _table(raw)


def _csv_rows(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileRefused(
            _("The file is not UTF-8 text. Save it as “CSV UTF-8” and upload it again.")
        ) from error
    if "\x00" in text:
        raise FileRefused(_("The file is not a text file. Upload a CSV or an Excel file."))
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise FileRefused(
            _("The CSV file cannot be read (%(reason)s).") % {"reason": error}
        ) from error


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "ja" if value else "nej"
    return str(value)


def _xlsx_rows(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook  # imported here: only the Excel path needs it

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as error:
        raise FileRefused(
            _("The Excel file cannot be read. Save it again as .xlsx and upload it again.")
        ) from error
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise FileRefused(_("The Excel file has no sheet."))
        rows = []
        for values in sheet.iter_rows(values_only=True):
            rows.append([_cell_text(value) for value in values])
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as error:
        raise FileRefused(
            _("The Excel file cannot be read. Save it again as .xlsx and upload it again.")
        ) from error
    finally:
        workbook.close()


def _table(raw: list[list[str]]) -> Table:
    rows = [[cell.strip() for cell in row] for row in raw]
    rows = [row for row in rows if any(row)]
    if not rows:
        raise FileRefused(_("The file has no rows."))
    headers, body = rows[0], rows[1:]
    while headers and not headers[-1]:
        headers.pop()
    if not headers:
        raise FileRefused(_("The first row must name the columns."))
    if len(headers) > MAX_COLUMNS:
        raise FileRefused(_("The file has too many columns: at most %(n)s.") % {"n": MAX_COLUMNS})
    if not body:
        raise FileRefused(_("The file has a header row but no data rows."))
    if len(body) > MAX_ROWS:
        raise FileRefused(_("The file has too many rows: at most %(n)s.") % {"n": MAX_ROWS})
    width = len(headers)
    table_rows = []
    for row in body:
        cells = (row + [""] * width)[:width]
        if any(len(cell) > MAX_CELL for cell in cells):
            raise FileRefused(
                _("A cell is longer than %(n)s characters. Check the file.") % {"n": MAX_CELL}
            )
        table_rows.append(cells)
    return Table(headers=headers, rows=table_rows)
