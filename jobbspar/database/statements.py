"""A SELECT's SQL compiled once per shape (issue 18).

Compiling a queryset to SQL is the larger part of the ORM's work on a page: a fifth to two
fifths of a page's Python calls (the select list of each `select_related` model, the ordering,
the access rule's subqueries). A page asks the same statements on every request; only the values
change (this track, this user's organisation, today).

`compiled(compiler)` describes the query as a tuple (its *shape*): the class and every attribute
of every object the compiler reads (the query, its joins, its WHERE tree, its annotations, its
subqueries), with the values a statement binds (a lookup's right-hand side, a `Value`, a
`RawSQL`'s parameters, an expression's `statement_values`) taken out as *leaves*. The first time
a shape is seen, it is compiled twice: once as it is, and once with every leaf replaced by a
marker of the same type. The shape is kept only if both give the same SQL text and each
parameter is either a leaf itself (unchanged) or the same constant in both; anything else (a
value written into the text, or changed on its way, as `LIKE '%…%'` is) keeps the shape out of
the cache, and it is compiled every time. Afterwards the SQL text is taken from the cache and the
parameters from the leaves.

What stays out of the shape's leaves is part of the shape: `None` and booleans (they change the
SQL: `IS NULL`, `IN (…)` without a NULL), sequence lengths, limits and offsets, every name and
every class. An object the walk does not know (no `__dict__`, not a plain value, not a field or a
class) keeps the query out of the cache. The key also holds the database alias and time zone,
whether unscoped queries are being refused here (jobbspar.scoping: a cached statement does not
pass its subqueries' check again) and `elide_empty`.

Under `VERIFY` (on in the test suite, tests/conftest.py) every statement taken from the cache is
compiled again and must be identical, text, parameters and result columns: every test of every
page for every role checks the shapes.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import pickle
import uuid
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db.models import Field, Lookup, Model, QuerySet
from django.db.models.expressions import RawSQL, Value
from django.db.models.fields.related import ForeignObjectRel
from django.db.models.lookups import PatternLookup
from django.utils import timezone
from django.utils.functional import Promise
from psycopg.types.numeric import Int2, Int4, Int8

from jobbspar.scoping import checking

# Whether SELECTs take their SQL from here (off: Django compiles every statement).
ENABLED = True
# Compile every statement taken from the cache again and compare (the test suite).
VERIFY = False
# Shapes kept per process; when full, the cache starts again. The benchmark's pages use 88; a
# shape keeps ~40 KB (its description, the SQL, the result columns): at most ~20 MB a process.
MAX_SHAPES = 500


class NotCached(str):
    """A shape compiled every time, and why (for tests and profiling)."""


_cache: dict[Any, Any] = {}


class _Unknown(Exception):
    """The walk met an object it cannot describe: compile as Django does."""


class ShapeMismatch(AssertionError):
    """A statement from the cache differs from what Django compiles (only under VERIFY)."""


class Undescribed(Exception):
    """describe() met an object it cannot describe."""


# What a query built once per shape (prepared.py) carries: on a template's clone about to run,
# its values (`PREPARED`); on every query holding markers, `MARKED` (never compiled as it is).
PREPARED = "_jobbspar_prepared"
MARKED = "_jobbspar_markers"


# Values bound as parameters, each replaced by a marker of its type while a shape is learnt.
_LEAF_TYPES = (int, str, dt.datetime, dt.date, dt.time, dt.timedelta, Decimal, uuid.UUID)
_INT_WRAPPERS = frozenset({Int2, Int4, Int8})
# The commonest leaves' exact types: known to be leaves without asking _is_leaf.
_COMMON_LEAVES = frozenset({str, int, dt.date})
# Values that are part of the shape where they are not leaves.
_PLAIN = frozenset({str, int, float, bool, type(None), bytes})
_UNTYPED = frozenset({str, type(None)})
# Attributes that do not change the SQL: what an expression was called with before it was
# resolved (its resolved attributes are walked), and what is worked out from the rest and kept
# once asked for (an expression's identity; whether it holds an aggregate, a window, a column
# or a subquery; whether it may be a field's default; the query's selected annotations). A
# field's column is one object for every query (Django keeps such answers on it when any query
# asks): what it keeps must not make two queries look different.
_SKIPPED = frozenset(
    {
        "_constructor_args",
        "identity",
        "contains_aggregate",
        "contains_over_clause",
        "contains_column_references",
        "contains_subquery",
        "allowed_default",
        "convert_value",
        "_output_field_or_none",
        "_annotation_select_cache",
        "_extra_select_cache",
    }
)


def _is_leaf(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, Decimal):
        return value.is_finite()  # NaN and infinities: Django refuses them
    return isinstance(value, _LEAF_TYPES)


def int_class(value: int) -> tuple[bool, int]:
    """The sign and the smallest of PostgreSQL's integer sizes that holds `value`: Django
    checks an integer column's value against its size (out of range, a lookup matches nothing
    or everything), and the size decides what psycopg sends."""
    for bits in (15, 31, 63):
        if -(2**bits) <= value < 2**bits:
            return (value < 0, bits)
    return (value < 0, 64)


def _leaf_kind(value: Any) -> Any:
    """What of a leaf is part of the shape: its type, an integer's size, whether a date-time
    or time has a time zone (Django makes a naive one aware on its way)."""
    kind = type(value)
    if isinstance(value, int):
        return (kind, int_class(value))
    if isinstance(value, (dt.datetime, dt.time)):
        return (kind, value.tzinfo is None)
    return kind


_field_numbers = itertools.count(1)
_SHAPE_NUMBER = "_jobbspar_shape_number"
# A model field's description, kept on it once worked out (its number and column).
_FIELD_SHAPE = "_jobbspar_shape"


def _field(field: Any) -> Any:
    """A model's field is one object for as long as its model exists: a number given to it the
    first time names it (never an id, which a field of a model built and dropped again, as a
    migration does, could leave to another). A relation is named by its field. A field made for
    one expression (an output field) is described by its plain attributes."""
    if isinstance(field, ForeignObjectRel):
        return ("r", type(field), _field(field.field))
    if getattr(field, "model", None) is not None and not isinstance(field.model, str):
        number = field.__dict__.get(_SHAPE_NUMBER)
        if number is None:
            # Two threads may name a field at once: both keep the number the first one set.
            number = field.__dict__.setdefault(_SHAPE_NUMBER, next(_field_numbers))
        # A copied field keeps the number, not the column or model: _Walk.of compares them with
        # the description kept here before it takes it.
        described_field = ("f", number, field.column)
        field.__dict__[_FIELD_SHAPE] = (field.model, described_field)
        return described_field
    described: list[Any] = [type(field)]
    for name, value in field.__dict__.items():
        if name in ("creation_counter", _SHAPE_NUMBER, _FIELD_SHAPE):
            continue
        if type(value) in _PLAIN:
            described.append((name, type(value), value))
        elif isinstance(value, Field):
            described.append((name, _field(value)))
    return tuple(described)


class _Walk:
    """One walk over a query: its shape, its leaves in order and, while a shape is learnt,
    where each leaf is held (to put a marker there)."""

    __slots__ = ("leaves", "sites")

    def __init__(self, record: bool) -> None:
        self.leaves: list[Any] = []
        self.sites: list[tuple[Any, str, int | None]] | None = [] if record else None

    def leaf(self, value: Any, holder: Any, attr: str, index: int | None) -> Any:
        self.leaves.append(value)
        if self.sites is not None:
            self.sites.append((holder, attr, index))
        kind = type(value)
        if kind is str or kind is dt.date:
            return kind
        if kind is int:
            return (kind, int_class(value))
        return _leaf_kind(value)

    def value(self, value: Any, holder: Any, attr: str) -> Any:
        """An attribute that holds a bound value (or a sequence of them)."""
        kind = type(value)
        if kind in _COMMON_LEAVES or _is_leaf(value):
            return ("L", self.leaf(value, holder, attr, None))
        if kind is list or kind is tuple:
            return (
                "S",
                kind,
                tuple(
                    [
                        ("L", self.leaf(item, holder, attr, i))
                        if type(item) in _COMMON_LEAVES or _is_leaf(item)
                        else self.of(item)
                        for i, item in enumerate(value)
                    ]
                ),
            )
        return self.of(value)

    def of(self, obj: Any) -> Any:
        """The shape of `obj`. A string or None stands for itself; any other plain value with
        its type (1, 1.0 and True are equal in Python, not in SQL)."""
        kind = type(obj)
        if kind in _PLAIN:
            return obj if kind in _UNTYPED else (kind, obj)
        # Below, a plain item or attribute is described where it is met, as above (the walk
        # meets hundreds of them per page: a call each was a tenth of its cost).
        if kind is tuple or kind is list:
            return (
                kind,
                tuple(
                    [
                        i if (k := type(i)) in _UNTYPED else (k, i) if k in _PLAIN else self.of(i)
                        for i in obj
                    ]
                ),
            )
        if kind is dict:
            return (
                "d",
                tuple(
                    [
                        (
                            n,
                            v
                            if (k := type(v)) in _UNTYPED
                            else (k, v)
                            if k in _PLAIN
                            else self.of(v),
                        )
                        for n, v in obj.items()
                    ]
                ),
            )
        if kind is set or kind is frozenset:
            return ("s", frozenset([i if type(i) in _UNTYPED else self.of(i) for i in obj]))
        if isinstance(obj, type):
            return obj
        bound = _BOUND.get(kind)
        if bound is None:
            bound = _bound_attributes(kind)
        if bound is _FIELD:
            known = obj.__dict__.get(_FIELD_SHAPE)
            if (
                known is not None
                and known[0] is obj.__dict__.get("model")
                and known[1][2] == obj.column
            ):
                return known[1]
            return _field(obj)
        if bound is _UNKNOWN:
            raise _Unknown(kind)
        return (
            kind,
            *[
                (name, self.value(value, obj, name))
                if name in bound
                else (
                    name,
                    value
                    if (k := type(value)) in _UNTYPED
                    else (k, value)
                    if k in _PLAIN
                    else self.of(value),
                )
                for name, value in obj.__dict__.items()
                if name not in _SKIPPED
            ],
        )


_BOUND: dict[type, frozenset[str]] = {}
_UNKNOWN: frozenset[str] = frozenset({"\u2042unknown"})
_FIELD: frozenset[str] = frozenset({"\u2042field"})


def _bound_attributes(kind: type) -> frozenset[str]:
    """The attributes of `kind` whose values a statement binds as parameters; _UNKNOWN for a
    class whose instances the walk cannot describe by their `__dict__`: a model instance, a
    function (two functions have the same empty `__dict__`), an object with slots (their values
    are not in `__dict__`), or one without a `__dict__`."""
    mro = kind.__mro__
    if issubclass(kind, (Field, ForeignObjectRel)):
        _BOUND[kind] = _FIELD
        return _FIELD
    if (
        issubclass(kind, (Model, QuerySet, Promise))
        or kind.__dictoffset__ == 0
        or any("__call__" in vars(base) for base in mro)
        or any(vars(base).get("__slots__") for base in mro)
    ):
        _BOUND[kind] = _UNKNOWN
        return _UNKNOWN
    names: set[str] = set(getattr(kind, "statement_values", ()))
    if issubclass(kind, Lookup):
        names.add("rhs")
    if issubclass(kind, Value):
        names.add("value")
    if issubclass(kind, RawSQL):
        names.add("params")
    _BOUND[kind] = frozenset(names)
    return _BOUND[kind]


# Integer markers per sign and size (int_class), seven apart: a small integer column's marker
# must be small too (Django checks the size), and none is a value a statement writes itself.
INT_MARKERS = {15: 29_001, 31: 1_987_650_001, 63: 9_107_300_000_000_001, 64: 2**64 + 1}


def _markers() -> Any:
    numbers = itertools.count(0, 7)

    def marker(value: Any) -> Any:
        n = next(numbers)
        if isinstance(value, int):
            negative, bits = int_class(value)
            number = INT_MARKERS[bits] + n
            return -number if negative else number
        n += 1_987_650_001
        if isinstance(value, str):
            return f"\u2042jobbspar-marker-{n}\u2042"
        if isinstance(value, dt.datetime):
            return dt.datetime(1901, 1, 1, tzinfo=value.tzinfo) + dt.timedelta(seconds=n)
        if isinstance(value, dt.date):
            return dt.date(1901, 1, 1) + dt.timedelta(days=n % 2_000_000)
        if isinstance(value, dt.time):
            return dt.time(n % 24, n % 60, n % 60, n % 1_000_000, tzinfo=value.tzinfo)
        if isinstance(value, dt.timedelta):
            return dt.timedelta(days=n % 900_000, microseconds=4321)
        if isinstance(value, Decimal):
            return Decimal(n) + Decimal("0.4321")
        return uuid.UUID(int=n)

    return marker


def equal_leaves(leaves: list[Any]) -> tuple[int, ...]:
    """For each leaf, the first leaf of its type equal to it: Django compares expressions by
    their values (an ORDER BY or GROUP BY of a selected expression refers to its position; IN
    writes each distinct value once), so which leaves are equal is part of the shape. (Leaves of
    two types that Python calls equal, a string and a choice, get two markers: if Django then
    writes one parameter where the markers make two, the shape is not cached.)"""
    first: dict[Any, int] = {}
    return tuple([first.setdefault((type(v), v), i) for i, v in enumerate(leaves)])


def _put_markers(walk: _Walk, equal: tuple[int, ...]) -> list[Any]:
    """Put a marker in place of each leaf of a private copy (the same marker for equal
    leaves); return the markers."""
    assert walk.sites is not None
    marker = _markers()
    markers: list[Any] = []
    for i, value in enumerate(walk.leaves):
        markers.append(marker(value) if equal[i] == i else markers[equal[i]])
    copied: set[tuple[int, str]] = set()
    for (holder, attr, index), value in zip(walk.sites, markers, strict=True):
        if index is None:
            setattr(holder, attr, value)
            continue
        key = (id(holder), attr)
        if key not in copied:
            copied.add(key)
            setattr(holder, attr, list(getattr(holder, attr)))
        getattr(holder, attr)[index] = value
    return markers


def _state(compiler: Any) -> tuple[Any, ...]:
    """What the code that reads the rows takes from the compiler: the selected expressions
    (for their converters; their SQL without the values, which belong to the statement), how
    rows become objects, the annotations' positions, the number of columns."""
    return (
        [(expression, (text[0], ()), alias) for expression, text, alias in compiler.select],
        compiler.klass_info,
        compiler.annotation_col_map,
        compiler.col_count,
        compiler.has_extra_select,
    )


