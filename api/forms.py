"""Django forms behind the API: a JSON body posted as the form would be, and the form's
errors as a problem."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response

from api.problems import problem


def as_form_data(data: dict[str, Any]) -> dict[str, Any]:
    """JSON values as a form posts them: lists stay lists, true/false as a checkbox sends."""
    posted: dict[str, Any] = {}
    for name, value in data.items():
        if value is True:
            posted[name] = "on"
        elif value is False or value is None:
            continue
        else:
            posted[name] = value
    return posted


def form_problem(form: forms.BaseForm) -> Response:
    errors = [
        {"field": name, "message": str(message)}
        for name, messages in form.errors.items()
        for message in messages
    ]
    return problem(
        status.HTTP_400_BAD_REQUEST, _("Correct the fields named in “errors”."), errors=errors
    )
