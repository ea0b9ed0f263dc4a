"""Who may see and do what: the mechanism, the roles and the shared predicates.

Views never check roles themselves; they declare what they need with `RoleRequiredMixin` /
`role_required` and get their objects from the access functions, so lists, details, search,
exports and counts always agree. Each app owns its rules in its own access module, which builds
on this one: `employers/access.py` (employers, needs, meetings, agreements),
`participants/access.py` (participants, consents, access requests), `tracks/access.py` (tracks,
members, follow-ups), `portal/access.py` (the employer portal) and `dashboard/access.py`. This
module keeps the roles and role sets, `has_role`/`check_role`, the view guards, the partnership
predicates and `refetch`; it imports none of the apps.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import PermissionDenied
from django.db.models import BigIntegerField, Expression, F, Model, QuerySet
from django.http import HttpRequest, HttpResponseBase

from jobbspar.database.arrays import InArray
from jobbspar.models import Partnership, Role, User

# The access functions start every queryset of a sensitive model from `scoped(Model)`, which
# marks it as decided by an access module; a queryset without the mark raises when run in a web
# request (jobbspar/scoping.py). A deliberate exception says why:
# `with access.unscoped("Django admin: administrators manage reference data"):`.
from jobbspar.scoping import UnscopedQueryError as UnscopedQueryError
from jobbspar.scoping import loaded_in_scope, scoped
from jobbspar.scoping import unscoped as unscoped

COORDINATORS = frozenset({Role.AF_COORDINATOR, Role.MUNICIPAL_COORDINATOR})
JOB_COACHES = frozenset({Role.JOB_COACH})
AUTHORITY_STAFF = COORDINATORS | JOB_COACHES
STAFF_AND_ADMIN = AUTHORITY_STAFF | {Role.ADMIN}
COORDINATORS_AND_ADMIN = COORDINATORS | {Role.ADMIN}
MANAGERS = frozenset({Role.MANAGER, Role.ADMIN})
EMPLOYERS = frozenset({Role.EMPLOYER})
# Education provider users: only their organisation's strands (schedule/access.py).
EDUCATION_PROVIDERS = frozenset({Role.EDUCATION_PROVIDER})
EVERYONE = frozenset(Role.values)

AnyUser = User | AnonymousUser
M = TypeVar("M", bound=Model)
View = Callable[..., HttpResponseBase]


def has_role(user: AnyUser, roles: Iterable[str]) -> bool:
    return bool(
        user.is_authenticated and isinstance(user, User) and user.is_active and user.role in roles
    )


def check_role(user: AnyUser, roles: Iterable[str]) -> None:
    """Raise PermissionDenied unless the signed-in user has one of `roles`."""
    if not has_role(user, roles):
        raise PermissionDenied


class RoleRequiredMixin(LoginRequiredMixin):
    """A class-based view open to signed-in users with one of `allowed_roles`."""

    allowed_roles: Iterable[str] = ()

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        check_role(request.user, self.allowed_roles)
        return super().dispatch(request, *args, **kwargs)


def role_required(*roles: str) -> Callable[[View], View]:
    """A function view open to signed-in users with one of `roles`."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            check_role(request.user, roles)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


# --- Partnerships ----------------------------------------------------------------------------
#
# A partnership (an AF office and a municipality, jobbspar.models.Partnership) owns its track
# work: recruitment needs (with their profiles and agreements), planning meetings (with their
# action items) and tracks. Coordinators and job coaches see and edit only their own
# partnerships' work (the partnerships their organisation is a party of); administrators support
# every partnership. Employers are shared reference data: every partnership sees and keeps the
# same employer record, and another partnership's tracks can be read as templates to copy
# (`track_templates_for`: the plan, never the people).


def partnerships_for(user: User) -> QuerySet[Partnership]:
    """The partnerships `user` works in (administrators: all, for support)."""
    if has_role(user, {Role.ADMIN}):
        return Partnership.objects.all()
    if has_role(user, AUTHORITY_STAFF | {Role.MANAGER}):
        return Partnership.objects.of(user.organisation_id)
    return Partnership.objects.none()


class _PartnershipIdsOf(Expression):
    """`ARRAY(SELECT id FROM partnership WHERE employment_service_id = %s OR municipality_id =
    %s)`: the ids of `Partnership.objects.of(organisation_id)`, as one array.

    The same SQL an `ArraySubquery` of that queryset compiles to, written once: building and
    compiling the queryset each time took ~0.3 ms, and a page narrows several querysets by
    partnership (tests/jobbspar/test_access_partnerships.py compares the two)."""

    output_field = ArrayField(BigIntegerField())
    # Bound as a parameter: a statement compiled once serves every organisation
    # (jobbspar/database/statements.py).
    statement_values = ("organisation_id",)

    def __init__(self, organisation_id: int | None) -> None:
        super().__init__()
        self.organisation_id = organisation_id

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        if self.organisation_id is None:  # Partnership.objects.of(None): no partnership
            return "ARRAY[]::bigint[]", ()
        quote = connection.ops.quote_name
        meta = Partnership._meta
        table, pk = quote(meta.db_table), quote(meta.pk.column)
        service = quote(meta.get_field("employment_service").column)
        municipality = quote(meta.get_field("municipality").column)
        sql = f"ARRAY(SELECT P.{pk} FROM {table} P WHERE P.{service} = %s OR P.{municipality} = %s)"  # noqa: S608 - names from the model, quoted; values are parameters
        return sql, (self.organisation_id, self.organisation_id)


def in_own_partnerships(
    user: User, queryset: QuerySet[M], path: str = "partnership"
) -> QuerySet[M]:
    """`queryset` narrowed to the user's partnerships: a subquery (no query of its own) over
    the indexed partnership column, so the query count of a page does not change."""
    if has_role(user, {Role.ADMIN}):
        return queryset
    if has_role(user, AUTHORITY_STAFF):
        # `= ANY(ARRAY(subquery))`, not `IN (subquery)`: PostgreSQL turns an IN into one more
        # table to join, and planning the joins of a detail page's select_related with it took
        # ~4 ms (more than running the query); the array is computed once per query.
        # Unordered: the array is only searched (Partnership's default ordering would sort it).
        return in_partnerships_of(user.organisation_id, queryset, path)
    return queryset.none()


def in_partnerships_of(
    organisation_id: int | None, queryset: QuerySet[M], path: str = "partnership"
) -> QuerySet[M]:
    """`queryset` narrowed to the partnerships `organisation_id` is a party of (none for None):
    `path = ANY(ARRAY(those partnerships' ids))`, a subquery, so no query of its own."""
    return queryset.filter(InArray(F(path), _PartnershipIdsOf(organisation_id)))


# --- Objects already obtained ---------------------------------------------------------------


def refetch(obj: M) -> QuerySet[M]:
    """A queryset of just `obj`, an object the caller already obtained through an access function or
    a related manager (to lock it with select_for_update, or load it again with more relations).
    An object not loaded that way (built by hand, or loaded unmarked) gets an unmarked queryset,
    which raises in a web request."""
    if loaded_in_scope(obj):
        return scoped(type(obj)).filter(pk=obj.pk)
    manager: Any = type(obj)._default_manager
    unmarked: QuerySet[M] = manager.filter(pk=obj.pk)
    return unmarked
