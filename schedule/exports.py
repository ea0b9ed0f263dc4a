"""The monthly attendance summary of a track as CSV or Excel (.xlsx): one row per participant,
the hours planned, attended, absent with and without a valid reason, and not recorded
(schedule.attendance's `monthly_summary`, the basis of the activity report). The CSV is for Excel
with Swedish settings, as the dashboard's export: semicolons, decimal commas, a BOM; no cell
starts a formula. The workbook has numbers as numbers and text as text (never a formula)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook

from schedule.attendance import MonthSummary


def _cell(value: str | Decimal) -> str:
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    return "'" + value if value[:1] in {"=", "+", "-", "@", "\t", "\r"} else value


def _headers() -> list[str]:
    return [
        _("Track"),
        _("Month"),
        _("Participant"),
        _("Hours planned"),
        _("Hours attended"),
        _("Absence with a valid reason (hours)"),
        _("Absence without a valid reason (hours)"),
        _("Not recorded (hours)"),
    ]


def month_xlsx(*, track_name: str, month: dt.date, rows: list[tuple[str, MonthSummary]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook has one sheet
    sheet.title = month.strftime("%Y-%m")
    sheet.append(_headers())
    for name, summary in rows:
        sheet.append(
            [
                track_name,
                month.strftime("%Y-%m"),
                name,
                summary.planned,
                summary.attended,
                summary.absent_valid,
                summary.absent_invalid,
                summary.not_recorded,
            ]
        )
        for cell in sheet[sheet.max_row][:3]:
            cell.data_type = "s"  # text as text: a name starting with = is not a formula
        for cell in sheet[sheet.max_row][3:]:
            cell.number_format = "0.00"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def month_csv(*, track_name: str, month: dt.date, rows: list[tuple[str, MonthSummary]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(_headers())
    for name, summary in rows:
        writer.writerow(
            [
                _cell(track_name),
                month.strftime("%Y-%m"),
                _cell(name),
                _cell(summary.planned),
                _cell(summary.attended),
                _cell(summary.absent_valid),
                _cell(summary.absent_invalid),
                _cell(summary.not_recorded),
            ]
        )
    return "\ufeff" + buffer.getvalue()