class _Copier(pickle.Pickler):
    """Pickles a query with its querysets, model instances and fields kept by reference: an
    expression keeps what it was made with (`_constructor_args`), which may be a queryset,
    and pickling a queryset runs it. Model classes are kept by reference too: a many-to-many
    field's own through model is made at start-up and cannot be found by its name."""

    def __init__(self, file: Any) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.kept: list[Any] = []

    def persistent_id(self, obj: Any) -> Any:
        if isinstance(obj, (QuerySet, Model, Field, ForeignObjectRel, Promise)) or (
            isinstance(obj, type) and issubclass(obj, Model)
        ):
            self.kept.append(obj)
            return len(self.kept) - 1
        return None


class _Restorer(pickle.Unpickler):
    def __init__(self, file: Any, kept: list[Any]) -> None:
        super().__init__(file)
        self.kept = kept

    def persistent_load(self, pid: Any) -> Any:
        return self.kept[pid]


def _copy(query: Any) -> Any:
    buffer = io.BytesIO()
    copier = _Copier(buffer)
    copier.dump(query)
    buffer.seek(0)
    return _Restorer(buffer, copier.kept).load()


def _learn(
    compiler: Any, shape: Any, leaves: list[Any], equal: tuple[int, ...], compile_: Any
) -> tuple[str, tuple[Any, ...], Any]:
    """Compile as Django does, and a copy with markers; what the cache keeps, or why not.

    The markers go into a deep copy of the query (a clone shares its lookups with the
    original, and a lookup may be shared with a query another thread is compiling). A query
    that cannot be copied so is not cached."""
    why = NotCached("the query cannot be copied")
    try:
        copy = _copy(compiler.query)
    except Exception:
        copy = None
    sql, params = compile_(compiler)
    marked_sql: str | None = None
    marked_params: Any = ()
    markers: list[Any] = []
    walk = _Walk(record=True)
    if copy is not None:
        try:
            if walk.of(copy) != shape:  # the copy must be the same query, leaf for leaf
                raise _Unknown(type(copy))
            markers = _put_markers(walk, equal)
            other = copy.get_compiler(using=compiler.using, elide_empty=compiler.elide_empty)
            marked_sql, marked_params = compile_(other)
            why = NotCached("the SQL text changes with the values")
        except Exception as error:
            why = NotCached(f"the copy with markers does not compile alike: {error!r}")
    if marked_sql == sql and len(marked_params) == len(params):
        why = NotCached("a value changes on its way to a parameter")
        try:
            slot_of: dict[Any, int] = {}
            for slot, marker in enumerate(markers):
                slot_of.setdefault((type(marker), marker), slot)
            recipe = [
                _part(real, marked, slot_of, markers, leaves, walk, compiler)
                for real, marked in zip(params, marked_params, strict=True)
            ]
        except Exception:
            recipe = [None]
        if None not in recipe:
            # The last part is filled by the compiler: the converters of the shape's result
            # columns (these expressions, the first `col_count`), worked out once.
            state = _state(compiler)
            columns = {"columns": tuple(column[0] for column in state[0][: state[3]])}
            return sql, params, (sql, tuple(recipe), state, columns)
    return sql, params, why


