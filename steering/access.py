"""Who may see and edit a partnership's steering group, its decisions and its money.

Steering data holds no participant data, but every queryset still starts from `scoped(Model)`
(jobbspar/scoping.py) and is narrowed to the partnerships the user may see here.

Managers and coordinators whose organisation is a party to the partnership see its steering
group and budget; administrators, who support the system and are no party, do not. The group's
members edit it
(meetings, decisions, budgets, draw-downs, members), and so do the partnership's coordinators,
who run the tracks. Job coaches and employer users get no steering pages.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from jobbspar.access import COORDINATORS, has_role, in_partnerships_of, partnerships_for
from jobbspar.models import Partnership, Role, User
from jobbspar.navigation import NavItem
from jobbspar.scoping import scoped
from steering.models import (
    Budget,
    Cost,
    CostsGeneration,
    DrawDown,
    FiguresSnapshot,
    PlacementTarget,
    SteeringDecision,
    SteeringMeeting,
    SteeringMember,
)
from tracks.models import Track, TrackParticipant

# Who sees a partnership's steering pages (of the partnerships their organisation is a party
# to), and who may be a member: managers and coordinators.
STEERING_VIEWERS = MEMBER_ROLES = frozenset({Role.MANAGER}) | COORDINATORS


def steering_partnerships_for(user: User) -> QuerySet[Partnership]:
    """The partnerships whose steering group and budget `user` may see."""
    if has_role(user, STEERING_VIEWERS):
        return partnerships_for(user)
    return Partnership.objects.none()


def _in_steering_partnerships(
    user: User, queryset: QuerySet, path: str = "partnership"
) -> QuerySet:
    if not has_role(user, STEERING_VIEWERS):
        return queryset.none()
    # The same partnerships as steering_partnerships_for(user), as an array subquery.
    return in_partnerships_of(user.organisation_id, queryset, path)


def members_for(user: User) -> QuerySet[SteeringMember]:
    return _in_steering_partnerships(user, scoped(SteeringMember).all())


def meetings_for(user: User) -> QuerySet[SteeringMeeting]:
    return _in_steering_partnerships(user, scoped(SteeringMeeting).all())


def decisions_for(user: User) -> QuerySet[SteeringDecision]:
    return _in_steering_partnerships(user, scoped(SteeringDecision).all())


def budgets_for(user: User) -> QuerySet[Budget]:
    return _in_steering_partnerships(user, scoped(Budget).all())


def draw_downs_for(user: User) -> QuerySet[DrawDown]:
    return _in_steering_partnerships(user, scoped(DrawDown).all(), "budget__partnership")


def costs_for(user: User) -> QuerySet[Cost]:
    return _in_steering_partnerships(user, scoped(Cost).all(), "draw_down__budget__partnership")


def targets_for(user: User) -> QuerySet[PlacementTarget]:
    return _in_steering_partnerships(user, scoped(PlacementTarget).all())


def tracks_for_steering(user: User) -> QuerySet[Track]:
    """The tracks of the partnerships whose steering page `user` sees: for counts by status on
    the steering page and report (no track is listed there)."""
    return _in_steering_partnerships(user, scoped(Track).all())


def track_members_for_steering(user: User) -> QuerySet[TrackParticipant]:
    """The participants-in-tracks of those partnerships: for aggregate counts only (the
    placement rate, participants and hires behind the cost figures); no person is shown."""
    return _in_steering_partnerships(user, scoped(TrackParticipant).all(), "track__partnership")


def kept_figures_for(user: User) -> QuerySet[FiguresSnapshot]:
    """The figures kept for the partnerships whose steering page `user` sees (steering.kept):
    counts only, the same for everyone who may see the partnership."""
    return _in_steering_partnerships(user, scoped(FiguresSnapshot).all())


def costs_generations_for(user: User) -> QuerySet[CostsGeneration]:
    return _in_steering_partnerships(user, scoped(CostsGeneration).all())


def figures_sources_for_refresh() -> tuple[
    QuerySet[Track], QuerySet[TrackParticipant], QuerySet[Cost]
]:
    """Every partnership's tracks, members and costs, for the figures Celery keeps fresh
    (steering.kept.refresh, outside any request and for no user): read only as the counts a
    partnership's steering page shows to those who may see it."""
    return scoped(Track).all(), scoped(TrackParticipant).all(), scoped(Cost).all()


def tracks_to_book_on(partnership: Partnership) -> QuerySet[Track]:
    """The partnership's tracks, to book a cost on (a partnership the user may see: the caller
    got it from steering_partnerships_for). Only names and dates are shown."""
    return scoped(Track).filter(partnership=partnership).order_by("-start_date", "name")


def may_edit_steering(
    user: User, partnership: Partnership, members: list[SteeringMember] | None = None
) -> bool:
    """Members of the partnership's steering group, and its coordinators (a partnership the
    user may see: the caller got it from steering_partnerships_for). `members`: the group's
    members if the caller has them already (members_for(user) of this partnership), to answer
    without another query."""
    if not has_role(user, STEERING_VIEWERS) or user.organisation_id is None:
        return False
    if user.organisation_id not in (partnership.employment_service_id, partnership.municipality_id):
        return False
    if has_role(user, COORDINATORS):
        return True
    if members is not None:
        return any(
            member.partnership_id == partnership.pk and member.user_id == user.pk
            for member in members
        )
    return scoped(SteeringMember).filter(partnership=partnership, user=user).exists()


def member_candidates(partnership: Partnership) -> QuerySet[User]:
    """Who may sit in the partnership's steering group (or be responsible for a decision):
    active managers and coordinators of its two authorities."""
    return User.objects.filter(
        is_active=True,
        role__in=MEMBER_ROLES,
        organisation_id__in=[partnership.employment_service_id, partnership.municipality_id],
    ).select_related("organisation")


def menu() -> list[NavItem]:
    """The steering app's section of the main navigation (its `navigation` contribution)."""
    return [NavItem(_("Steering group"), "steering:index", STEERING_VIEWERS)]
