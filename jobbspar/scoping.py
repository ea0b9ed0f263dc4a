"""Fail-loud scoping: a forgotten access filter raises in a web request instead of leaking.

Who may see a participant, a track or an employer's records is decided by the access functions
in each app's access module (`participants.access.participants_for(user)`,
`tracks.access.tracks_for(user)` ...; the roles and the shared predicates are in
`jobbspar/access.py`). The sensitive models have a `ScopedManager` as their default manager, and
while a web request is being handled (`RequestScopeMiddleware`, and for a streamed response
until its last chunk is sent) turning one of their querysets into SQL raises
`UnscopedQueryError`, unless its query carries the **access mark**. The check is made when the
query is compiled, so it holds wherever the query ends up: iterated, `get`, `count`, `exists`,
`aggregate`, `update`, `delete`, and equally inside another query (`Subquery`, `Exists`,
`pk__in=`) or as a part of `.union()` / `.intersection()` / `.difference()`.

The mark is explicit; nothing is inferred from who calls:

- `scoped(Model)` returns the model's base queryset with the mark. Only the access modules call
  it (`tests/jobbspar/test_scoping.py` fails if any other module does, or names the mark). The
  mark survives `.filter()`, `.order_by()`, `.values()` and every other chained call; combining
  querysets with `|`, `&` or `^` keeps it only if both carry it.
- The objects a marked queryset loads are stamped as loaded in scope, and so is an object reached
  from a stamped one through a foreign key or one-to-one (`member.participant`, loaded lazily, by
  `select_related` or by a prefetch). Only a stamped object's related managers are marked
  (`participant.notes.all()`, prefetches of them) and only a stamped object can be `refetch`ed.
  A row just inserted (it had no id before `save()`) is stamped too, for the code that made it.
  An object built by hand (`Participant(pk=5)`) or loaded unmarked (in an `unscoped` block, or
  by a model that is not scoped) is not stamped: its related managers raise.
- `unscoped("why")` opts out by name for its block (the Django admin for administrators,
  sign-in, aggregate-only dashboards, system work). `raw()` SQL ignores every filter, so it
  raises in a request unless it runs in such a block.
- Django's unique and constraint validation (`validate_unique`, `validate_constraints`: forms and
  `full_clean()`) runs in a named `unscoped` block through `ScopedModel`, the mixin every scoped
  model has: it reveals only "already taken".

SQL written by hand (a database cursor's `execute`, `raw()` of any model) carries no filter: in a
request it raises if it touches a table of one of the apps, unless it runs in a named `unscoped`
block (`check_hand_written_sql`, installed on every connection by the project's database backend,
jobbspar/database, whose compilers mark the SQL the ORM makes). Every such place is also held to a
reviewed list by tests/jobbspar/test_hand_written_sql.py.

Not checked: background jobs, management commands, migrations and test setup (outside a request;
they have no user to scope to and act for the whole service by design); the object a foreign key
leads to (`note.participant` uses the base manager: it follows an object that was itself obtained
in scope); and joins into a sensitive table from a query of a model that is not scoped
(`Organisation.objects.filter(participants__name=...)`), which are for review.

django-scopes (pretix) was considered: it scopes by named dimension values (`scope(site=...)`
and a filter on one field per model), which cannot express our rules (an OR of the registering
organisation and active consents, roles that see everything or nothing); its documentation lists
Django 3.2-4.0 and it would have meant a second place deciding visibility next to the access
functions. This module only checks that an access function was asked.
"""

from __future__ import annotations

import contextvars
import logging
import re
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models.fields.related_descriptors import ForwardManyToOneDescriptor
from django.db.models.query import ModelIterable
from django.db.models.signals import class_prepared
from django.db.models.sql import Query
from django.http.response import HttpResponseBase

logger = logging.getLogger("jobbspar.scoping")

# True while a web request is being handled.
_in_request: contextvars.ContextVar[bool] = contextvars.ContextVar("in_request", default=False)
# The reason given to the innermost `unscoped(...)`, or None.
_unscoped_reason: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "unscoped_reason", default=None
)