def same(a: Any, b: Any) -> bool:
    """Equal and of the same type, item by item (1, 1.0, True and Int4(1) are not the same)."""
    if type(a) is not type(b):
        return False
    if type(a) in (list, tuple):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def _part(
    real: Any,
    marked: Any,
    slot_of: dict[Any, int],
    markers: list[Any],
    leaves: list[Any],
    walk: _Walk,
    compiler: Any,
) -> Any:
    """How to make one parameter from the leaves (None: it cannot be made from them):
    a leaf's slot; (a constant,); (slot, Int4) for an integer Django gives its size; (list,
    slots, wrappers, "array") for an array of leaves, each item with its integer size or none
    (an ArrayField of integers gives each item its size); (slot, prefix, suffix, "like") for a
    LIKE pattern."""
    # Django's PostgreSQL backend gives an integer column's value its size (Int4).
    wrapper = type(marked) if type(marked) in _INT_WRAPPERS else None
    if type(marked) in (list, tuple):
        if not marked:  # an empty array (its length is part of the shape): a constant
            return (real,) if same(marked, real) else None
        wrappers = tuple([type(item) if type(item) in _INT_WRAPPERS else None for item in marked])
        found = [
            slot_of.get((int, int(item)) if item_wrapper else (type(item), item))
            for item, item_wrapper in zip(marked, wrappers, strict=True)
        ]
        slots = [slot for slot in found if slot is not None]
        if (
            len(slots) == len(found)
            and type(real) is type(marked)
            and same(list(real), _array_items(slots, wrappers, leaves))
        ):
            return (type(marked), tuple(slots), wrappers, "array")
        return None
    slot = slot_of.get((int, int(marked)) if wrapper is not None else (type(marked), marked))
    if slot is not None:
        leaf = leaves[slot]
        if wrapper is None and same(real, leaf):
            return slot
        if wrapper is not None and type(real) is wrapper and same(int(real), leaf):
            return (slot, wrapper)
        return None
    if same(marked, real):
        return (real,)
    return _like(marked, real, markers, leaves, walk, compiler)


