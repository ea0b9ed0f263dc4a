"""Outcome follow-ups: when a participant leaves a track, ask 3, 6 and 12 months later where they
are. Scheduling is idempotent (one row per participant-in-track and interval)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobbspar import access
from jobbspar.dates import add_months
from jobbspar.models import NotificationKind, Role, User
from jobbspar.notifications import notify, render_message
from jobbspar.workdays import on_or_before_working_day
from participants import access as participants_access
from tracks.models import (
    EMPLOYED_SITUATIONS,
    FOLLOW_UP_ANSWER_DAYS,
    FollowUp,
    FollowUpSituation,
    Subsidy,
    TrackParticipant,
)
from tracks.reminder_times import send_after_on


def responsible_coordinator(track_participant: TrackParticipant) -> User | None:
    """Who follows the participant up: the coordinator who nominated them while they still work
    here, else a coordinator of the track from the nominating organisation, else any of its
    coordinators."""
    nominator = track_participant.nominated_by
    if nominator.is_active and nominator.role in access.COORDINATORS:
        return nominator
    coordinators = track_participant.track.coordinators.filter(is_active=True).order_by("pk")
    return (
        coordinators.filter(organisation_id=track_participant.nominating_organisation_id).first()
        or coordinators.first()
    )


def schedule_follow_ups(track_participant: TrackParticipant, *, left_on: dt.date) -> list[FollowUp]:
    """Schedule the follow-ups of a participant who left the track on `left_on`."""
    responsible = responsible_coordinator(track_participant)
    follow_ups = []
    for months in settings.FOLLOW_UP_MONTHS:
        follow_up, _created = track_participant.follow_ups.get_or_create(
            months=months,
            defaults={"due_on": add_months(left_on, months), "responsible": responsible},
        )
        follow_ups.append(follow_up)
    return follow_ups


# --- Reminding, escalating and answering ---------------------------------------------------
#
# Definitions (also in docs/reminders-and-follow-ups.md): a follow-up records the participant's
# situation on its due date (a snapshot). The responsible coordinator is reminded on the due date
# (the working day before when it falls on a weekend or holiday) and may answer from the due date
# until 30 days after it. Unanswered 14 days after the due date, it escalates to the managers of the
# coordinator's organisation. Unanswered, or answered too late, it counts as "unknown", never as a
# success (FollowUp.is_known).
ESCALATION_DAYS = 14


class FollowUpStatus(StrEnum):
    UPCOMING = "upcoming"
    DUE = "due"
    OVERDUE = "overdue"
    UNKNOWN = "unknown"
    ANSWERED = "answered"


STATUS_LABELS = {
    FollowUpStatus.UPCOMING: gettext_lazy("Not yet due"),
    FollowUpStatus.DUE: gettext_lazy("Due"),
    FollowUpStatus.OVERDUE: gettext_lazy("Overdue (escalated)"),
    FollowUpStatus.UNKNOWN: gettext_lazy("Unknown: not answered within 30 days"),
    FollowUpStatus.ANSWERED: gettext_lazy("Answered"),
}


def status_of(follow_up: FollowUp, *, today: dt.date) -> FollowUpStatus:
    if follow_up.answered_at is not None:
        return FollowUpStatus.ANSWERED
    if today < follow_up.due_on:
        return FollowUpStatus.UPCOMING
    if today > follow_up.answer_deadline:
        return FollowUpStatus.UNKNOWN
    if today > follow_up.due_on + dt.timedelta(days=ESCALATION_DAYS):
        return FollowUpStatus.OVERDUE
    return FollowUpStatus.DUE


def may_answer(follow_up: FollowUp, *, today: dt.date) -> bool:
    """Answers are taken from the due date until 30 days after it (also to correct one)."""
    return follow_up.due_on <= today <= follow_up.answer_deadline


def follow_up_reminder_day(follow_up: FollowUp) -> dt.date:
    return on_or_before_working_day(follow_up.due_on)


def escalation_day(follow_up: FollowUp) -> dt.date:
    return follow_up.due_on + dt.timedelta(days=ESCALATION_DAYS)


def _open_follow_ups(*, today: dt.date) -> QuerySet[FollowUp]:
    """Unanswered follow-ups that can still be answered, or are about to be due."""
    return FollowUp.objects.filter(
        answered_at__isnull=True,
        due_on__gte=today - dt.timedelta(days=FOLLOW_UP_ANSWER_DAYS),
        # A due date after a long weekend is reminded up to a week early.
        due_on__lte=today + dt.timedelta(days=7),
    ).select_related(
        "responsible__organisation",
        "track_participant__track",
        "track_participant__nominating_organisation",
    )


def plan_follow_up_due_reminders(*, today: dt.date) -> int:
    """On the due date: the responsible coordinator gets the follow-up task."""
    created = 0
    for follow_up in _open_follow_ups(today=today).filter(responsible__is_active=True):
        day = follow_up_reminder_day(follow_up)
        if day > today:
            continue
        user = follow_up.responsible
        if user is None:  # excluded by the query
            continue
        _, new = notify(
            recipient=user,
            kind=NotificationKind.FOLLOW_UP_DUE,
            obj=follow_up,
            due_on=day,
            send_after=send_after_on(day),
            message=render_message(
                recipient=user,
                template="notifications/follow_up_due",
                context={"follow_up": follow_up, "track": follow_up.track_participant.track},
            ),
            url=reverse("follow_ups:answer", args=[follow_up.pk]),
        )
        created += new
    return created


def managers_of(organisation_ids: Iterable[int | None]) -> dict[int | None, list[User]]:
    wanted = [pk for pk in organisation_ids if pk is not None]
    managers: dict[int | None, list[User]] = {}
    for user in User.objects.filter(
        role=Role.MANAGER, organisation_id__in=wanted, is_active=True
    ).order_by("pk"):
        managers.setdefault(user.organisation_id, []).append(user)
    return managers


def escalation_organisation_id(follow_up: FollowUp) -> int | None:
    """The responsible coordinator's organisation; without one, the nominating organisation."""
    if follow_up.responsible is not None:
        return follow_up.responsible.organisation_id
    return follow_up.track_participant.nominating_organisation_id


