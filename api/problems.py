"""Errors as RFC 9457 problem details (`application/problem+json`), in the request's language."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.csrf import csrf_exempt
from rest_framework.response import Response
from rest_framework.views import exception_handler

PROBLEM_TYPE = "application/problem+json"


def _titles() -> dict[int, str]:
    return {
        400: _("The request has errors"),
        401: _("No valid API key"),
        403: _("Not allowed"),
        404: pgettext("api problem", "Not found"),
        405: _("Method not allowed"),
        406: _("Not acceptable"),
        409: _("Conflict"),
        412: _("Changed since your version"),
        415: _("Unsupported media type"),
        428: _("If-Match needed"),
        429: _("Too many requests"),
    }


def _field_errors(data: Any, prefix: str = "") -> list[dict[str, str]]:
    errors: list[dict[str, str]] = []
    if isinstance(data, dict):
        for name, value in data.items():
            errors += _field_errors(value, f"{prefix}{name}" if not prefix else f"{prefix}.{name}")
    elif isinstance(data, list):
        for item in data:
            errors += _field_errors(item, prefix)
    else:
        errors.append({"field": prefix or "non_field_errors", "message": str(data)})
    return errors


def problem(status: int, detail: str, **extra: Any) -> Response:
    body = {
        "type": "about:blank",
        "title": _titles().get(status, pgettext("api problem", "Error")),
        "status": status,
        "detail": detail,
        **extra,
    }
    return Response(body, status=status, content_type=PROBLEM_TYPE)


def problem_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    response = exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(data, dict) and set(data) == {"detail"}:
        result = problem(response.status_code, str(data["detail"]))
    else:
        result = problem(
            response.status_code,
            _("Correct the fields named in “errors”."),
            errors=_field_errors(data),
        )
    for header in ("WWW-Authenticate", "Retry-After", "Allow"):
        if header in response:
            result[header] = response[header]
    return result


@csrf_exempt  # it changes nothing, and the API takes keys, not sessions
def unknown_address(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any address under /api/v1/ that names no resource: a problem, not the web's HTML page."""
    body = {
        "type": "about:blank",
        "title": pgettext("api problem", "Not found"),
        "status": 404,
        "detail": _("No API resource has this address."),
    }
    response = JsonResponse(body, status=404, content_type=PROBLEM_TYPE)
    response["Cache-Control"] = "no-store"
    return response
