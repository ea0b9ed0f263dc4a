"""Django's `date` filter with a fast path for the numeric formats (jobbspar/local_time.py).

Loaded as a template builtin (settings.TEMPLATES), after Django's own, so `{{ x|date:"Y-m-d" }}`
everywhere takes it: a history or a read log of fifty rows spent ~2 ms in Django's formatter
(issue 18). Like Django's, it receives moments already in the current time zone
(`expects_localtime`), Europe/Stockholm; every other format goes to Django's filter.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template import defaultfilters

from jobbspar.local_time import format_numeric

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def date(value: Any, arg: str | None = None) -> str:
    if arg is not None:
        text = format_numeric(value, arg)
        if text is not None:
            return text
    return defaultfilters.date(value, arg)
