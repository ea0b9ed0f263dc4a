"""The individual plan: interventions that close the gap between a participant and a job.

The tracks app calls `add_plan_item` for the gaps it finds against a requirement profile.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jobbspar.locking import save_versioned
from jobbspar.models import User
from participants.models import EventKind, Participant, PlanItem, PlanItemStatus
from participants.registration import log_event


def add_plan_item(
    *,
    participant: Participant,
    kind: str,
    title: str,
    responsible: str = "",
    planned_start: dt.date | None = None,
    planned_end: dt.date | None = None,
    actual_start: dt.date | None = None,
    actual_end: dt.date | None = None,
    by: User,
    status: str = PlanItemStatus.PLANNED,
) -> PlanItem:
    """Add one intervention to the participant's plan."""
    check_dates(
        planned_start=planned_start,
        planned_end=planned_end,
        actual_start=actual_start,
        actual_end=actual_end,
    )
    with transaction.atomic():
        item = PlanItem.objects.create(
            participant=participant,
            kind=kind,
            title=title,
            status=status,
            responsible=responsible,
            planned_start=planned_start,
            planned_end=planned_end,
            actual_start=actual_start,
            actual_end=actual_end,
            created_by=by,
        )
        log_event(participant=participant, kind=EventKind.PLAN_ITEM_ADDED, by=by, detail=title)
    return item


def check_dates(
    *,
    planned_start: dt.date | None,
    planned_end: dt.date | None,
    actual_start: dt.date | None,
    actual_end: dt.date | None,
) -> None:
    """A plan item's planned and actual periods each end on or after they start."""
    errors = {}
    if planned_start and planned_end and planned_end < planned_start:
        errors["planned_end"] = _("The planned end cannot be before the planned start.")
    if actual_start and actual_end and actual_end < actual_start:
        errors["actual_end"] = _("The actual end cannot be before the actual start.")
    if errors:
        raise ValidationError(errors)


def save_plan_item(*, item: PlanItem, by: User) -> PlanItem:
    """Save a plan item a form has changed, and log it."""
    check_dates(
        planned_start=item.planned_start,
        planned_end=item.planned_end,
        actual_start=item.actual_start,
        actual_end=item.actual_end,
    )
    with transaction.atomic():
        save_versioned(item)
        log_event(
            participant=item.participant,
            kind=EventKind.PLAN_ITEM_UPDATED,
            by=by,
            detail=f"{item.title}: {item.get_status_display()}",
        )
    return item
