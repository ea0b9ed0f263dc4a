"""Who may see the outcomes dashboard (aggregates only, never a person)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jobbspar.access import COORDINATORS, MANAGERS, has_role
from jobbspar.models import Role, User
from jobbspar.navigation import NavItem
from participants.access import can_see_income_support

# --- Manager dashboard --------------------------------------------------------------------
#
# Aggregates only (counts, rates, sums; groups of fewer than five shown as "<5"), never a
# person: managers and administrators, and coordinators, who run the tracks and answer the
# follow-ups and may see how they turn out. Job coaches and employer users do not.
DASHBOARD_VIEWERS = MANAGERS | COORDINATORS
# Administrators belong to no partnership: the dashboard opens on the whole country for them.
OPENS_ON_THE_COUNTRY = frozenset({Role.ADMIN})


def may_see_dashboard(user: User) -> bool:
    return has_role(user, DASHBOARD_VIEWERS)


def opens_on_the_country(user: User) -> bool:
    """The dashboard's first scope is the whole country rather than the user's partnership."""
    return has_role(user, OPENS_ON_THE_COUNTRY)


def dashboard_may_use_income_support(user: User) -> bool:
    """Income support is the municipality's business even in aggregate: the income-support
    target group (filter and breakdown) is offered only to those who may see the status itself
    (municipal staff); managers and others get the other target groups."""
    return has_role(user, DASHBOARD_VIEWERS) and can_see_income_support(user)


def menu() -> list[NavItem]:
    """The dashboard's section of the main navigation (its `navigation` contribution)."""
    return [NavItem(_("Outcomes"), "dashboard:dashboard", DASHBOARD_VIEWERS)]
