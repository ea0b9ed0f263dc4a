"""Planning meetings (avstämningsmöten) with the employer and their action items."""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from employers.models.employers import ContactPerson, Employer
from employers.models.needs import RecruitmentNeed
from employers.models.providers import EducationProvider
from jobbspar.locking import version_field, version_trigger
from jobbspar.scoping import ScopedManager, ScopedModel


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class PlanningMeeting(ScopedModel, models.Model):
    """An avstämningsmöte with the employer. (The tracks app adds its link to a track.)"""

    employer = models.ForeignKey(
        Employer, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("employer")
    )
    partnership = models.ForeignKey(
        "jobbspar.Partnership",
        on_delete=models.PROTECT,
        related_name="meetings",
        verbose_name=_("partnership"),
    )
    need = models.ForeignKey(
        RecruitmentNeed,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("recruitment need"),
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    video_link = models.URLField(_("video link"), blank=True)
    attendee_contacts = models.ManyToManyField(
        ContactPerson, blank=True, related_name="meetings", verbose_name=_("employer contacts")
    )
    attendee_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="planning_meetings",
        verbose_name=_("attendees from AF, the municipality and the employer"),
    )
    education_provider = models.ForeignKey(
        EducationProvider,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("education provider"),
    )
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    version = version_field()

    objects = ScopedManager()

    class Meta:
        triggers = [version_trigger()]
        verbose_name = _("planning meeting")
        verbose_name_plural = _("planning meetings")
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["starts_at"], name="meeting_starts"),
            models.Index(fields=["employer", "starts_at"], name="meeting_employer_starts"),
            models.Index(fields=["partnership", "starts_at"], name="meeting_partnership_starts"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
                violation_error_message=_("The meeting must end after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class ActionItem(ScopedModel, models.Model):
    meeting = models.ForeignKey(
        PlanningMeeting, on_delete=models.CASCADE, related_name="action_items"
    )
    description = models.CharField(_("what"), max_length=500)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="action_items",
        verbose_name=_("owner"),
    )
    due_date = models.DateField(_("due date"))
    done = models.BooleanField(_("done"), default=False)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["owner", "done", "due_date"], name="actionitem_owner")]

    def __str__(self) -> str:
        return self.description
