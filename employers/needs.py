"""Recruitment needs: recording, changing and repeating them."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from employers.models import NeedStatus, RecruitmentNeed
from employers.profiles import copy_profile
from employers.registry import record_change
from jobbspar.locking import save_versioned
from jobbspar.models import User


@transaction.atomic
def save_need(*, need: RecruitmentNeed, by: User | None) -> RecruitmentNeed:
    created = need.pk is None
    save_versioned(need)
    summary = _("Need recorded: %(need)s") if created else _("Need changed: %(need)s")
    record_change(employer=need.employer, by=by, summary=summary % {"need": need.occupation})
    return need


@transaction.atomic
def repeat_need(
    *, need: RecruitmentNeed, wanted_start: dt.date, by: User | None
) -> RecruitmentNeed:
    """A new need like `need` (a recurring track), with its latest requirement profile copied."""
    copy = RecruitmentNeed.objects.create(
        employer=need.employer,
        partnership_id=need.partnership_id,
        occupation=need.occupation,
        positions=need.positions,
        wanted_start=wanted_start,
        horizon=need.horizon,
        workplace=need.workplace,
        employment_type=need.employment_type,
        working_hours=need.working_hours,
        shift_work=need.shift_work,
        status=NeedStatus.NEW,
        repeats=need,
        notes=need.notes,
    )
    copy_profile(source=need, target=copy, by=by)
    record_change(
        employer=need.employer,
        by=by,
        summary=_("Need repeated: %(need)s from %(start)s")
        % {"need": need.occupation, "start": wanted_start.isoformat()},
    )
    return copy
