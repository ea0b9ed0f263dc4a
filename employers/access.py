"""Who may see and edit employers, needs, profiles, meetings and agreements.

Every queryset starts from `scoped(Model)` (jobbspar/scoping.py); the roles, the partnership
predicates and the view guards are in jobbspar/access.py.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from employers.models import (
    ActionItem,
    Agreement,
    Criterion,
    EducationProvider,
    Employer,
    PlanningMeeting,
    RecruitmentNeed,
)
from jobbspar.access import (
    COORDINATORS_AND_ADMIN,
    EMPLOYERS,
    STAFF_AND_ADMIN,
    has_role,
    in_own_partnerships,
)
from jobbspar.models import User
from jobbspar.navigation import NavItem
from jobbspar.scoping import scoped

EMPLOYER_READERS = STAFF_AND_ADMIN | EMPLOYERS


def employers_for(user: User) -> QuerySet[Employer]:
    """Employers a user may see: all for staff and admin (shared by every partnership), their
    own for an employer user."""
    if has_role(user, STAFF_AND_ADMIN):
        return scoped(Employer).all()
    if has_role(user, EMPLOYERS) and user.organisation_id:
        return scoped(Employer).filter(organisation_id=user.organisation_id)
    return scoped(Employer).none()


def needs_for(user: User) -> QuerySet[RecruitmentNeed]:
    """Needs of the user's partnerships (staff), all (admin), their own employer's (employer)."""
    if has_role(user, EMPLOYERS):
        return scoped(RecruitmentNeed).filter(employer__in=employers_for(user))
    return in_own_partnerships(user, scoped(RecruitmentNeed).all())


def criteria_for(user: User) -> QuerySet[Criterion]:
    """Requirement-profile criteria of the needs `user` may see."""
    return scoped(Criterion).filter(version__need__in=needs_for(user))


def agreements_for(user: User) -> QuerySet[Agreement]:
    return scoped(Agreement).filter(need__in=needs_for(user))


def meetings_for(user: User) -> QuerySet[PlanningMeeting]:
    """Planning meetings of the user's partnerships: staff and admin only (employer users see
    them through invitations)."""
    return in_own_partnerships(user, scoped(PlanningMeeting).all())


def action_items_for(user: User) -> QuerySet[ActionItem]:
    return in_own_partnerships(user, scoped(ActionItem).all(), "meeting__partnership")


def education_providers_for(user: User) -> QuerySet[EducationProvider]:
    if has_role(user, STAFF_AND_ADMIN):
        return scoped(EducationProvider).all()
    return scoped(EducationProvider).none()


def may_edit_employers(user: User) -> bool:
    return has_role(user, COORDINATORS_AND_ADMIN)


def menu() -> list[NavItem]:
    """The employers app's sections of the main navigation (its `navigation` contribution)."""
    return [NavItem(_("Employers"), "employers:list", STAFF_AND_ADMIN)]
