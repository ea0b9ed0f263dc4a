"""Fail-loud scoping: a forgotten access filter raises in a web request instead of leaking.

Who may see a participant, a track or an employer's records is decided in `jobbspar.access`
(consent between AF and the municipality, the employer's own organisation, the role). The
sensitive models use `ScopedManager` as their default manager, and while a web request is being
handled (`RequestScopeMiddleware`) evaluating one of their querysets - iterating, `get`,
`count`, `exists`, `aggregate`, `update`, `delete` - raises `UnscopedQueryError` unless

- the queryset was produced by `jobbspar.access` (a `<things>_for(user)` function there); the
  mark survives `.filter()`, `.order_by()`, `.select_related()`, `.values()` and every other
  chained call;
- it is a related manager of an object already obtained (`participant.case_notes.all()`,
  prefetches of them); or
- the code deliberately opts out: `with jobbspar.access.unscoped("why"):` (the Django admin for
  administrators, sign-in, the write-audit middleware).

Background jobs, management commands, migrations and test setup run outside a request and are
not checked: they have no user to scope to, and the jobs act for the whole service by design
(reminders, retention). Forward foreign keys (`note.participant`) use the base manager and are
not checked either: they follow an object that was itself obtained in scope.

django-scopes (pretix) was considered: it scopes by named dimension values (`scope(site=...)`
and a filter on one field per model), which cannot express our rules (an OR of the registering
organisation and active consents, roles that see everything or nothing); its documentation lists
Django 3.2-4.0 and it would have meant a second place deciding visibility next to
`jobbspar.access`. This module only checks that the access module was asked.
"""

from __future__ import annotations

import contextvars
import logging
import sys
from contextlib import contextmanager

from django.db import models

logger = logging.getLogger("jobbspar.scoping")

# True while a web request is being handled.
_in_request: contextvars.ContextVar[bool] = contextvars.ContextVar("in_request", default=False)
# The reason given to the innermost `unscoped(...)`, or None.
_unscoped_reason: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "unscoped_reason", default=None
)

ACCESS_MODULE = "jobbspar.access"

# What to call instead, per model, for the error message.
ACCESS_FUNCTIONS = {
    "participants.participant": "participants_for(user)",
    "tracks.track": "tracks_for(user)",
    "tracks.trackparticipant": "track_participants_for(user)",
    "employers.employer": "employers_for(user)",
    "employers.recruitmentneed": "needs_for(user)",
    "employers.agreement": "agreements_for(user)",
    "employers.planningmeeting": "meetings_for(user)",
    "employers.actionitem": "action_items_for(user)",
    "employers.educationprovider": "education_providers_for(user)",
}


class UnscopedQueryError(Exception):
    """A sensitive model was queried in a web request without going through jobbspar.access."""


@contextmanager
def unscoped(reason: str):
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
def request_scope():
    """Check queries of sensitive models for the duration (RequestScopeMiddleware uses it)."""
    token = _in_request.set(True)
    try:
        yield
    finally:
        _in_request.reset(token)


def checking() -> bool:
    """Whether an unscoped query of a sensitive model would raise here and now."""
    return _in_request.get() and _unscoped_reason.get() is None


ADMIN_REASON = "Django admin: administrators manage reference data and support users"


class RequestScopeMiddleware:
    """Every request is handled in a request scope (first in MIDDLEWARE, so all of it is).

    The one exception made here is the Django admin for staff users (administrators): it lists
    and edits records as such, which is what it is for.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with request_scope():
            try:
                return self.get_response(request)
            finally:
                token = getattr(request, "_unscoped_token", None)
                if token is not None:
                    _unscoped_reason.reset(token)
                    del request._unscoped_token

    def process_view(self, request, view_func, view_args, view_kwargs):
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


# Django code that queries a model's default manager to check integrity, not to show anything:
# unique and constraint validation of a form or full_clean() (they reveal only "already taken").
_INTEGRITY_CHECKERS = {
    "django.db.models.base": frozenset({"_perform_unique_checks", "_perform_date_checks"}),
    "django.db.models.constraints": frozenset({"validate"}),
}


def _produced_by_access() -> bool:
    """Whether the queryset being created is created by jobbspar.access (the first caller
    outside Django and this module), or by Django's own unique/constraint validation."""
    frame = sys._getframe(1)
    while frame is not None:
        name = frame.f_globals.get("__name__", "")
        if name in (__name__, "django.db.models.manager"):
            frame = frame.f_back
            continue
        if frame.f_code.co_name in _INTEGRITY_CHECKERS.get(name, ()):
            return True
        if name.startswith("django."):
            frame = frame.f_back
            continue
        return name == ACCESS_MODULE
    return False


