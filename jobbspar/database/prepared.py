"""A page's heaviest querysets built once per shape, not on every request (issue 18).

Building a queryset (its filters, annotations, subqueries and the access rule's conditions) is
the larger part of a detail page's ORM work: the track page's pool alone took ~1.1 ms to build
and ~0.3 ms to describe for the cache of compiled statements (statements.py), and candidate
matching's ranking ~4 ms, on every request, to come out as the same SQL with other values.

`evaluate(build, user, *values)` is `list(build(user, *values))`; `rows(build, *values)` is
`list(build(*values))`. `build` is a function of the user and of plain values only (integers,
strings, dates, booleans, None, tuples of these, and `Fixed` data): the ids of what the page is
about. The first time a *kind* of call is seen (`_evaluate`'s key: this builder; the user's role
and other settings and their organisation's kind; which values are None, false, zero or empty;
each integer's size; each tuple's length; which values are equal; `Fixed` data as it is; today's
date, the language and the time zone), the builder runs three times:

- with the user and the values as they are (the queryset evaluated this time);
- twice with a stand-in user (a new, unsaved user with the role and settings the key holds,
  taken before the real call, and another id and organisation) and other values: *markers*,
  each the same kind as the value it stands for; the first run's low (1901, small numbers), the
  second's high (9000, large numbers); what names the person or organisation (name, e-mail,
  number, …) is a marker of the run too.

A third marked run puts the smallest value of each kind in (1, a string of digits, a day in
the middle of a month) and is compared for the form of the query only. No run may query the
database. All must make the same query (statements.py's description of it, everything but the
values it binds), and each value it binds must be either the marker of the same value in both
marked runs (then it is that value, every time), or the same in the real and the marked runs (a
constant, such as a status the rule names). Anything else, and the builder is called every time:
a value worked out from a value, a clock read finer than the date, a field of the user the
stand-in does not carry, a comparison of a value with a bound the runs fall on both sides of.
The marked queryset is kept as the *template*.

The marked runs cannot show every decision a builder could take on a value (`if track_id in
SPECIAL`): builders must not take any (below). As a net, the first three times a kind is taken
and every 64th time after, the builder is called too and its query compared with the
template's (`_differs`); a difference refuses the kind from then on and is logged as an error.
The first three answer with the builder's own queryset. The later ones, in a request, are
checked after the response has gone (`request_finished`, sent when the server closes the
response): that request answers from the template like the 63 before it, and the check (the
builder, its description: 5-20 ms on a detail page) no longer makes every 64th request of a
kind two to three times as slow (issue 18: the track and participant pages' p99). Outside a request
(a task, a command) they are checked at once, as the first three.

Afterwards the builder is not called: the template is cloned, and the statement is taken from the
cache of compiled statements with the values put in their places. The template's values are
markers, never anyone's: a query carrying them can only be run through that path, and compiling
or running it any other way raises (`MarkersCompiled`; jobbspar/database/compiler.py). The
queryset never leaves this module: the caller gets the rows.

A builder takes its ids and dates as values and decides the query's form from the kind only: it
must not branch on a value (`if day < today`), nor read state outside its arguments that can
change while the process runs (settings are fixed). What may change the form goes in as `Fixed`
(a page's bounds, a profile's kinds of criteria). Under `statements.VERIFY` (the test suite)
every statement taken this way is checked against the builder called with the real user and
values: every test of every page for every role checks it.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar, overload

from django.db import connection
from django.db.models import IntegerField, Model, QuerySet, Value
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import get_language

from jobbspar.database import statements

# The attribute a taken template's clone carries (statements.compiled reads it), and the one
# every query holding markers carries (compiler.SQLCompiler refuses to compile those).
TAKEN = statements.PREPARED
MARKED = statements.MARKED
# Kinds of calls kept per process (each keeps one queryset); when full, the oldest goes.
MAX_KINDS = 300
# The builder is called as well, and its query compared with the template's, the first times a
# kind is taken and every so often afterwards (`_differs`): a builder that decides on a value
# after all (which the marked runs may not show) is refused from then on, and logged.
SPOT_CHECKS_FIRST = 3
SPOT_CHECK_EVERY = 64
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
NOT_LOADED = "not loaded"
# The organisation's fields that name it, not what kind it is.
ORGANISATION_IDENTITY = frozenset({"id", "name", "organisation_number"})

_kinds: dict[Any, Any] = {}
logger = logging.getLogger(__name__)
# The spot checks of the request this thread serves, run when its response is closed; None
# outside a request (then a spot check runs at once).
_request = threading.local()


class Refused(str):
    """A kind of call built every time, and why (for tests and profiling)."""


class _Template:
    __slots__ = ("queryset", "shape", "slots", "taken", "useful")

    def __init__(self, queryset: QuerySet, shape: Any, slots: tuple[Any, ...]) -> None:
        self.queryset = queryset
        self.shape = shape
        self.slots = slots
        self.useful = True
        self.taken = 0  # times taken (a count for spot checks; threads may lose an increment)


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
        return list(build(user, *_given(values)))
    return _evaluate(build, user, values)


def get_or_404(build: Callable[..., QuerySet], user: Any, *values: Any) -> Any:
    """The row `evaluate(build, user, *values)` finds (the builder filters by a unique key), or
    Http404, as get_object_or_404."""
    found = evaluate(build, user, *values)
    if not found:
        raise Http404
    return found[0]


def rows(build: Callable[..., QuerySet], *values: Any) -> list[Any]:
    """`list(build(*values))` for a builder whose rule does not depend on who asks (reference
    data, such as the shortage occupations), built once per kind of call."""
    if not statements.ENABLED:
        return list(build(*_given(values)))
    return _evaluate(build, None, values)


def one_row(queryset: QuerySet, **aggregates: Any) -> QuerySet:
    """`queryset.aggregate(**aggregates)` as a queryset of one row (a dict), for a builder to
    return: grouped by nothing, so there is a row even when no row matches (counts 0, sums
    None, as aggregate() gives them), but none for a queryset that is `none()` (it runs no
    query). aggregate() runs at once and cannot be taken from a template.

    For a plain queryset (filters, annotations of the row) only: aggregate() puts one that is
    distinct, sliced, combined, grouped or already aggregated in a subquery first, and the
    same aggregates over it directly count other rows; that raises ValueError here."""
    query = queryset.query
    if (
        query.distinct
        or query.is_sliced
        or query.combinator
        or query.group_by is not None
        or query.where.contains_aggregate
        or any(annotation.contains_aggregate for annotation in query.annotations.values())
    ):
        raise ValueError(f"one_row counts a plain queryset of {query.model} only: use aggregate()")
    return (
        queryset.order_by()
        .annotate(one_row=Value(1, output_field=IntegerField()))
        .values("one_row")
        .annotate(**aggregates)
        .values(*aggregates)
    )


def counted(build: Callable[..., QuerySet], user: Any, *values: Any) -> int:
    """The count `n` of a builder that returns `one_row(queryset, n=Count(...))`, built once per
    kind of call (a list's length for Pages); 0 when the builder's queryset is `none()` (one_row
    gives no row for it)."""
    found = evaluate(build, user, *values)
    return found[0]["n"] if found else 0


# How many of a list's first pages Pages reads by statements built once: each page's bounds are
# part of its statement, and a page far down is rare.
PREPARED_PAGES = 10


Row = TypeVar("Row")


class Pages(Generic[Row]):
    """A list as Django's Paginator pages it, its first pages built once (issue 18).

    `build(user, *values, bounds)` returns the list's rows [bottom:top] for `bounds = (bottom,
    top)`; the page [a:b] of one of the first `prepared_pages` pages (PREPARED_PAGES unless
    given) is `evaluate(build, user, *values, Fixed(bounds))`, a kind per kind of user and page,
    instead of building the list's queryset (its access rule, annotations and order) on every
    request. A later page, or a slice that is no page, calls the builder. A list with many
    forms (a search's terms and orders) prepares fewer pages of each, so that they do not push
    the rest of the process's kinds out of its store (MAX_KINDS). A page is always read whole,
    a last and shorter one too, so that a list's length is not a kind of its own. `count()` is
    `count`'s answer (e.g. `functools.partial(counted, count_builder, user, *values)`), asked
    once. A slice longer than a page is refused (TypeError): a Paginator with `orphans` asks for
    one."""

    ordered = True  # for the Paginator: the rows come in a defined order

    def __init__(
        self,
        build: Callable[..., QuerySet],
        user: Any,
        *values: Any,
        per_page: int,
        count: Callable[[], int],
        prepared_pages: int | None = None,
    ) -> None:
        self.build = build
        self.prepared_pages = PREPARED_PAGES if prepared_pages is None else prepared_pages
        self.user = user
        self.values = values
        self.per_page = per_page
        self._count = count
        self._length: int | None = None

    def count(self) -> int:
        if self._length is None:
            self._length = self._count()
        return self._length

    def __len__(self) -> int:
        return self.count()

    def __iter__(self) -> Iterator[Row]:
        """Every row, a page at a time."""
        length = self.count()
        for start in range(0, length, self.per_page):
            yield from self[start : min(start + self.per_page, length)]

    @overload
    def __getitem__(self, key: int) -> Row: ...
    @overload
    def __getitem__(self, key: slice) -> list[Row]: ...
    def __getitem__(self, key: int | slice) -> Row | list[Row]:
        if isinstance(key, int):
            if key < 0:
                raise IndexError("Pages takes no negative index")
            rows = self[key : key + 1]
            if not rows:
                raise IndexError("Pages index out of range")
            return rows[0]
        start = key.start or 0
        if key.step is not None or key.stop is None or not 0 <= key.stop - start <= self.per_page:
            raise TypeError("Pages takes a slice [start:stop] of at most a page")
        if key.stop == start:  # the first page of an empty list
            return []
        if start % self.per_page == 0 and start < self.prepared_pages * self.per_page:
            bounds = Fixed((start, start + self.per_page))
            return evaluate(self.build, self.user, *self.values, bounds)[: key.stop - start]
        return list(self.build(self.user, *_given(self.values), (start, key.stop)))


class Fixed:
    """A value given to the builder as it is and part of the key, never replaced by a marker:
    for what decides the query's form rather than a value in it (a page's bounds, which
    criteria a profile has and how they weigh). Plain, hashable data only."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        hash(value)
        self.value = value

    def __eq__(self, other: object) -> bool:
        return type(other) is Fixed and statements.same(self.value, other.value)

    def __hash__(self) -> int:
        return hash((Fixed, self.value))


def _given(values: tuple[Any, ...]) -> list[Any]:
    """The values as the builder takes them: `Fixed` data as it is."""
    return [value.value if type(value) is Fixed else value for value in values]


def _call(build: Callable[..., QuerySet], user: Any, values: tuple[Any, ...]) -> Any:
    given = _given(values)
    return build(*given) if user is None else build(user, *given)


def _evaluate(build: Callable[..., QuerySet], user: Any, values: tuple[Any, ...]) -> Any:
    _check_builder(build)
    given = values if user is None else (user.pk, user.organisation_id, *values)
    flat = _flat(given)
    key = (
        build,
        None if user is None else _user_key(user),
        tuple([_kind(value) for value in given]),
        # Which values are equal (one marker stands for them all while learning: a builder may
        # compare two of its values).
        statements.equal_leaves(flat),
        timezone.localdate(),
        get_language(),
        timezone.get_current_timezone_name(),
    )
    template = _kinds.get(key)
    if template is None:
        try:
            with connection.execute_wrapper(_no_queries):
                queryset = _call(build, user, values)
        except _BuiltWithQueries:
            template = Refused("the builder runs a query")
            queryset = _call(build, user, values)
        else:
            template = _learn(build, user, key[1], values, queryset, flat)
        if timezone.localdate() == key[4]:  # not across midnight
            _keep(key, template)
        return list(queryset)
    if type(template) is Refused or not template.useful:
        return list(_call(build, user, values))
    leaves = [flat[slot] if type(slot) is int else slot[0] for slot in template.slots]
    template.taken += 1
    if template.taken <= SPOT_CHECKS_FIRST or template.taken % SPOT_CHECK_EVERY == 0:
        pending: list[Any] | None = getattr(_request, "pending", None)
        if pending is None or template.taken <= SPOT_CHECKS_FIRST:
            queryset = _call(build, user, values)
            _refuse_if_differs(key, build, queryset, template, leaves)
            return list(queryset)
        pending.append((key, build, user, values, template, leaves))
    queryset = template.queryset._chain()
    queryset._hints = {}  # the clone's own (a related lookup may add to them)
    query = queryset.query
    query.__dict__[TAKEN] = _Taken(
        query, template, leaves, lambda: _call(build, user, values).query
    )
    return list(queryset)


def _refuse_if_differs(
    key: Any, build: Callable[..., QuerySet], queryset: QuerySet, template: _Template, leaves: list
) -> None:
    why = _differs(queryset, template, leaves)
    if why:
        logger.error("A query built once differs from its builder's: %s (%r)", why, build)
        _kinds[key] = Refused(why)


def request_began(**kwargs: Any) -> None:
    """`request_started`: spot checks wait for the response from now on (module docstring).
    Checks left by a request whose response was never closed (`request_finished` not sent) are
    dropped: a net, not a guarantee; the next 64th taking checks again. (Under ASGI requests
    share a thread's state: the project is served by WSGI workers, one request per thread.)"""
    _request.pending = []


def request_ended(**kwargs: Any) -> None:
    """`request_finished`: the request's spot checks, each in the date, language and time zone
    of its key (the response has gone, and the locale middleware's language with it). A check
    whose user no longer has the key's settings (a view changed them after the taking) is
    skipped rather than refuse a kind for a difference of its own making."""
    pending, _request.pending = getattr(_request, "pending", None), None
    for key, build, user, values, template, leaves in pending or ():
        day, language, zone = key[4:7]
        try:
            with translation.override(language), timezone.override(zone):
                if timezone.localdate() != day:  # midnight came between: another day's query
                    continue
                if user is not None and _user_key(user) != key[1]:
                    continue
                queryset = _call(build, user, values)
                _refuse_if_differs(key, build, queryset, template, leaves)
        except Exception:  # the response has gone: refuse the kind, and say why
            logger.exception("A spot check's builder failed (%r)", build)
            _kinds[key] = Refused("the builder failed in a spot check")


def _keep(key: Any, template: _Template | Refused) -> None:
    """Keep a kind; when full, the oldest kept goes."""
    while len(_kinds) >= MAX_KINDS:
        try:
            del _kinds[next(iter(_kinds))]
        except (KeyError, RuntimeError, StopIteration):  # another thread changed it
            break
    _kinds[key] = template


def _differs(queryset: QuerySet, template: _Template, leaves: list[Any]) -> str:
    """Why the builder's own queryset is not the template's with these values ("" if it is):
    a spot check of a taken kind, for a builder that decides on a value after all."""
    try:
        shape, real = statements.describe(queryset.query)
    except statements.Undescribed:
        return "the query cannot be described"
    if shape != template.shape:
        return "the query's form changed with a value"
    if len(real) != len(leaves) or not all(
        statements.same(a, b) for a, b in zip(real, leaves, strict=True)
    ):
        return "a value in the query changed with a value"
    return ""


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
    organisation: Any = NOT_LOADED
    field = user._meta.get_field("organisation")
    if field.is_cached(user):  # type: ignore[union-attr]  # a foreign key
        loaded = user.organisation  # type: ignore[attr-defined]
        organisation = None if loaded is None else _fields_of(loaded, ORGANISATION_IDENTITY)
    return (*_fields_of(user, IDENTITY_FIELDS), ("organisation", organisation))


def _kind(value: Any) -> Any:
    """What of a value is part of the key: a value a builder may test for truth (None, a
    boolean, 0, an empty string) as it is, an integer's sign and size, a string's or a date's
    type, a tuple's length and its items' kinds."""
    kind = type(value)
    if _as_it_is(value):
        return value
    if kind is Fixed:
        return (Fixed, _typed(_plain_data(value.value)))
    if kind is int:
        return (int, statements.int_class(value))
    if kind is str or kind is dt.date:
        return kind
    if kind is tuple:
        return (tuple, tuple([_kind(item) for item in value]))
    raise TypeError(f"a builder takes plain values (int, str, date, bool, None, tuple): {value!r}")


_PLAIN_TYPES = (type(None), bool, int, str, dt.date)


def _plain_data(value: Any) -> Any:
    """`value` if it is plain data (tuples of None, booleans, integers, strings and dates)."""
    if type(value) is tuple:
        for item in value:
            _plain_data(item)
    elif type(value) not in _PLAIN_TYPES:
        raise TypeError(f"a fixed value is plain data: {value!r}")
    return value


def _typed(value: Any) -> Any:
    """Plain data with each item's type (True and 1 are equal in Python, not in a query)."""
    if type(value) is tuple:
        return tuple([_typed(item) for item in value])
    return (type(value), value)


def _as_it_is(value: Any) -> bool:
    """A value kept as it is (part of the key), not replaced by a marker: a marker is true, and
    `if value:` must take the same way with it."""
    return (
        value is None
        or type(value) is bool
        or ((type(value) is int or type(value) is str) and not value)
    )


def _flat(values: tuple[Any, ...]) -> list[Any]:
    """The values with each tuple's items in its place (each is put in by position)."""
    flat: list[Any] = []
    for value in values:
        if type(value) is tuple:
            flat.extend(_flat(value))
        else:
            flat.append(value)
    return flat


# Where each run's integer markers lie in each of _kind's sizes (statements.int_class): the
# first run's near the low end, the second's near the high end, so a builder that compares a
# value with a bound between them makes two different queries and is refused.
_LOW = {15: 1_003, 31: 32_771, 63: 2**31 + 3, 64: 2**63 + 3}
_HIGH = {15: 2**15 - 4, 31: 2**31 - 4, 63: 2**63 - 4, 64: 2**64 + 10**9}


def _smallest(value: Any, n: int) -> Any:
    """A third run's stand-in for `value`: near the bottom of its kind (the smallest number of its
    sign and size, a short string of digits, a day in the middle of a month in 2000), so a
    builder that compares a value with a small bound, tests its digits or its day of the month
    makes another query and is refused. Distinct per distinct value."""
    if type(value) is int:
        negative, bits = statements.int_class(value)
        number = {15: 1, 31: 2**15, 63: 2**31, 64: 2**63}[bits] + n
        return -number if negative else number
    if type(value) is str:
        return str(n + 1)
    return dt.date(2000, 2, 15) + dt.timedelta(days=n)


def _markers(values: tuple[Any, ...], run: int) -> tuple[tuple[Any, ...], list[Any]]:
    """`values` with each integer, string and date replaced by a marker of its kind (the same
    sign and size), one per distinct value, unique to the run; and the markers in flat order.
    The first run's lie low (1901, small numbers), the second's high (9000, large numbers)."""
    flat: list[Any] = []
    made_for: dict[tuple[type, Any], Any] = {}

    def marker(value: Any) -> Any:
        if type(value) is tuple:
            return tuple([marker(item) for item in value])
        if _as_it_is(value):
            flat.append(value)
            return value
        if type(value) is Fixed:
            flat.append(value)
            return value.value
        made = made_for.get((type(value), value))
        if made is None:
            n = len(made_for)
            if run == 3:  # the shape only: the smallest of each kind, equal ones alike
                made = _smallest(value, n)
            elif type(value) is int:
                negative, bits = statements.int_class(value)
                number = _LOW[bits] + 7 * n if run == 1 else _HIGH[bits] - 7 * n
                made = -number if negative else number
            elif type(value) is str:
                made = f"{chr(1) if run == 1 else chr(0x10FFFD)}\u2042jobbspar-{n}\u2042"
            elif run == 1:
                made = dt.date(1901, 1, 1) + dt.timedelta(days=n)
            else:
                made = dt.date(9000, 1, 1) - dt.timedelta(days=n)
            made_for[(type(value), value)] = made
        flat.append(made)
        return made

    return tuple([marker(value) for value in values]), flat


def _stand_in(user: Model, user_key: Any, pk: Any, organisation_id: Any, run: int) -> Model:
    """A new, unsaved user with the role and settings the key holds (taken before the real
    call, which may have loaded more) and these ids; their organisation, if the key holds one,
    of the same kind with that id. What identifies a person or an organisation (name, e-mail,
    number, …) is a marker of the run: a builder that reads it is refused."""
    *fields, (_name, organisation) = user_key
    stand_in = user.__class__(
        pk=pk,
        organisation_id=organisation_id,
        **dict(fields),
        **_identity(user, IDENTITY_FIELDS, run),
    )
    field: Any = user._meta.get_field("organisation")
    if organisation is None:
        field.set_cached_value(stand_in, None)
    elif organisation != NOT_LOADED:
        made = field.related_model(pk=organisation_id, **dict(organisation))
        for name, value in _identity(made, ORGANISATION_IDENTITY, run).items():
            setattr(made, name, value)
        field.set_cached_value(stand_in, made)
    return stand_in


def _identity(obj: Model, identity: frozenset[str], run: int) -> dict[str, Any]:
    """A marker of the run for each of `identity`, the fields of `obj` that name it (not its id
    or organisation)."""
    markers: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name not in identity or field.name in ("id", "organisation"):
            continue
        if field.get_internal_type() == "DateTimeField":
            year = 1901 if run == 1 else 9000
            markers[field.attname] = dt.datetime(year, 1, 1, tzinfo=dt.UTC)
        else:
            markers[field.attname] = f"\u2042jobbspar-stand-in-{run}-{field.name}\u2042"
    return markers


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
    user_key: Any,
    values: tuple[Any, ...],
    queryset: QuerySet,
    flat: list[Any],
) -> _Template | Refused:
    """Build three times more with markers (twice for the values, once more for the form only);
    the template, or why the builder is called every time."""
    if not isinstance(queryset, QuerySet) or not _plain(queryset):
        return Refused("the builder's queryset carries more than its query")
    runs = []
    for run in (1, 2, 3):
        if user is None:
            marked, markers = _markers(values, run)
        else:
            marked, markers = _markers((user.pk, user.organisation_id, *values), run)
        try:
            with connection.execute_wrapper(_no_queries):
                if user is None:
                    made = build(*marked)
                else:
                    made = build(_stand_in(user, user_key, marked[0], marked[1], run), *marked[2:])
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
    for made in (queryset, runs[0][0], runs[1][0], runs[2][0]):
        try:
            shape, leaves = statements.describe(made.query)
        except statements.Undescribed:
            return Refused("the query cannot be described")
        described.append((shape, leaves))
    (shape, real), (shape_1, leaves_1), (shape_2, leaves_2), (shape_3, _leaves) = described
    if not (shape == shape_1 == shape_2 == shape_3):
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
    """Each marker's first position (equal values share one)."""
    positions: dict[Any, int] = {}
    for at, marker in enumerate(markers):
        if not _as_it_is(marker) and type(marker) is not Fixed:
            positions.setdefault((type(marker), marker), at)
    return positions


def forget() -> None:
    """Drop every template, and any spot checks waiting for a response (tests)."""
    _kinds.clear()
    _request.pending = None