def plan_follow_up_escalations(*, today: dt.date) -> int:
    """Unanswered 14 days after the due date: the managers of the coordinator's organisation
    are told (no participant details: they ask the coordinator), and escalated_at is set."""
    follow_ups = list(
        _open_follow_ups(today=today).filter(due_on__lte=today - dt.timedelta(days=ESCALATION_DAYS))
    )
    managers = managers_of({escalation_organisation_id(f) for f in follow_ups})
    created = 0
    for follow_up in follow_ups:
        day = escalation_day(follow_up)
        with transaction.atomic():
            for manager in managers.get(escalation_organisation_id(follow_up), []):
                _, new = notify(
                    recipient=manager,
                    kind=NotificationKind.FOLLOW_UP_ESCALATED,
                    obj=follow_up,
                    due_on=day,
                    send_after=send_after_on(day),
                    message=render_message(
                        recipient=manager,
                        template="notifications/follow_up_escalated",
                        context={
                            "follow_up": follow_up,
                            "track": follow_up.track_participant.track,
                            "coordinator": follow_up.responsible,
                        },
                    ),
                    url=reverse("notification_list"),
                )
                created += new
            FollowUp.objects.filter(pk=follow_up.pk, escalated_at__isnull=True).update(
                escalated_at=timezone.now()
            )
    return created


def plan_follow_up_reminders(*, today: dt.date) -> int:
    return plan_follow_up_due_reminders(today=today) + plan_follow_up_escalations(today=today)


class FollowUpRefused(ValidationError):
    pass


@dataclass(frozen=True)
class FollowUpAnswer:
    situation: str
    self_sufficient: bool
    employment_type: str = ""
    hours_per_week: Decimal | None = None
    # None: not asked. Only municipal staff handle income support (participants.access).
    income_support: bool | None = None
    not_hired_reason: str = ""
    # When employed: whether the job is subsidised and how (tracks.models.Subsidy), and the day
    # the employment started, if known.
    subsidy: str = ""
    employment_start: dt.date | None = None


def _check_employment(answer: FollowUpAnswer, *, due_on: dt.date) -> None:
    if answer.situation not in EMPLOYED_SITUATIONS:
        return
    if answer.subsidy not in Subsidy.values:
        raise FollowUpRefused(_("Say whether the job is subsidised and how."))
    if answer.employment_start is not None and answer.employment_start > due_on:
        raise FollowUpRefused(
            _("The employment must have started on or before the follow-up's due date.")
        )


def record_answer(*, follow_up: FollowUp, answer: FollowUpAnswer, by: User) -> FollowUp:
    """Record the situation on the due date, or refuse with a clear message.

    Someone who may not see income support (an AF coordinator) leaves that answer as it was:
    empty ("not asked") unless municipal staff answered it.
    """
    today = timezone.localdate()
    with transaction.atomic():
        locked = access.refetch(follow_up).select_for_update().get()
        if today < locked.due_on:
            raise FollowUpRefused(
                _("The follow-up can be answered from %(day)s.") % {"day": locked.due_on}
            )
        if today > locked.answer_deadline:
            raise FollowUpRefused(
                _(
                    "The follow-up could be answered until %(day)s. It counts as unknown and "
                    "can no longer be answered."
                )
                % {"day": locked.answer_deadline}
            )
        _check_employment(answer, due_on=locked.due_on)
        employed = answer.situation in EMPLOYED_SITUATIONS
        locked.situation = answer.situation
        locked.subsidy = answer.subsidy if employed else ""
        locked.employment_start = answer.employment_start if employed else None
        locked.employment_type = answer.employment_type if employed else ""
        locked.hours_per_week = answer.hours_per_week if employed else None
        locked.self_sufficient = answer.self_sufficient
        if participants_access.can_see_income_support(by):
            locked.income_support = answer.income_support
        hired_here = answer.situation == FollowUpSituation.EMPLOYED_AT_TRACK_EMPLOYER
        locked.not_hired_reason = "" if hired_here else answer.not_hired_reason.strip()
        locked.answered_at = timezone.now()
        locked.answered_by = by
        locked.save()
    return locked
