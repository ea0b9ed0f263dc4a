"""The current dashboard view as rows, for CSV and Excel: the same suppressed figures as the page
("<5" where the page shows it), never a person."""

from __future__ import annotations

import csv
import hashlib
import io
import json

from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from dashboard.outcomes import BREAKDOWNS, Dashboard, Figure, Rate
from dashboard.outcomes.subsidy import PART_LABELS
from dashboard.snapshots import key_for, max_age, view_params
from jobbspar.local_time import format_datetime

HEADER = ["section", "measure", "count", "of", "percent", "ci_low", "ci_high"]


def _rate_cells(rate: Rate) -> list[object]:
    percent, interval = rate.percent, rate.interval  # both None unless the rate is shown
    if percent is not None and interval is not None:
        low, high = interval
        return [rate.part, rate.whole, round(percent, 1), round(low, 1), round(high, 1)]
    return [rate.part_display, rate.whole_display, rate.percent_display, "", ""]


def _figure_cells(figure: Figure) -> list[object]:
    return [figure.export_value, "", "", "", ""]


def rows(dashboard: Dashboard) -> list[list]:
    """Every figure of the view, one per row: section, measure, count, of, %, 95 % CI."""
    out: list[list] = [
        [
            _("Section"),
            _("Measure"),
            _("Count"),
            _("Of"),
            _("Percent"),
            _("95 % CI low"),
            _("95 % CI high"),
        ]
    ]
    out.append(
        [
            _("Outcome"),
            _("Placement rate (offered ÷ completed or offered during the track)"),
            *_rate_cells(dashboard.placement),
        ]
    )
    out.append(
        [
            _("Outcome"),
            _("Hired rate (employed ÷ completed or offered during the track)"),
            *_rate_cells(dashboard.hired),
        ]
    )
    for part, placement, employed in dashboard.subsidy.rows:
        kind = {"part": PART_LABELS[part]}
        section = _("Outcome by subsidised employment")
        out.append([section, _("Placement rate: %(part)s") % kind, *_rate_cells(placement)])
        out.append([section, _("Employed at 12 months: %(part)s") % kind, *_rate_cells(employed)])
    for _key, label, figure in dashboard.funnel:
        out.append([_("Funnel"), str(label), *_figure_cells(figure)])
    for row in dashboard.follow_ups:
        section = _("Follow-up at %(months)s months") % {"months": row.months}
        out.append([section, _("Follow-ups due"), *_figure_cells(row.due)])
        out.append([section, _("Employed"), *_rate_cells(row.employed)])
        out.append([section, _("Studying"), *_rate_cells(row.studying)])
        out.append([section, _("Self-sufficient"), *_rate_cells(row.self_sufficient)])
        out.append([section, _("Not yet answered"), *_figure_cells(row.pending)])
        out.append([section, _("Unknown (not answered in time)"), *_figure_cells(row.unknown)])
    for label, figure in dashboard.discontinued:
        out.append([_("Discontinued by phase"), label, *_figure_cells(figure)])
    for phase, reason, figure in dashboard.discontinued_reasons:
        out.append([_("Discontinued, reason"), f"{phase}: {reason}", *_figure_cells(figure)])
    title = str(BREAKDOWNS[dashboard.breakdown_by][0])
    for group in dashboard.breakdown:
        section = f"{title}: {group.label}"
        out.append([section, _("Nominated"), *_figure_cells(group.nominated)])
        out.append([section, _("Completed"), *_figure_cells(group.completed)])
        out.append([section, _("Placement rate"), *_rate_cells(group.placement)])
        out.append([section, _("Hired rate"), *_rate_cells(group.hired)])
    for year in dashboard.tracks_per_year:
        section = _("Tracks started in %(year)s") % {"year": year["year"]}
        out.append([section, _("Tracks"), year["tracks"], "", "", "", ""])
        out.append([section, _("Participants who started"), *_figure_cells(year["started_figure"])])
    positions = dashboard.positions
    out.append(
        [_("Positions"), _("Positions in the agreements"), positions["agreed"], "", "", "", ""]
    )
    out.append(
        [
            _("Positions"),
            _("Offered in tracks with an agreement"),
            *_figure_cells(positions["offered_in_agreed"]),
        ]
    )
    out.append(
        [
            _("Positions"),
            _("Positions in the recruitment needs"),
            positions["need_positions"],
            "",
            "",
            "",
            "",
        ]
    )
    out.append(
        [_("Positions"), _("Offered a job, all tracks"), *_figure_cells(positions["offered"])]
    )
    timing = dashboard.timing
    out.append(
        [
            _("Time"),
            _("Median days from first planning meeting to track start"),
            _round(timing["meeting_to_start"]),
            timing["meeting_to_start_n"],
            "",
            "",
            "",
        ]
    )
    out.append(
        [
            _("Time"),
            _("Median days from first planning meeting to first hire"),
            _round(timing["meeting_to_hire"]),
            timing["meeting_to_hire_n"],
            "",
            "",
            "",
        ]
    )
    cost = dashboard.cost
    out.append([_("Cost"), _("Funding (SEK)"), cost["funding"], "", "", "", ""])
    out.append(
        [
            _("Cost"),
            _("Cost per participant who started (SEK)"),
            _round(cost["per_participant"]),
            "",
            "",
            "",
            "",
        ]
    )
    out.append([_("Cost"), _("Cost per hire (SEK)"), _round(cost["per_hire"]), "", "", "", ""])
    return out


