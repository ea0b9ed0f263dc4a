"""Who may see and do what: the one place that decides.

Views never check roles themselves; they declare what they need with `RoleRequiredMixin` /
`role_required` and get their objects from the queryset functions here (added per kind of
object as the apps grow), so lists, details, search, exports and counts always agree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps

from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from jobbspar.models import Role, User

COORDINATORS = frozenset({Role.AF_COORDINATOR, Role.MUNICIPAL_COORDINATOR})
AUTHORITY_STAFF = COORDINATORS | {Role.JOB_COACH}
STAFF_AND_ADMIN = AUTHORITY_STAFF | {Role.ADMIN}
COORDINATORS_AND_ADMIN = COORDINATORS | {Role.ADMIN}
MANAGERS = frozenset({Role.MANAGER, Role.ADMIN})
EMPLOYERS = frozenset({Role.EMPLOYER})
EVERYONE = frozenset(Role.values)


def has_role(user: User, roles: Iterable[str]) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role in roles)


def check_role(user: User, roles: Iterable[str]) -> None:
    """Raise PermissionDenied unless the signed-in user has one of `roles`."""
    if not has_role(user, roles):
        raise PermissionDenied


class RoleRequiredMixin(LoginRequiredMixin):
    """A class-based view open to signed-in users with one of `allowed_roles`."""

    allowed_roles: Iterable[str] = ()

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        check_role(request.user, self.allowed_roles)
        return super().dispatch(request, *args, **kwargs)


def role_required(*roles: str) -> Callable:
    """A function view open to signed-in users with one of `roles`."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            check_role(request.user, roles)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


# --- Employers, needs, profiles, meetings, agreements (the employers app) -------------------

EMPLOYER_READERS = STAFF_AND_ADMIN | EMPLOYERS


def _model(name: str):
    from django.apps import apps

    return apps.get_model("employers", name)


def employers_for(user: User):
    """Employers a user may see: all for staff and admin, their own for an employer user."""
    Employer = _model("Employer")
    if has_role(user, STAFF_AND_ADMIN):
        return Employer.objects.all()
    if has_role(user, EMPLOYERS) and user.organisation_id:
        return Employer.objects.filter(organisation_id=user.organisation_id)
    return Employer.objects.none()


def needs_for(user: User):
    return _model("RecruitmentNeed").objects.filter(employer__in=employers_for(user))


def agreements_for(user: User):
    return _model("Agreement").objects.filter(need__in=needs_for(user))


def meetings_for(user: User):
    """Planning meetings: staff and admin only (employer users see them through invitations)."""
    PlanningMeeting = _model("PlanningMeeting")
    if has_role(user, STAFF_AND_ADMIN):
        return PlanningMeeting.objects.all()
    return PlanningMeeting.objects.none()


def action_items_for(user: User):
    ActionItem = _model("ActionItem")
    if has_role(user, STAFF_AND_ADMIN):
        return ActionItem.objects.all()
    return ActionItem.objects.none()


def education_providers_for(user: User):
    EducationProvider = _model("EducationProvider")
    if has_role(user, STAFF_AND_ADMIN):
        return EducationProvider.objects.all()
    return EducationProvider.objects.none()


def may_edit_employers(user: User) -> bool:
    return has_role(user, COORDINATORS_AND_ADMIN)
