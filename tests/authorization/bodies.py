"""Helpers for valid POST bodies and for reading the state a POST changes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.apps import apps
from django.utils import timezone

from employers.models import EducationProvider
from tests.jobbspar.factories import _org_number
from tracks.models import TrackParticipant


def _today() -> str:
    return timezone.localdate().isoformat()


def _in_days(days: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def _as_posted(form, **changes) -> dict:
    """An unbound form's initial values as a browser would post them, with `changes`: the
    body of an edit that changes only those fields."""
    data: dict[str, Any] = {}
    for bound in form:
        value = bound.value()
        if value is None:
            continue
        if isinstance(value, (list, tuple)):
            data[bound.html_name] = [str(item) for item in value]
        elif isinstance(value, bool):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(value, dt.datetime):
            data[bound.html_name] = value.strftime("%Y-%m-%dT%H:%M")
        elif isinstance(value, dt.date):
            data[bound.html_name] = value.isoformat()
        else:
            data[bound.html_name] = str(value)
    data.update(changes)
    return data


def _fresh(obj):
    # The stored row (its current version), not the world's copy from before earlier posts.
    return type(obj)._default_manager.get(pk=obj.pk)


def _providers():
    return EducationProvider.objects.all()


def _version(key: str, model: str):
    def read(w):
        app, name = model.split(".")
        return apps.get_model(app, name).objects.get(pk=w[key].pk).version

    return read


def _count(model: str, **of_world: str):
    """How many rows of `model` belong to the world's objects (`field="world key"`)."""

    def read(w):
        app, name = model.split(".")
        rows = apps.get_model(app, name).objects.filter(
            **{field: w[key] for field, key in of_world.items()}
        )
        return sorted(rows.values_list("pk", flat=True))

    return read


def _new_org_number(serial: int) -> str:
    return _org_number(9_000_000 + serial)


def _member_state(key: str):
    def read(w):
        return TrackParticipant.objects.get(pk=w[key].pk).state

    return read