class ScopedQuerySet(models.QuerySet):
    """A queryset that knows whether it came from the access module, and checks when run."""

    _scoped = False

    def _clone(self):
        clone = super()._clone()
        clone._scoped = self._scoped
        return clone

    def _combine_mark(self, other, combined):
        combined._scoped = self._scoped and getattr(other, "_scoped", False)
        return combined

    def __and__(self, other):
        return self._combine_mark(other, super().__and__(other))

    def __or__(self, other):
        return self._combine_mark(other, super().__or__(other))

    def __xor__(self, other):
        return self._combine_mark(other, super().__xor__(other))

    def _add_hints(self, **hints):
        # Related managers and prefetches of an object already obtained pass it as a hint.
        # Only an instance of a scoped model counts: `organisation.case_notes` must still go
        # through jobbspar.access.
        super()._add_hints(**hints)
        instance = hints.get("instance")
        if instance is not None and isinstance(type(instance)._default_manager, ScopedManager):
            self._scoped = True

    def _check_scope(self) -> None:
        if self._scoped or not checking():
            return
        label = self.model._meta.label_lower
        function = ACCESS_FUNCTIONS.get(label, "<things>_for(user)")
        raise UnscopedQueryError(
            f"{self.model._meta.label} was queried in a web request without an access scope. "
            f"Get the queryset from jobbspar.access (e.g. jobbspar.access.{function}, adding a "
            "function there if there is none for this case), or from a related manager of an "
            "object obtained that way; if unscoped access is really intended (admin, sign-in, "
            'system work), wrap it in `with jobbspar.access.unscoped("why"):`.'
        )

    def _fetch_all(self):
        if self._result_cache is None:
            self._check_scope()
        super()._fetch_all()

    def count(self):
        if self._result_cache is None:
            self._check_scope()
        return super().count()

    def exists(self):
        if self._result_cache is None:
            self._check_scope()
        return super().exists()

    def contains(self, obj):
        if self._result_cache is None:
            self._check_scope()
        return super().contains(obj)

    def aggregate(self, *args, **kwargs):
        self._check_scope()
        return super().aggregate(*args, **kwargs)

    def iterator(self, chunk_size=None):
        self._check_scope()
        return super().iterator(chunk_size=chunk_size)

    def update(self, **kwargs):
        self._check_scope()
        return super().update(**kwargs)

    def delete(self):
        self._check_scope()
        return super().delete()

    def explain(self, *, format=None, **options):
        self._check_scope()
        return super().explain(format=format, **options)


class ScopedManager(models.Manager.from_queryset(ScopedQuerySet)):
    """The default manager of a sensitive model: querysets from jobbspar.access and related
    managers of obtained objects are marked as scoped; anything else raises in a request."""

    def get_queryset(self):
        queryset = super().get_queryset()
        if _produced_by_access():
            queryset._scoped = True
        return queryset


def scoped_manager(queryset_class: type[models.QuerySet] | None = None) -> models.Manager:
    """A ScopedManager, with a model's own queryset methods if it has some (they must derive
    from ScopedQuerySet)."""
    if queryset_class is None:
        return ScopedManager()
    assert issubclass(queryset_class, ScopedQuerySet)
    return ScopedManager.from_queryset(queryset_class)()
