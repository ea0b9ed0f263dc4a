"""The figures the charts draw, for `json_script`: the same (suppressed) numbers as the tables;
a suppressed figure is drawn as no bar (null), never as its true value."""

from __future__ import annotations

from dashboard.outcomes import Dashboard, Figure


def _value(figure: Figure) -> int | None:
    return None if figure.suppressed else figure.value


def chart_data(dashboard: Dashboard) -> dict:
    return {
        "funnel": {
            "labels": [str(label) for _key, label, _figure in dashboard.funnel],
            "values": [_value(figure) for _key, _label, figure in dashboard.funnel],
        },
        "breakdown": {
            "labels": [row.label for row in dashboard.breakdown],
            "values": [
                None if row.placement.percent is None else round(row.placement.percent, 1)
                for row in dashboard.breakdown
            ],
        },
        "follow_ups": {
            "labels": [str(row.months) for row in dashboard.follow_ups],
            "values": [
                None if row.employed.percent is None else round(row.employed.percent, 1)
                for row in dashboard.follow_ups
            ],
        },
    }
