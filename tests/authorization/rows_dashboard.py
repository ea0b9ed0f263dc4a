"""Rows of the managers' dashboard."""

from __future__ import annotations

from tests.authorization.rows import DASHBOARD_VIEWERS, Row, only

DASHBOARD_ROWS: dict[str, Row] = {
    # Manager dashboard: aggregates only, for managers, the administrator and coordinators.
    "dashboard:dashboard": Row(get=only(DASHBOARD_VIEWERS)),
    "dashboard:export_csv": Row(get=only(DASHBOARD_VIEWERS)),
    "dashboard:export_xlsx": Row(get=only(DASHBOARD_VIEWERS)),
    "dashboard:report": Row(get=only(DASHBOARD_VIEWERS)),
    "dashboard:report_pdf": Row(get=only(DASHBOARD_VIEWERS)),
}
