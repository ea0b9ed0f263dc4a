"""A short list read with the row it belongs to: one value of the parent's statement (issue 18).

A detail page reads its record and then, one statement each, the short lists about it (a track's
phases and funding, a person's languages and plan items). Each such statement costs ~0.4 ms all
in, most of it the round trip and the ORM's part, not the database's work. `nested()` makes the
list one column of the parent's statement instead: a JSON array of its rows, each an object of
every concrete field of the model, in the order asked; `instances()` makes model instances of
them again, as `Model.from_db` makes them from a row (not deferred, not to be saved as new).

The list's queryset comes from the app's access module, with the user's rule in it and tied to
the parent row by an `OuterRef` (e.g. participants.access.records_of_outer): it holds the rows
the list's own access function would give, whatever query it is nested in. Instances of a list
read with a row loaded in scope are in scope too (jobbspar/scoping.py), as rows reached from it.

A list may be limited to its first rows (`limit`, an array of the rows instead of an aggregate),
read in part (`fields`: the rest deferred, as `only()` leaves them) and bring rows its foreign
keys lead to along, also through each other (`related`: `user`, then `user__organisation`).

Values travel as JSON and are read back through each field's `to_python`: text, numbers,
booleans, dates and times (ISO 8601, with their offset) and arrays of text or numbers come back
as the field holds them; a decimal travels as text, so no digit is lost to a float. Fields whose
values JSON cannot carry as they are (binary data, arrays of dates or decimals) are refused, as
is a model of more than 50 fields (PostgreSQL's JSON objects are built from at most 100
arguments).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, TypeVar, cast

from django.contrib.postgres.aggregates import JSONBAgg
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.db import models, router
from django.db.models import F, JSONField, QuerySet, Subquery, TextField
from django.db.models.expressions import Combinable, ResolvedOuterRef
from django.db.models.functions import Cast, JSONObject

from jobbspar.scoping import reached_from

M = TypeVar("M", bound=models.Model)

# A related row to bring along: the foreign key's name, or its name and the fields to read of
# its row (the rest deferred: a user's password hash need not travel with a consent's recorder).
Related = str | tuple[str, Sequence[str]]

_MAX_FIELDS = 50
# Array items JSON carries as they are (text, whole numbers, choices).
_PLAIN_ITEMS = (models.CharField, models.TextField, models.IntegerField, models.BooleanField)


def _fields(model: type[models.Model], names: Sequence[str] | None = None) -> list[models.Field]:
    fields = list(model._meta.concrete_fields)
    if names is not None:
        columns = {field.name: field for field in fields}
        missing = [name for name in names if name not in columns]
        if missing:  # a many-to-many or reverse relation has no column of this row
            raise ValueError(f"{model.__name__} has no column {', '.join(missing)}")
        wanted = {model._meta.pk.attname, *[columns[name].attname for name in names]}
        fields = [field for field in fields if field.attname in wanted]
    if len(fields) > _MAX_FIELDS:
        raise ValueError(f"{model.__name__} has more fields than a JSON object can carry")
    for field in fields:
        items = field.base_field if isinstance(field, ArrayField) else None
        if isinstance(field, models.BinaryField) or (
            items is not None and not isinstance(items, _PLAIN_ITEMS)
        ):
            raise ValueError(f"{field} cannot travel as JSON as it is")
    return fields


def _columns(fields: list[models.Field], prefix: str = "") -> dict[str, Any]:
    """`fields` (at the path `prefix`), by their column's attribute name."""
    values: dict[str, Any] = {}
    for field in fields:
        column: Any = F(f"{prefix}{field.attname}")
        if isinstance(field, models.DecimalField):
            column = Cast(column, TextField())
        values[field.attname] = column
    return values


def _related(
    model: type[models.Model], related: Related
) -> tuple[str, type[models.Model], list[models.Field]]:
    """A related row to bring along: its path (a foreign key's name, or a path of them through
    rows brought along before it, `user__organisation`), its model and the fields to read."""
    path, names = (related, None) if isinstance(related, str) else related
    target = model
    for name in path.split("__"):
        target = cast(type[models.Model], target._meta.get_field(name).related_model)
    return path, target, _fields(target, names)


