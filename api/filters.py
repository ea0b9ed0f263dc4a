"""Query filters, checked: a value the API does not know is a 400 naming the parameter, never
silently ignored (a typo must not look like an empty or a whole list)."""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request


def _one(request: Request, name: str) -> str | None:
    given = request.query_params.getlist(name)
    if not given:
        return None
    if len(given) != 1:
        raise ValidationError({name: _("Give this filter once.")})
    return given[0]


def choice(request: Request, name: str, choices: list[str]) -> str | None:
    value = _one(request, name)
    if value is not None and value not in choices:
        raise ValidationError(
            {name: _("Give one of: %(choices)s.") % {"choices": ", ".join(choices)}}
        )
    return value


def moment(request: Request, name: str) -> dt.datetime | None:
    """An ISO 8601 date or date and time (a date means its start, in Swedish time)."""
    value = _one(request, name)
    if value is None:
        return None
    try:
        parsed = parse_datetime(value)
        if parsed is None:
            day = parse_date(value)
            if day is not None:
                parsed = dt.datetime.combine(day, dt.time.min)
    except ValueError:
        parsed = None
    if parsed is None:
        raise ValidationError(
            {name: _("Give a date or a date and time as in 2026-03-01T08:00:00+01:00.")}
        )
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def choice_parameter(name: str, choices: list[str], description: str) -> OpenApiParameter:
    return OpenApiParameter(
        name, str, OpenApiParameter.QUERY, enum=choices, description=description
    )


def moment_parameter(name: str, description: str) -> OpenApiParameter:
    return OpenApiParameter(
        name,
        {"type": "string", "format": "date-time"},
        OpenApiParameter.QUERY,
        description=description,
    )


def whole_number(request: Request, name: str) -> int | None:
    value = _one(request, name)
    if value is None:
        return None
    if not re.fullmatch(r"[0-9]{1,9}", value):
        raise ValidationError({name: _("Give a whole number.")})
    return int(value)


def whole_number_parameter(name: str, description: str) -> OpenApiParameter:
    return OpenApiParameter(
        name,
        {"type": "integer", "minimum": 0, "maximum": 999999999},
        OpenApiParameter.QUERY,
        description=description,
    )
