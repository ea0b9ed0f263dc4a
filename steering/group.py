"""The steering group's rules: who may be a member, meetings, and the decision log.

Views, the demo and tests call these functions; each validates before it saves, so nothing can
save what a form would refuse.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jobbspar.access import refetch
from jobbspar.models import Partnership, User
from steering.access import MEMBER_ROLES, members_for
from steering.models import PlacementTarget, SteeringDecision, SteeringMeeting, SteeringMember


def is_party_staff(user: User, partnership: Partnership) -> bool:
    """A manager or coordinator of one of the partnership's two authorities."""
    return (
        user.is_active
        and user.role in MEMBER_ROLES
        and user.organisation_id in (partnership.employment_service_id, partnership.municipality_id)
    )


def set_members(*, partnership: Partnership, users: Iterable[User], by: User) -> None:
    """Make `users` the steering group of `partnership` (members not named leave it); `by`
    is the user making the change (their access decides which rows they reach)."""
    chosen = {user.pk: user for user in users}
    refused = sorted(str(user) for user in chosen.values() if not is_party_staff(user, partnership))
    if refused:
        raise ValidationError(
            {
                "members": _(
                    "Only managers and coordinators of the partnership's two authorities can "
                    "be members: %(names)s."
                )
                % {"names": ", ".join(refused)}
            }
        )
    with transaction.atomic():
        current = members_for(by).filter(partnership=partnership)
        current.exclude(user_id__in=chosen).delete()
        kept = set(current.values_list("user_id", flat=True))
        SteeringMember.objects.bulk_create(
            [
                SteeringMember(partnership=partnership, user=user)
                for pk, user in chosen.items()
                if pk not in kept
            ]
        )


def save_meeting(*, meeting: SteeringMeeting, by: User | None) -> SteeringMeeting:
    if meeting.pk is None:
        meeting.created_by = by
    meeting.full_clean()
    meeting.save()
    return meeting


def _check_responsible(decision: SteeringDecision, partnership: Partnership) -> None:
    if decision.follow_up_on is not None and decision.responsible is None:
        raise ValidationError(
            {"responsible": _("Name who follows the decision up by the follow-up date.")}
        )
    if decision.responsible is not None and not is_party_staff(decision.responsible, partnership):
        raise ValidationError(
            {
                "responsible": _(
                    "The responsible must be a manager or coordinator of the partnership."
                )
            }
        )


def save_decision(*, decision: SteeringDecision, meeting: SteeringMeeting) -> SteeringDecision:
    """Record (or change) a decision of `meeting`, in the meeting's partnership."""
    decision.meeting = meeting
    decision.partnership = meeting.partnership
    _check_responsible(decision, meeting.partnership)
    decision.full_clean()
    decision.save()
    return decision


def set_decision_done(*, decision: SteeringDecision, done: bool, today: dt.date) -> None:
    """Mark a decision done (today) or open again; nothing changes if it already is."""
    with transaction.atomic():
        locked = refetch(decision).select_for_update().get()
        if locked.done == done:
            return
        locked.done = done
        locked.done_on = today if done else None
        locked.save(update_fields=["done", "done_on"])
    decision.done, decision.done_on = locked.done, locked.done_on


def save_placement_target(*, target: PlacementTarget, partnership: Partnership) -> PlacementTarget:
    """Set the placement rate the partnership's steering group aims at (1-100 %)."""
    target.partnership = partnership
    target.full_clean()
    target.save()
    return target