def _like(
    marked: Any, real: Any, markers: list[Any], leaves: list[Any], walk: _Walk, compiler: Any
) -> tuple[int, str, str, str] | None:
    """A `LIKE` pattern made of a leaf: Django's pattern lookups (`icontains`, `startswith`,
    …) escape the value and put it in their pattern. Only for those lookups, of a value as it
    is (no transform applied to both sides); the part for the real value must come out the
    same as Django made it."""
    if type(marked) is not str or type(real) is not str:
        return None
    assert walk.sites is not None
    for slot, marker in enumerate(markers):
        holder = walk.sites[slot][0]
        if type(marker) is str and marked.count(marker) == 1 and isinstance(holder, PatternLookup):
            if holder.bilateral_transforms or not holder.rhs_is_direct_value():
                return None
            prefix, suffix = marked.split(marker)
            prep = compiler.connection.ops.prep_for_like_query
            if type(leaves[slot]) is str and real == prefix + prep(leaves[slot]) + suffix:
                return (slot, prefix, suffix, "like")
            return None
    return None


def _param(part: Any, leaves: list[Any], ops: Any) -> Any:
    if type(part) is int:
        return leaves[part]
    if len(part) == 1:
        return part[0]
    if len(part) == 2:
        slot, wrapper = part
        return wrapper(leaves[slot])
    if part[-1] == "array":
        kind, slots, wrappers, _array = part
        return kind(_array_items(slots, wrappers, leaves))
    slot, prefix, suffix, _kind = part
    return prefix + ops.prep_for_like_query(leaves[slot]) + suffix


