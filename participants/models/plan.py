"""The individual plan: the interventions planned for the participant."""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jobbspar.locking import version_field, version_trigger
from jobbspar.scoping import ScopedManager, ScopedModel
from participants.models.participant import Participant


class InterventionKind(models.TextChoices):
    LANGUAGE_SUPPORT = "language_support", _("Language support")
    LICENCE_COURSE = "licence_course", _("Driving licence course")
    VOCATIONAL_MODULE = "vocational_module", _("Vocational module")
    MENTORING = "mentoring", _("Mentoring")
    OTHER = "other", _("Other")


class PlanItemStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class PlanItem(ScopedModel, models.Model):
    """One intervention in the participant's individual plan."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="plan_items"
    )
    kind = models.CharField(_("intervention"), max_length=32, choices=InterventionKind.choices)
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=16, choices=PlanItemStatus.choices, default=PlanItemStatus.PLANNED
    )
    responsible = models.CharField(_("responsible party"), max_length=200, blank=True)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    version = version_field()

    objects = ScopedManager()

    class Meta:
        triggers = [version_trigger()]
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        ordering = [models.F("planned_start").asc(nulls_last=True), "id"]
        indexes = [models.Index(fields=["participant", "status"], name="plan_item_participant")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(planned_end__isnull=True)
                | models.Q(planned_start__isnull=True)
                | models.Q(planned_end__gte=models.F("planned_start")),
                name="plan_item_planned_end_after_start",
                violation_error_message=_("The planned end cannot be before the planned start."),
            ),
            models.CheckConstraint(
                condition=models.Q(actual_end__isnull=True)
                | models.Q(actual_start__isnull=True)
                | models.Q(actual_end__gte=models.F("actual_start")),
                name="plan_item_actual_end_after_start",
                violation_error_message=_("The actual end cannot be before the actual start."),
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=InterventionKind.values), name="plan_item_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=PlanItemStatus.values),
                name="plan_item_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title
