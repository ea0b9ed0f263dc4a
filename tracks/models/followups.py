"""Outcome follow-ups of a participant after the track."""

from __future__ import annotations

import datetime as dt

import pghistory
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from employers.models import EmploymentType
from jobbspar.scoping import ScopedManager, ScopedModel
from tracks.models.members import Subsidy, TrackParticipant


class FollowUpSituation(models.TextChoices):
    EMPLOYED_AT_TRACK_EMPLOYER = "employed_here", _("Employed at the track's employer")
    EMPLOYED_ELSEWHERE = "employed_elsewhere", _("Employed elsewhere")
    STUDYING = "studying", _("Studying")
    JOB_SEEKER = "job_seeker", _("Job seeker")
    OTHER = "other", _("Other")


EMPLOYED_SITUATIONS = frozenset(
    {FollowUpSituation.EMPLOYED_AT_TRACK_EMPLOYER, FollowUpSituation.EMPLOYED_ELSEWHERE}
)
# A follow-up records the situation on its due date and must be answered within this many days;
# one answered later, or never, counts as "unknown" - never as a success.
FOLLOW_UP_ANSWER_DAYS = 30


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class FollowUp(ScopedModel, models.Model):
    """An outcome follow-up of one participant, 3, 6 or 12 months after they left a track.

    Scheduled by `tracks.followups.schedule_follow_ups` when the participant completes or
    discontinues; answered by the responsible coordinator with a snapshot of the situation on
    `due_on`.
    """

    track_participant = models.ForeignKey(
        TrackParticipant, on_delete=models.CASCADE, related_name="follow_ups"
    )
    months = models.PositiveSmallIntegerField(_("months after the track"))
    due_on = models.DateField(_("due"))
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("responsible coordinator"),
    )
    situation = models.CharField(
        _("situation"), max_length=20, choices=FollowUpSituation.choices, blank=True
    )
    employment_type = models.CharField(
        _("employment type"), max_length=16, choices=EmploymentType.choices, blank=True
    )
    hours_per_week = models.DecimalField(
        _("hours per week"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    subsidy = models.CharField(
        _("subsidised employment"), max_length=20, choices=Subsidy.choices, blank=True
    )
    employment_start = models.DateField(_("employment start"), null=True, blank=True)
    self_sufficient = models.BooleanField(_("self-sufficient (egen försörjning)"), null=True)
    income_support = models.BooleanField(_("still receiving income support"), null=True)
    not_hired_reason = models.TextField(_("why not hired"), blank=True, max_length=2000)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(
                fields=["due_on"], name="followup_open_due", condition=Q(answered_at__isnull=True)
            ),
            models.Index(fields=["responsible", "due_on"], name="followup_responsible"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["track_participant", "months"], name="followup_once_per_interval"
            ),
            models.CheckConstraint(
                condition=Q(months__gte=1) & Q(months__lte=36), name="followup_months_range"
            ),
            models.CheckConstraint(
                condition=Q(situation="") | Q(situation__in=FollowUpSituation.values),
                name="followup_situation_valid",
            ),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | ~Q(situation=""),
                name="followup_answer_has_situation",
            ),
            models.CheckConstraint(
                condition=Q(subsidy="") | Q(subsidy__in=Subsidy.values),
                name="followup_subsidy_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.months} m: {self.track_participant}"

    @property
    def answer_deadline(self) -> dt.date:
        return self.due_on + dt.timedelta(days=FOLLOW_UP_ANSWER_DAYS)

    @property
    def is_known(self) -> bool:
        """Answered in time: only then does the answer count in the figures."""
        return self.answered_at is not None and self.answered_at.date() <= self.answer_deadline