def _check_related(related: Sequence[Related]) -> None:
    """A path's first parts must come along before it (`user`, then `user__organisation`):
    otherwise each row would load them with a query of its own."""
    seen: list[str] = []
    for entry in related:
        path = entry if isinstance(entry, str) else entry[0]
        *through, _name = path.split("__")
        for at in range(1, len(through) + 1):
            if "__".join(through[:at]) not in seen:
                raise ValueError(f"{path} needs {'__'.join(through[:at])} brought along first")
        seen.append(path)


def _correlated(queryset: QuerySet) -> bool:
    """Whether the queryset's own filters name the outer row (`parent=OuterRef(...)`), not only
    a subquery of it: a list that is not tied to its row would read every row's."""
    pending = [queryset.query.where]
    while pending:
        node = pending.pop()
        for child in getattr(node, "children", ()):
            if isinstance(getattr(child, "rhs", None), ResolvedOuterRef):
                return True
            pending.append(child)
    return False


def nested(
    queryset: QuerySet,
    *,
    parent: str,
    order_by: Sequence[str | Combinable],
    related: Sequence[Related] = (),
    fields: Sequence[str] | None = None,
    limit: int | None = None,
) -> Subquery:
    """The rows of `queryset` (filtered by `parent`, the field that names the outer row, as
    `parent=OuterRef(...)`) as one JSON array, ordered by `order_by` (null or empty when there
    are none: `instances` reads both as no rows). `related`: foreign keys whose rows come along,
    as `select_related` would bring them (each under its path; a path's first part comes
    first). `fields`: only these of each row (and its id), the rest deferred as `only()` would
    leave them. `limit`: the first so many rows only. A queryset not tied to the outer row by
    one of its own filters is refused, as is a related path whose first parts do not come
    first."""
    if not _correlated(queryset):
        raise ValueError("nested() takes a list filtered by its parent (parent=OuterRef(...))")
    _check_related(related)
    model = queryset.model
    row = _columns(_fields(model, fields))
    for entry in related:
        path, _target, related_fields = _related(model, entry)
        row[path] = JSONObject(**_columns(related_fields, f"{path}__"))
    if limit is not None:
        # A limited list: the first rows in order, as an array of the objects.
        return ArraySubquery(
            queryset.order_by(*order_by).values(row=JSONObject(**row))[:limit],
            output_field=ArrayField(JSONField()),
        )
    rows = JSONBAgg(JSONObject(**row), order_by=tuple(order_by))
    return Subquery(
        queryset.order_by().values(parent).annotate(rows=rows).values("rows"),
        output_field=JSONField(),
    )


def _instance(
    model: type[M], fields: list[models.Field], values: dict[str, Any], of: models.Model
) -> M:
    names = [field.attname for field in fields]
    instance = model.from_db(
        router.db_for_read(model),
        names,
        [field.to_python(values[name]) for field, name in zip(fields, names, strict=True)],
    )
    reached_from(of, instance)
    return instance


def instances(
    model: type[M],
    rows: Iterable[dict[str, Any]] | None,
    *,
    of: models.Model,
    related: Sequence[Related] = (),
    fields: Sequence[str] | None = None,
    **known: models.Model,
) -> list[M]:
    """The instances of `model` that a `nested` value describes, in its order, with the rows of
    `related` (as given to `nested`) set on each, and only `fields` loaded if given (as given to
    `nested`). `of`: the row the value was read with (they are in scope if it is). `known`: the
    objects their foreign keys name that the caller has already (the parent row), set on each
    as a related manager would, so reading them asks no query."""
    own = _fields(model, fields)
    along = [_related(model, entry) for entry in related]
    made = []
    for row in rows or ():
        instance = _instance(model, own, row, of)
        for path, target, target_fields in along:
            *through, name = path.split("__")
            holder: models.Model | None = instance
            for step in through:  # brought along before it (a path's first part comes first)
                holder = getattr(holder, step)
            if holder is None:
                continue
            values = row[path]
            empty = values[target._meta.pk.attname] is None
            setattr(
                holder,
                name,
                None if empty else _instance(target, target_fields, values, of),
            )
        for name, value in known.items():
            setattr(instance, name, value)
        made.append(instance)
    return made


def prefetched(obj: models.Model, name: str, objects: list[M]) -> None:
    """Set `objects` as what `obj.<name>.all()` gives, as `prefetch_related` would (the list read
    with `obj` by `nested`), so code that reads the relation asks no query."""
    queryset = getattr(obj, name).all()
    queryset._result_cache = objects
    queryset._prefetch_done = True
    cache = obj.__dict__.setdefault("_prefetched_objects_cache", {})
    cache[name] = queryset
