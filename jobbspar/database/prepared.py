"""A page's heaviest querysets built once per shape, not on every request (issue 18).

Building a queryset (its filters, annotations, subqueries and the access rule's conditions) is
the larger part of a detail page's ORM work: the track page's pool alone took ~1.1 ms to build
and ~0.3 ms to describe for the cache of compiled statements (statements.py), on every request,
to come out as the same SQL with other values.

`evaluate(build, user, *values)` is `list(build(user, *values))`. `build` is a function of the
user and of plain values only (integers, strings, dates, booleans, None, tuples of these): the
ids of what the page is about. The first time a *kind* of call is seen (this builder, the user's
role and other settings, which values are None or true, each integer's size, each tuple's
length, today's date, the language and time zone: `_key`), the builder runs three times:

- with the user and the values as they are (that queryset is the one evaluated this time);
- twice with a stand-in user (a new, unsaved user with the same role and settings but another
  id and organisation) and other values: *markers*, each the same kind as the value it stands
  for, different in the two runs.

The three must make the same query (statements.py's description of it, everything but the
values it binds), and each value it binds must be either a marker of the same value in both
marked runs (then it is that value, every time), or the same in all three runs (a constant,
such as a status the rule names). Anything else (a value worked out from a value, a clock read
finer than the date, a value from the real user the stand-in lacks, a query run while building)
and the builder is simply called every time. The marked queryset is kept as the *template*.

Afterwards the builder is not called: the template is cloned, and the statement is taken from the
cache of compiled statements with the values put in their places. The template's values are
markers, never anyone's: a query carrying them can only be run through that path, and compiling
it any other way raises (`MarkersCompiled`; jobbspar/database/compiler.py). The queryset never
leaves this module: the caller gets the rows.

Under `statements.VERIFY` (the test suite) every statement taken this way is checked against the
builder called with the real user and values: every test of every page for every role checks it.

A builder must not read the clock finer than the date, nor state outside its arguments that can
change while the process runs (the database, which a build may not query, is checked; settings
are fixed). What of the user it may read is their id and organisation (as values) and the fields
in the key.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from jobbspar.database import statements

# The attribute a taken template's clone carries (statements.compiled reads it), and the one
# every query holding markers carries (compiler.SQLCompiler refuses to compile those).
TAKEN = statements.PREPARED
MARKED = statements.MARKED
# Kinds of calls kept per process (each keeps one queryset); when full, the cache starts again.
MAX_KINDS = 300
# The user's fields that identify the person, not what they may do: the stand-in gets others.
# Every other field (role, active, superuser, language, …) is part of the key.
IDENTITY_FIELDS = frozenset(
    {
        "id",
        "organisation",
        "password",
        "last_login",
        "username",
        "first_name",
        "last_name",
        "email",
        "phone",
        "date_joined",
    }
)
# The organisation's fields that name it, not what kind it is.
ORGANISATION_IDENTITY = frozenset({"id", "name", "organisation_number"})

_kinds: dict[Any, Any] = {}


class Refused(str):
    """A kind of call built every time, and why (for tests and profiling)."""


class _Template:
    __slots__ = ("queryset", "shape", "slots", "useful")

    def __init__(self, queryset: QuerySet, shape: Any, slots: tuple[Any, ...]) -> None:
        self.queryset = queryset
        self.shape = shape
        self.slots = slots
        self.useful = True


class _Taken:
    """What a clone of a template carries to statements.compiled: its values, and how to build
    the real query if the cache has no statement for them."""

    __slots__ = ("leaves", "query", "rebuild", "template")

    def __init__(self, query: Any, template: _Template, leaves: list[Any], rebuild: Any) -> None:
        self.query = query
        self.template = template
        self.leaves = leaves
        self.rebuild = rebuild

    @property
    def shape(self) -> Any:
        return self.template.shape

    def not_cached(self) -> None:
        """The statement of this shape is compiled every time: so is the template's."""
        self.template.useful = False


def evaluate(build: Callable[..., QuerySet], user: Any, *values: Any) -> list[Any]:
    """`list(build(user, *values))`, the queryset built once per kind of call."""
    if not statements.ENABLED or not isinstance(user, Model):
        return list(build(user, *values))
    return _evaluate(build, user, values)


def rows(build: Callable[..., QuerySet], *values: Any) -> list[Any]:
    """`list(build(*values))` for a builder whose rule does not depend on who asks (reference
    data, such as the shortage occupations), built once per kind of call."""
    if not statements.ENABLED:
        return list(build(*values))
    return _evaluate(build, None, values)