def _array_items(slots: Any, wrappers: Any, leaves: list[Any]) -> list[Any]:
    return [
        leaves[slot] if wrapper is None else wrapper(leaves[slot])
        for slot, wrapper in zip(slots, wrappers, strict=True)
    ]


def describe(query: Any) -> tuple[Any, list[Any]]:
    """A query's shape and its leaves in order, as the cache's key has them (prepared.py)."""
    walk = _Walk(record=False)
    try:
        return walk.of(query), walk.leaves
    except _Unknown as error:
        raise Undescribed(repr(error)) from error


def compiled(compiler: Any, compile_: Any) -> tuple[str, tuple[Any, ...]]:
    """`compiler.as_sql()` for a statement about to run (`compile_` compiles as Django does)."""
    connection = compiler.connection
    held = compiler.query.__dict__
    taken = held.get(PREPARED)
    if taken is not None:
        return _taken(compiler, compile_, taken)
    if MARKED in held:
        raise MarkersCompiled("a query holding markers was to be compiled")
    walk = _Walk(record=False)
    try:
        shape = walk.of(compiler.query)
        equal = equal_leaves(walk.leaves)
        key = (
            compiler.using,
            connection.timezone_name,
            # A date of a date-time, a truncation or an extraction is taken in the current
            # time zone, written into the statement as a constant.
            timezone.get_current_timezone(),
            checking(),
            compiler.elide_empty,
            equal,
            shape,
        )
        entry = _cache.get(key)
    except Exception:
        return compile_(compiler)
    if entry is None:
        sql, params, entry = _learn(compiler, shape, walk.leaves, equal, compile_)
        if len(_cache) >= MAX_SHAPES:
            _cache.clear()
        _cache[key] = entry
        return sql, params
    if type(entry) is NotCached:
        return compile_(compiler)
    return _from_cache(compiler, compile_, entry, walk.leaves, lambda: compiler)


