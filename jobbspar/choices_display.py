"""`get_<field>_display()` without rebuilding the field's choices on every call.

Django's `Model._get_FIELD_display` builds `dict(make_hashable(field.flatchoices))` at each
call, hashing every lazily translated label: 30-70 µs per call, and a participant or track page
makes a hundred or more of them (issue 18's profile). For the project's own models, each
`get_<field>_display` that Django generated (a `partialmethod`, never one a model defines
itself) is replaced at start-up by one that builds the mapping once. The labels in it stay lazy,
so each call still answers in the active language; fields whose choices are computed (a
callable) keep Django's method.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partialmethod
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable


def _display(field: models.Field) -> Callable[[models.Model], Any]:
    mapping: dict[Any, Any] | None = None

    def display(self: models.Model) -> Any:
        nonlocal mapping
        if mapping is None:
            mapping = dict(make_hashable(field.flatchoices))
        value = getattr(self, field.attname)
        return force_str(mapping.get(make_hashable(value), value), strings_only=True)

    display.__name__ = f"get_{field.name}_display"
    display.__doc__ = f"The label of {field.name}'s value (Django's, with the choices built once)."
    return display


def project_app_labels() -> set[str]:
    """The apps whose code is in this repository (not an installed package)."""
    root = Path(settings.BASE_DIR).resolve()
    return {
        config.label
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(root)
        and not {".venv", "site-packages"} & set(Path(config.path).parts)
    }


def install(app_labels: set[str] | None = None) -> int:
    """Replace the generated display methods of the project's models (or these apps');
    returns how many."""
    labels = project_app_labels() if app_labels is None else app_labels
    replaced = 0
    for model in apps.get_models():
        if model._meta.app_label not in labels:
            continue
        for field in model._meta.concrete_fields:
            name = f"get_{field.name}_display"
            if not field.choices or not isinstance(field.choices, (list, tuple)):
                continue
            if not isinstance(model.__dict__.get(name), partialmethod):
                continue
            setattr(model, name, _display(field))
            replaced += 1
    return replaced
