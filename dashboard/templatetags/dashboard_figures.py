"""A rate as the dashboard writes it in a table cell, as a filter: the tables write one per row
and column, and a filter costs a fraction of an `{% include %}` (issue 18: no per-row include)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from jobbspar.markup import format_html

register = template.Library()


@register.filter
def part_of_whole(rate: Any) -> str:
    """The rate's count: "12 of 40"."""
    return gettext("%(part)s of %(whole)s") % {
        "part": rate.part_display,
        "whole": rate.whole_display,
    }


@register.filter
def rate_cell(rate: Any) -> SafeString:
    """The rate in a cell: "12 of 40: 30 % (18–45 %)", or only the count when it is
    suppressed, or "–" with no whole."""
    if not rate.whole:
        return SafeString("–")
    if not rate.shown:
        return format_html("{}", part_of_whole(rate))
    return format_html(
        '{}: {} <span class="small text-body-secondary">({})</span>',
        part_of_whole(rate),
        rate.percent_display,
        rate.interval_display,
    )