def _from_cache(
    compiler: Any, compile_: Any, entry: Any, leaves: list[Any], verified: Any
) -> tuple[str, tuple[Any, ...]]:
    """The cached statement `entry` with these leaves' values, its result columns given to
    `compiler`; under VERIFY, checked against `verified()`, a compiler of the real query."""
    sql, recipe, state, converters = entry
    ops = compiler.connection.ops
    params = tuple(
        [leaves[part] if type(part) is int else _param(part, leaves, ops) for part in recipe]
    )
    if VERIFY:
        _verify(verified(), compile_, sql, params, state)
    (
        compiler.select,
        compiler.klass_info,
        compiler.annotation_col_map,
        compiler.col_count,
        compiler.has_extra_select,
    ) = state
    compiler.shape_converters = converters
    return sql, params


def _taken(compiler: Any, compile_: Any, taken: Any) -> tuple[str, tuple[Any, ...]]:
    """The statement of a template's clone (prepared.py): its shape is known, its values are
    given; the cache's statement for them, else the real query, built and compiled."""
    if taken.query is not compiler.query:
        # A clone of the clone (a queryset method applied to it): prepared.py never lets one
        # out, and its values would be the markers.
        raise MarkersCompiled("a query built once per shape was changed before it ran")
    connection = compiler.connection
    leaves = taken.leaves
    entry = _cache.get(
        (
            compiler.using,
            connection.timezone_name,
            timezone.get_current_timezone(),
            checking(),
            compiler.elide_empty,
            equal_leaves(leaves),
            taken.shape,
        )
    )
    if entry is None or type(entry) is NotCached:
        if entry is not None:  # never cached: building the template each time gains nothing
            taken.not_cached()
        compiler.query = taken.rebuild()
        try:
            return compiled(compiler, compile_)
        except EmptyResultSet:  # nothing to ask (an empty list of ids): never cached either
            taken.not_cached()
            raise
    # Under VERIFY, against the builder called with the real user and values.
    return _from_cache(
        compiler,
        compile_,
        entry,
        leaves,
        lambda: taken.rebuild().get_compiler(
            using=compiler.using, elide_empty=compiler.elide_empty
        ),
    )


