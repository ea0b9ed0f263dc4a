"""Optimistic locking over HTTP with the records' own `version`: a GET answers `ETag: "<version>"`,
a change must send it back in `If-Match` (428 without it, 412 when the record has moved on)."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from api.problems import problem

_TAG = re.compile(r'\s*(?:W/)?"([0-9]{1,9})"\s*')


def etag(version: int) -> str:
    return f'"{version}"'


def with_etag(response: Response, version: int) -> Response:
    response["ETag"] = etag(version)
    return response


def precondition_problem(request: Request, version: int) -> Response | None:
    """None when `If-Match` names the record's current version; else the problem to answer."""
    given = request.headers.get("If-Match")
    if not given:
        return problem(
            status.HTTP_428_PRECONDITION_REQUIRED,
            _("Send the ETag of the record you change in If-Match (GET it first)."),
        )
    match = _TAG.fullmatch(given)
    if match is None or int(match.group(1)) != version:
        return changed_meanwhile(version)
    return None


def changed_meanwhile(version: int) -> Response:
    """412, with the record's current ETag."""
    return with_etag(
        problem(
            status.HTTP_412_PRECONDITION_FAILED,
            _(
                "The record was changed after the version you sent in If-Match: nothing was "
                "saved. GET it again and apply your change to the current version."
            ),
        ),
        version,
    )
