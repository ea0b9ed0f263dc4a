"""A participant's progress through the phases, and the mentor's APL log."""

from __future__ import annotations

from decimal import Decimal

import pghistory
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jobbspar.local_time import format_date
from jobbspar.locking import version_field, version_trigger
from jobbspar.scoping import ScopedManager, ScopedModel
from tracks.models.members import TrackParticipant
from tracks.models.tracks import Phase


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class PhaseProgress(ScopedModel, models.Model):
    """Per phase and participant: planned and actual dates, attendance and progress notes."""

    track_participant = models.ForeignKey(
        TrackParticipant, on_delete=models.CASCADE, related_name="progress"
    )
    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="progress")
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    attendance_percent = models.PositiveSmallIntegerField(
        _("attendance (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    notes = models.TextField(_("progress notes"), blank=True, max_length=5000)
    completed = models.BooleanField(_("phase completed"), default=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    version = version_field()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("phase progress")
        verbose_name_plural = _("phase progress")
        triggers = [version_trigger()]
        ordering = ["phase__starts_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["track_participant", "phase"], name="phaseprogress_once"
            ),
            models.CheckConstraint(
                condition=Q(actual_end__isnull=True)
                | Q(actual_start__isnull=True)
                | Q(actual_end__gte=models.F("actual_start")),
                name="phaseprogress_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.phase}: {self.track_participant}"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class AplLogEntry(ScopedModel, models.Model):
    """The mentor's weekly note on a participant in APL, with a deviation flag."""

    track_participant = models.ForeignKey(
        TrackParticipant, on_delete=models.CASCADE, related_name="apl_log"
    )
    week_starting = models.DateField(_("week starting"))
    mentor = models.ForeignKey(
        "employers.ContactPerson",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("mentor"),
    )
    work_done = models.TextField(_("what was done"), max_length=5000, blank=True)
    note = models.TextField(_("note"), max_length=5000)
    hours = models.DecimalField(
        _("hours at the workplace"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("60"))],
    )
    deviation = models.BooleanField(_("deviation"), default=False)
    # Typed by a coordinator or job coach for the mentor (every note before the portal's log).
    on_behalf_of_mentor = models.BooleanField(_("written on the mentor's behalf"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    # The last change (every version is in the write history).
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("APL log entry")
        verbose_name_plural = _("APL log entries")
        ordering = ["track_participant", "week_starting"]
        constraints = [
            models.UniqueConstraint(
                fields=["track_participant", "week_starting"], name="apllog_once_a_week"
            ),
            models.CheckConstraint(
                condition=Q(hours__isnull=True) | Q(hours__gte=0, hours__lte=60),
                name="apllog_hours_in_a_week",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.week_starting}: {self.track_participant}"

    @property
    def written_by(self) -> str:
        """Who wrote the entry, for the page ("–" for a removed account)."""
        return _name_of(self.recorded_by)


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class AplLogComment(ScopedModel, models.Model):
    """A coordinator's or job coach's comment on an APL log entry (the employer reads it)."""

    entry = models.ForeignKey(AplLogEntry, on_delete=models.CASCADE, related_name="comments")
    text = models.TextField(_("comment"), max_length=2000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    written_at = models.DateTimeField(_("comment written"), auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("comment on an APL log entry")
        verbose_name_plural = _("comments on APL log entries")
        ordering = ["entry", "written_at", "id"]

    def __str__(self) -> str:
        return f"{self.entry}: {format_date(self.written_at)}"

    @property
    def written_by(self) -> str:
        return _name_of(self.author)


def _name_of(user) -> str:
    return (user.get_full_name() or user.username) if user is not None else "–"