# What to call instead, per model, for the error message.
ACCESS_FUNCTIONS = {
    "participants.participant": "participants.access.participants_for(user)",
    "tracks.track": "tracks.access.tracks_for(user)",
    "tracks.trackparticipant": "tracks.access.track_participants_for(user)",
    "employers.employer": "employers.access.employers_for(user)",
    "employers.recruitmentneed": "employers.access.needs_for(user)",
    "employers.agreement": "employers.access.agreements_for(user)",
    "employers.planningmeeting": "employers.access.meetings_for(user)",
    "employers.actionitem": "employers.access.action_items_for(user)",
    "employers.educationprovider": "employers.access.education_providers_for(user)",
}


class UnscopedQueryError(Exception):
    """A sensitive model was queried in a web request without an access function's mark."""


@contextmanager
def unscoped(reason: str) -> Iterator[None]:
    """Deliberately query sensitive models without an access scope; say why (it is logged)."""
    if not reason or not reason.strip():
        raise ValueError("unscoped() needs a reason")
    logger.debug("Unscoped queries: %s", reason)
    token = _unscoped_reason.set(reason)
    try:
        yield
    finally:
        _unscoped_reason.reset(token)


@contextmanager
def request_scope() -> Iterator[None]:
    """Check queries of sensitive models for the duration (RequestScopeMiddleware uses it)."""
    token = _in_request.set(True)
    try:
        yield
    finally:
        _in_request.reset(token)


def checking() -> bool:
    """Whether an unscoped query of a sensitive model would raise here and now."""
    return _in_request.get() and _unscoped_reason.get() is None


def _error(model) -> UnscopedQueryError:
    function = ACCESS_FUNCTIONS.get(
        model._meta.label_lower, f"{model._meta.app_label}.access.<things>_for(user)"
    )
    return UnscopedQueryError(
        f"{model._meta.label} was queried in a web request without an access scope. "
        f"Get the queryset from an access function (e.g. {function}, adding one to the "
        "app's access module if there is none for this case), or from a related manager "
        "of an object loaded that way; if unscoped access is really intended (admin, sign-in, "
        'system work), wrap it in `with jobbspar.access.unscoped("why"):`.'
    )


# --- SQL written by hand ---------------------------------------------------------------------

# True while one of the ORM's compilers executes its statement (jobbspar/database/compiler.py).
_orm_statement: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "orm_statement", default=False
)
# A table of one of Jobbspår's apps (their tables are named after the app, Django's default).
_APP_TABLE = re.compile(
    r"\b(?:jobbspar|employers|participants|tracks|portal|dashboard|schedule|steering|api|imports)_[a-z0-9_]+",
    re.IGNORECASE,
)


@contextmanager
def orm_statement() -> Iterator[None]:
    token = _orm_statement.set(True)
    try:
        yield
    finally:
        _orm_statement.reset(token)


def check_hand_written_sql(
    execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]
) -> Any:
    """A database execute wrapper (installed on every connection by jobbspar.database): SQL not
    compiled by the ORM (a cursor's `execute`, `raw()`) may not touch an app's table in a web
    request, outside a named `unscoped` block. It carries no access filter, so it would read or
    change anybody's records. `SELECT 1`, savepoints and the like pass."""
    if checking() and not _orm_statement.get():
        table = _APP_TABLE.search(str(sql))
        if table:
            raise UnscopedQueryError(
                f"SQL written by hand touched {table.group(0)} in a web request. Use a queryset "
                "from an access function, or, if unscoped access is really intended, wrap it in "
                '`with jobbspar.access.unscoped("why"):` (and add it to the reviewed list in '
                "tests/jobbspar/test_hand_written_sql.py)."
            )
    return execute(sql, params, many, context)


# --- The mark --------------------------------------------------------------------------------


class ScopedQuery(Query):
    """The SQL query of a sensitive model. `_access_mark` is set only by `scoped()` and by a
    related manager of a stamped object; clones copy it. Checked whenever it becomes SQL."""

    _access_mark = False

    def get_compiler(self, using=None, connection=None, elide_empty=True) -> Any:
        # Every way a query runs passes here: on its own, as a subquery or `__in` value, and
        # as each part of a union/intersection/difference.
        if not self._access_mark and checking():
            raise _error(self.model)
        return super().get_compiler(using, connection, elide_empty)

    def combine(self, rhs, connector) -> None:
        # `a | b`, `a & b`, `a ^ b`: in scope only if both sides are.
        super().combine(rhs, connector)
        self._access_mark = self._access_mark and getattr(rhs, "_access_mark", False)