def computed_when(dashboard: Dashboard) -> str:
    """When the figures were computed, in local time."""
    return format_datetime(dashboard.computed_at)


def _round(value: float | None) -> int | str:
    return "" if value is None else round(value)


def _swedish_excel(value: object) -> object:
    """A decimal comma: Excel with Swedish settings reads "62.5" as text (or a date)."""
    return str(value).replace(".", ",") if isinstance(value, float) else value


def as_csv(dashboard: Dashboard) -> str:
    """For Excel with Swedish settings: semicolons between fields, decimal commas, no thousands
    separators (Excel would read "1 200" as text), and a BOM so it reads UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerows([[_swedish_excel(cell) for cell in row] for row in rows(dashboard)])
    return "\ufeff" + buffer.getvalue()  # BOM: Excel opens Swedish letters correctly


def kept_xlsx(dashboard: Dashboard, *, filter_summary: list[str]) -> bytes:
    """as_xlsx, kept in the process's cache while the view's figures are the same: the file is
    made of the figures (the view's snapshot and when it was computed), the filters in words,
    the language and the time zone, and writing it with openpyxl was ~12 ms, more than the rest
    of the request (issue 18). A new snapshot of the view is a new file."""
    made_of = (
        key_for(view_params(dashboard.filters, dashboard.breakdown_by)),
        dashboard.computed_at.isoformat(),
        translation.get_language(),
        timezone.get_current_timezone_name(),
        [str(part) for part in filter_summary],
    )
    key = "dashboard.xlsx." + hashlib.sha256(json.dumps(made_of).encode()).hexdigest()
    kept = cache.get(key)
    if kept is None:
        kept = as_xlsx(dashboard, filter_summary=filter_summary)
        cache.set(key, kept, timeout=max_age().total_seconds())
    return kept


def as_xlsx(dashboard: Dashboard, *, filter_summary: list[str]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Dashboard")[:31]
    sheet.append([_("Jobbspår – outcomes")])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([_("Computed %(when)s") % {"when": computed_when(dashboard)}])
    sheet.append([_("Filters: %(filters)s") % {"filters": ", ".join(filter_summary)}])
    sheet.append([_("Groups of fewer than 5 people are shown as <5.")])
    sheet.append([])
    for index, row in enumerate(rows(dashboard)):
        sheet.append(row)
        if index == 0:
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 56
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