def _call(build: Callable[..., QuerySet], user: Any, values: tuple[Any, ...]) -> Any:
    return build(*values) if user is None else build(user, *values)


def _evaluate(build: Callable[..., QuerySet], user: Any, values: tuple[Any, ...]) -> Any:
    _check_builder(build)
    given = values if user is None else (user.pk, user.organisation_id, *values)
    flat = _flat(given)
    key = (
        build,
        None if user is None else _user_key(user),
        tuple([_kind(value) for value in given]),
        timezone.localdate(),
        get_language(),
        timezone.get_current_timezone_name(),
    )
    template = _kinds.get(key)
    if template is None:
        queryset = _call(build, user, values)
        template = _learn(build, user, values, queryset, flat)
        if timezone.localdate() == key[3]:  # not across midnight
            if len(_kinds) >= MAX_KINDS:
                _kinds.clear()
            _kinds[key] = template
        return list(queryset)
    if type(template) is Refused or not template.useful:
        return list(_call(build, user, values))
    leaves = [flat[slot] if type(slot) is int else slot[0] for slot in template.slots]
    queryset = template.queryset._chain()
    queryset._hints = {}  # the clone's own (a related lookup may add to them)
    query = queryset.query
    query.__dict__[TAKEN] = _Taken(
        query, template, leaves, lambda: _call(build, user, values).query
    )
    return list(queryset)


def _check_builder(build: Callable[..., QuerySet]) -> None:
    """A builder is a module's function: one object for the process (a function made per call,
    a closure, would never be found again, and what it closes over is not in the key)."""
    if getattr(build, "__closure__", None) or "<locals>" in getattr(build, "__qualname__", "<"):
        raise TypeError(f"{build!r}: a builder must be a function defined in a module")


def _fields_of(obj: Model, identity: frozenset[str]) -> tuple[Any, ...]:
    return tuple(
        [
            (field.attname, getattr(obj, field.attname))
            for field in obj._meta.concrete_fields
            if field.name not in identity
        ]
    )


def _user_key(user: Model) -> tuple[Any, ...]:
    """The user's fields that say what they may do, and their organisation's when it is loaded
    with them (its kind: whether it is an authority); not their id or organisation's id."""
    organisation: Any = "not loaded"
    field = user._meta.get_field("organisation")
    if field.is_cached(user):  # type: ignore[union-attr]  # a foreign key
        loaded = user.organisation  # type: ignore[attr-defined]
        organisation = None if loaded is None else _fields_of(loaded, ORGANISATION_IDENTITY)
    return (*_fields_of(user, IDENTITY_FIELDS), ("organisation", organisation))


def _kind(value: Any) -> Any:
    """What of a value is part of the key: None and booleans as they are, an integer's sign and
    size, a string's or a date's type, a tuple's length and its items' kinds."""
    kind = type(value)
    if value is None or kind is bool:
        return value
    if kind is int:
        return (int, statements.int_class(value))
    if kind is str or kind is dt.date:
        return kind
    if kind is tuple:
        return (tuple, tuple([_kind(item) for item in value]))
    raise TypeError(f"a builder takes plain values (int, str, date, bool, None, tuple): {value!r}")


def _flat(values: tuple[Any, ...]) -> list[Any]:
    """The values with each tuple's items in its place (each is put in by position)."""
    flat: list[Any] = []
    for value in values:
        if type(value) is tuple:
            flat.extend(_flat(value))
        else:
            flat.append(value)
    return flat


def _markers(values: tuple[Any, ...], run: int) -> tuple[tuple[Any, ...], list[Any]]:
    """`values` with each integer, string and date replaced by a marker of its kind (the same
    sign and size), unique to its position and to the run; and the markers in flat order."""
    flat: list[Any] = []

    def marker(value: Any) -> Any:
        if type(value) is tuple:
            return tuple([marker(item) for item in value])
        if value is None or type(value) is bool:
            flat.append(value)
            return value
        n = 2 * len(flat) + run  # unique to the position and the run, and small
        if type(value) is int:
            negative, bits = statements.int_class(value)
            number = statements.INT_MARKERS[bits] + 3 + 7 * n
            made: Any = -number if negative else number
        elif type(value) is str:
            made = f"\u2042jobbspar-prepared-{n}\u2042"
        else:
            made = dt.date(1901, 1, 1) + dt.timedelta(days=n)
        flat.append(made)
        return made

    return tuple([marker(value) for value in values]), flat