def scoped(model: type[models.Model]) -> models.QuerySet:
    """`model`'s base queryset, marked as decided by an access function.

    For the access modules only (`jobbspar/access.py`, `<app>/access.py`): they filter it by
    their rule and return it. Anywhere else it would be a way round the rule, and a test fails.
    """
    queryset = model._default_manager.all()
    if not isinstance(queryset.query, ScopedQuery):
        raise TypeError(f"{model._meta.label} has no ScopedManager")
    queryset.query._access_mark = True
    return queryset


_STAMP = "_loaded_in_scope"


def loaded_in_scope(obj: models.Model) -> bool:
    """Whether `obj` was loaded by a marked queryset (so its related managers are in scope)."""
    return getattr(obj, _STAMP, False)


def reached_from(source: models.Model, obj: models.Model) -> None:
    """`obj` was made from values read with `source` (jobbspar.database.nested: a short list
    read with its record): in scope if `source` is, as an object reached from it by a foreign
    key is. It passes the stamp on; it never makes one."""
    if loaded_in_scope(source):
        setattr(obj, _STAMP, True)


class _StampingModelIterable(ModelIterable):
    """Model instances of a marked queryset, stamped as loaded in scope (before prefetching)."""

    def __iter__(self) -> Iterator[Any]:
        mark = getattr(self.queryset.query, "_access_mark", False)
        for obj in super().__iter__():
            if mark:
                setattr(obj, _STAMP, True)
            yield obj


def _stamping_descriptor(base: type) -> type:
    class StampingForwardDescriptor(base):
        """`note.participant`: an object reached from an object loaded in scope is in scope."""

        def __get__(self, instance, cls=None) -> Any:
            value = super().__get__(instance, cls)
            if instance is not None and value is not None and loaded_in_scope(instance):
                setattr(value, _STAMP, True)
            return value

    StampingForwardDescriptor.__name__ = f"Stamping{base.__name__}"
    return StampingForwardDescriptor


_STAMPING_DESCRIPTORS: dict[type, type] = {}


def _stamp_followed_objects(sender, **kwargs) -> None:
    """On a ScopedModel, the foreign keys and one-to-ones pass the stamp on to the object they
    lead to (loaded lazily, by select_related or by a prefetch alike)."""
    if not issubclass(sender, ScopedModel):
        return
    for field in sender._meta.local_fields:
        if not field.is_relation:
            continue
        descriptor = sender.__dict__.get(field.name)
        if descriptor is None or not isinstance(descriptor, ForwardManyToOneDescriptor):
            continue
        base = type(descriptor)
        if base not in _STAMPING_DESCRIPTORS.values():
            stamping = _STAMPING_DESCRIPTORS.setdefault(base, _stamping_descriptor(base))
            descriptor.__class__ = stamping


class ScopedQuerySet(models.QuerySet):
    """The queryset of a sensitive model: a `ScopedQuery`, and instances stamped when marked."""

    def __init__(self, model=None, query=None, using=None, hints=None) -> None:
        super().__init__(model, query or ScopedQuery(model), using, hints)
        self._iterable_class = _StampingModelIterable

    @property
    def _scoped(self) -> bool:
        return bool(getattr(self.query, "_access_mark", False))

    def _add_hints(self, **hints) -> None:
        # Related managers and prefetches pass the object they belong to as a hint: in scope
        # only if that object was loaded in scope.
        super()._add_hints(**hints)  # type: ignore[misc]  # a private QuerySet method
        instance = hints.get("instance")
        if instance is not None and loaded_in_scope(instance):
            self.query._access_mark = True  # type: ignore[attr-defined]  # a ScopedQuery

    def _check_scope(self) -> None:
        if not self._scoped and checking():
            raise _error(self.model)

    def update(self, **kwargs) -> int:
        # An UPDATE is not compiled from this query class: check here.
        self._check_scope()
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        self._check_scope()
        return super().delete()

    def raw(self, raw_query, params=(), translations=None, using=None) -> Any:
        # Raw SQL ignores this queryset's filters, marked or not.
        if checking():
            raise _error(self.model)
        return super().raw(raw_query, params, translations, using)