class MarkersCompiled(AssertionError):
    """A query holding markers (prepared.py) was about to be compiled as it is."""


def _klass(info: Any) -> Any:
    """How rows become objects, comparable (without the setter functions)."""
    if info is None:
        return None
    return (
        info.get("model"),
        tuple(info.get("select_fields", ())),
        info.get("from_parent"),
        info.get("reverse"),
        _field(info["field"]) if "field" in info else None,
        tuple(_klass(related) for related in info.get("related_klass_infos", ())),
    )


def _columns(select: Any) -> list[Any]:
    """The result columns: their SQL, alias, expression and output field (their converters)."""
    described = []
    for expression, text, alias in select:
        output = getattr(expression, "output_field", None)
        described.append((alias, text[0], type(expression), _field(output) if output else None))
    return described


def _verify(compiler: Any, compile_: Any, sql: str, params: Any, state: Any) -> None:
    real_sql, real_params = compile_(compiler)
    real_state = _state(compiler)
    if not (
        real_sql == sql
        and same(list(real_params), list(params))
        and _columns(real_state[0]) == _columns(state[0])
        and _klass(real_state[1]) == _klass(state[1])
        and real_state[2:] == state[2:]
    ):
        raise ShapeMismatch(
            f"A cached statement differs from Django's.\ncached: {sql} {params!r}\n"
            f"django: {real_sql} {tuple(real_params)!r}"
        )


def converters_of(compiler: Any, expressions: list[Any], work_out: Any) -> dict[int, Any]:
    """`compiler.get_converters(expressions)` (`work_out` is Django's) for the result columns of
    a statement taken from the cache: worked out once per shape. They are the same every time:
    the columns are the shape's own expression objects (kept with it; any other list is worked
    out each time), and a converter is a function of the field or expression, given the
    connection only when it is called.
    (Django asks every column's field and expression for them on every query: a tenth of a
    detail page's Python, issue 18.)"""
    known = getattr(compiler, "shape_converters", None)
    if known is None or not _are(known["columns"], expressions):
        # Another list (an aggregate's own expressions, made for this query): worked out and
        # not kept, so nothing of this request's values stays with the shape.
        return work_out(expressions)
    converters = known.get("converters")
    if converters is None:
        converters = known["converters"] = work_out(expressions)
    elif VERIFY and work_out(expressions) != converters:
        raise ShapeMismatch(f"A cached statement's converters differ: {converters!r}")
    return converters


def _are(columns: tuple[Any, ...], expressions: list[Any]) -> bool:
    """Whether `expressions` are the shape's result columns themselves."""
    return len(expressions) == len(columns) and all(
        expression is column for expression, column in zip(expressions, columns, strict=True)
    )


def configure() -> None:
    """Take the switch from the settings (COMPILED_STATEMENT_CACHE; JobbsparConfig.ready)."""
    global ENABLED
    ENABLED = settings.COMPILED_STATEMENT_CACHE


def forget() -> None:
    """Drop every shape (tests)."""
    _cache.clear()
