"""A short list read with the row it belongs to: one value of the parent's statement (issue 18).

A detail page reads its record and then, one statement each, the short lists about it (a track's
phases and funding, a person's languages and plan items). Each such statement costs ~0.4 ms all
in, most of it the round trip and the ORM's part, not the database's work. `nested()` makes the
list one column of the parent's statement instead: a JSON array of its rows, each an object of
every concrete field of the model, in the order asked; `instances()` makes model instances of
them again, as `Model.from_db` makes them from a row (not deferred, not to be saved as new).

The list's queryset comes from the app's access module, tied to the parent row by an
`OuterRef` (e.g. participants.access.of_outer_participant): the parent's rule decides whether
there is a row to hang the list on, and the list's own rule is in its queryset, as when it was a
statement of its own. Values travel as JSON and are read back through each field's `to_python`:
text, numbers, dates and times (ISO 8601, with their offset), booleans and arrays come back as
the field holds them; a decimal travels as text, so no digit is lost to a float.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, TypeVar, cast

from django.contrib.postgres.aggregates import JSONBAgg
from django.db import models
from django.db.models import F, JSONField, QuerySet, Subquery, TextField
from django.db.models.expressions import Combinable
from django.db.models.functions import Cast, JSONObject

M = TypeVar("M", bound=models.Model)


def _fields(model: type[models.Model]) -> list[models.Field]:
    return list(model._meta.concrete_fields)


def _columns(model: type[models.Model], prefix: str = "") -> dict[str, Any]:
    """Every concrete field of `model` (at the path `prefix`), by its column's attribute name."""
    values: dict[str, Any] = {}
    for field in _fields(model):
        column: Any = F(f"{prefix}{field.attname}")
        if isinstance(field, models.DecimalField):
            column = Cast(column, TextField())
        values[field.attname] = column
    return values


def _target(model: type[models.Model], name: str) -> type[models.Model]:
    return cast(type[models.Model], model._meta.get_field(name).related_model)


def nested(
    queryset: QuerySet,
    *,
    parent: str,
    order_by: Sequence[str | Combinable],
    related: Sequence[str] = (),
) -> Subquery:
    """The rows of `queryset` (filtered by `parent`, the field that names the outer row, as
    `parent=OuterRef(...)`) as one JSON array, ordered by `order_by` (null when there are none:
    `instances` reads that as no rows). `related`: foreign keys whose rows come along, as
    `select_related` would bring them (each under its field's name)."""
    model = queryset.model
    row = _columns(model)
    for name in related:
        row[name] = JSONObject(**_columns(_target(model, name), f"{name}__"))
    rows = JSONBAgg(JSONObject(**row), order_by=tuple(order_by))
    return Subquery(
        queryset.order_by().values(parent).annotate(rows=rows).values("rows"),
        output_field=JSONField(),
    )


def _instance(model: type[M], values: dict[str, Any]) -> M:
    fields = _fields(model)
    names = [field.attname for field in fields]
    return model.from_db(
        None,
        names,
        [field.to_python(values[name]) for field, name in zip(fields, names, strict=True)],
    )


def instances(
    model: type[M],
    rows: Iterable[dict[str, Any]] | None,
    *,
    related: Sequence[str] = (),
    **known: models.Model,
) -> list[M]:
    """The instances of `model` that a `nested` value describes, in its order, with the rows of
    `related` (as given to `nested`) set on each. `known`: the objects their foreign keys name
    that the caller has already (the parent row), set on each as a related manager would, so
    reading them asks no query."""
    made = []
    for row in rows or ():
        instance = _instance(model, row)
        for name in related:
            values, target = row[name], _target(model, name)
            empty = values[target._meta.pk.attname] is None
            setattr(instance, name, None if empty else _instance(target, values))
        for name, value in known.items():
            setattr(instance, name, value)
        made.append(instance)
    return made