def _stand_in(user: Model, pk: Any, organisation_id: Any) -> Model:
    """A new, unsaved user with `user`'s role and settings (the key's fields) and these ids, and
    an organisation of the same kind with that id if `user`'s is loaded."""
    stand_in = user.__class__(
        pk=pk, organisation_id=organisation_id, **dict(_fields_of(user, IDENTITY_FIELDS))
    )
    field = user._meta.get_field("organisation")
    if field.is_cached(user):  # type: ignore[union-attr]  # a foreign key
        loaded = user.organisation  # type: ignore[attr-defined]
        if loaded is not None:
            organisation = loaded.__class__(
                pk=organisation_id, **dict(_fields_of(loaded, ORGANISATION_IDENTITY))
            )
            field.set_cached_value(stand_in, organisation)  # type: ignore[union-attr]
        else:
            field.set_cached_value(stand_in, None)  # type: ignore[union-attr]
    return stand_in


def _no_queries(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
    raise _BuiltWithQueries(sql)


class _BuiltWithQueries(Exception):
    """A builder ran a query: what it read is not in the key."""


# A queryset's attributes, other than its query: a template may differ from a plain queryset
# only in which rows it makes (model objects, values) and which relations it prefetches by name.
# Anything else (an object a related manager gives its rows, a hint naming one, a filter kept
# for later) belongs to one request and is not kept.
_PLAIN_QUERYSET: dict[str, Any] = {
    "_db": None,
    "_hints": {},
    "_result_cache": None,
    "_sticky_filter": False,
    "_for_write": False,
    "_prefetch_done": False,
    "_known_related_objects": {},
    "_defer_next_filter": False,
    "_deferred_filter": None,
}
_ROWS = ("model", "_iterable_class", "_fields", "_prefetch_related_lookups")


def _plain(queryset: QuerySet) -> bool:
    attributes = queryset.__dict__
    if set(attributes) != {*_PLAIN_QUERYSET, *_ROWS, "_query"}:
        return False
    if any(attributes[name] != value for name, value in _PLAIN_QUERYSET.items()):
        return False
    return all(type(lookup) is str for lookup in attributes["_prefetch_related_lookups"])


def _learn(
    build: Callable[..., QuerySet],
    user: Any,
    values: tuple[Any, ...],
    queryset: QuerySet,
    flat: list[Any],
) -> _Template | Refused:
    """Build twice more with markers; the template, or why the builder is called every time."""
    if not isinstance(queryset, QuerySet) or not _plain(queryset):
        return Refused("the builder's queryset carries more than its query")
    runs = []
    for run in (1, 2):
        if user is None:
            marked, markers = _markers(values, run)
        else:
            marked, markers = _markers((user.pk, user.organisation_id, *values), run)
        try:
            with connection.execute_wrapper(_no_queries):
                if user is None:
                    made = build(*marked)
                else:
                    made = build(_stand_in(user, marked[0], marked[1]), *marked[2:])
        except _BuiltWithQueries:
            return Refused("the builder runs a query")
        except Exception as error:
            return Refused(f"the builder fails with markers: {error!r}")
        if not isinstance(made, QuerySet) or not _plain(made):
            return Refused("the builder's queryset carries more than its query")
        if any(made.__dict__[name] != queryset.__dict__[name] for name in _ROWS):
            return Refused("the rows are made differently with markers")
        runs.append((made, markers))
    described = []
    for made in (queryset, runs[0][0], runs[1][0]):
        try:
            shape, leaves = statements.describe(made.query)
        except statements.Undescribed:
            return Refused("the query cannot be described")
        described.append((shape, leaves))
    (shape, real), (shape_1, leaves_1), (shape_2, leaves_2) = described
    if not (shape == shape_1 == shape_2):
        return Refused("the query differs with markers")
    position_1 = _positions(runs[0][1])
    position_2 = _positions(runs[1][1])
    slots: list[Any] = []
    for value, one, two in zip(real, leaves_1, leaves_2, strict=True):
        at = position_1.get((type(one), one))
        if at is not None and at == position_2.get((type(two), two)):
            if not statements.same(value, flat[at]):
                return Refused("a value changes on its way into the query")
            slots.append(at)
        elif (
            (type(one), one) not in position_1
            and (type(two), two) not in position_2
            and statements.same(value, one)
            and statements.same(one, two)
        ):
            slots.append((value,))
        else:
            return Refused("a value in the query is not one of the builder's values")
    template = runs[0][0]
    template.query.__dict__[MARKED] = True
    return _Template(template, shape, tuple(slots))


def _positions(markers: list[Any]) -> dict[Any, int]:
    return {
        (type(marker), marker): at
        for at, marker in enumerate(markers)
        if marker is not None and type(marker) is not bool
    }


def forget() -> None:
    """Drop every template (tests)."""
    _kinds.clear()