class ScopedManager(models.Manager.from_queryset(ScopedQuerySet)):  # type: ignore[misc]
    """The default manager of a sensitive model: its querysets are unmarked (they raise in a
    request) unless an access function marked them with `scoped()`."""


def scoped_manager(queryset_class: type[models.QuerySet] | None = None) -> models.Manager:
    """A ScopedManager, with a model's own queryset methods if it has some (they must derive
    from ScopedQuerySet)."""
    if queryset_class is None:
        return ScopedManager()
    assert issubclass(queryset_class, ScopedQuerySet)
    return ScopedManager.from_queryset(queryset_class)()


INTEGRITY_REASON = "unique and constraint validation: it reveals only that a value is taken"


# A mixin for models: to the type checker it is one.
if TYPE_CHECKING:
    _Model = models.Model
else:
    _Model = object


class ScopedModel(_Model):
    """Mixin for every model with a ScopedManager (before models.Model in the bases).

    Django's unique and constraint validation (ModelForm, full_clean) queries the default
    manager for a row with the same values; it shows nothing but "already taken", so it runs
    unscoped, by name. A row the code has just inserted is stamped as loaded in scope.
    """

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A row this code has just inserted (it had no id) is in scope for the code that made
        # it; an object built with someone else's id is not, even after a save.
        new_row = self._state.adding and self.pk is None
        super().save(*args, **kwargs)
        if new_row:
            setattr(self, _STAMP, True)

    def validate_unique(self, exclude=None) -> None:
        with unscoped(INTEGRITY_REASON):
            super().validate_unique(exclude=exclude)

    def validate_constraints(self, exclude=None) -> None:
        with unscoped(INTEGRITY_REASON):
            super().validate_constraints(exclude=exclude)


class_prepared.connect(_stamp_followed_objects)


# --- The request scope -----------------------------------------------------------------------

ADMIN_REASON = "Django admin: administrators manage reference data and support users"


def _in_request_scope(chunks) -> Iterator:
    """A streamed response's chunks, each produced inside a request scope: the generator runs
    after the view has returned, when the server sends the response."""
    iterator = iter(chunks)
    while True:
        with request_scope():
            try:
                chunk = next(iterator)
            except StopIteration:
                return
        yield chunk


async def _in_request_scope_async(chunks) -> AsyncIterator[bytes]:
    iterator = aiter(chunks)
    while True:
        with request_scope():
            try:
                chunk = await anext(iterator)
            except StopAsyncIteration:
                return
        yield chunk


class RequestScopeMiddleware:
    """Every request is handled in a request scope (first in MIDDLEWARE, so all of it is), and
    a streamed response's content is produced in one too.

    The one exception made here is the Django admin for staff users (administrators): it lists
    and edits records as such, which is what it is for.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request) -> HttpResponseBase:
        with request_scope():
            try:
                response = self.get_response(request)
            finally:
                token = getattr(request, "_unscoped_token", None)
                if token is not None:
                    _unscoped_reason.reset(token)
                    del request._unscoped_token
        # A file streamed from disk (FileResponse of a file) queries nothing; keep its fast path.
        if response.streaming and getattr(response, "file_to_stream", None) is None:
            if response.is_async:
                response.streaming_content = _in_request_scope_async(response.streaming_content)
            else:
                response.streaming_content = _in_request_scope(response.streaming_content)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs) -> None:
        match = request.resolver_match
        user = getattr(request, "user", None)
        if (
            match is not None
            and "admin" in match.namespaces
            and user is not None
            and user.is_active
            and user.is_staff
        ):
            logger.debug("Unscoped queries: %s", ADMIN_REASON)
            request._unscoped_token = _unscoped_reason.set(ADMIN_REASON)
        return None
