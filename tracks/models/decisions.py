"""The employer's decisions on presented candidates, and their history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jobbspar.local_time import format_date
from jobbspar.scoping import ScopedManager, ScopedModel
from tracks.models.members import TrackParticipant


class Decision(models.TextChoices):
    """The employer's decision on a presented candidate (the portal's selection)."""

    SELECT = "select", _("Select")
    RESERVE = "reserve", _("Reserve")
    DECLINE = "decline", _("Decline")


class DeclineReason(models.TextChoices):
    REQUIREMENTS = "requirements", _("Does not meet a requirement that cannot be trained")
    EXPERIENCE = "experience", _("Other candidates have more relevant experience")
    LANGUAGE = "language", _("Swedish not yet sufficient for the workplace")
    HOURS = "hours", _("Cannot work the hours the job needs")
    FEWER_PLACES = "fewer_places", _("Fewer places than good candidates")
    OTHER = "other", _("Other reason (see the comment)")


class CandidateDecision(ScopedModel, models.Model):
    """The employer's current decision on one presented candidate; changeable until the track's
    selection deadline. Every version is kept in CandidateDecisionChange. The participant's
    state changes only when a coordinator applies the decisions (tracks.decisions)."""

    track_participant = models.OneToOneField(
        TrackParticipant, on_delete=models.CASCADE, related_name="employer_decision"
    )
    decision = models.CharField(_("decision"), max_length=8, choices=Decision.choices)
    reason = models.CharField(_("reason"), max_length=16, choices=DeclineReason.choices, blank=True)
    comment = models.TextField(_("comment"), max_length=1000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"))

    objects = ScopedManager()

    class Meta:
        verbose_name = _("employer's decision")
        verbose_name_plural = _("employer's decisions")
        constraints = [
            models.CheckConstraint(
                condition=Q(decision__in=Decision.values), name="candidatedecision_valid"
            ),
            models.CheckConstraint(
                condition=(Q(decision=Decision.DECLINE) & Q(reason__in=DeclineReason.values))
                | (~Q(decision=Decision.DECLINE) & Q(reason="")),
                name="candidatedecision_reason_iff_declined",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()}: {self.track_participant_id}"


class CandidateDecisionChange(ScopedModel, models.Model):
    """History: one row each time the employer makes or changes a decision."""

    track_participant = models.ForeignKey(
        TrackParticipant, on_delete=models.CASCADE, related_name="decision_changes"
    )
    decision = models.CharField(_("decision"), max_length=8, choices=Decision.choices)
    reason = models.CharField(_("reason"), max_length=16, choices=DeclineReason.choices, blank=True)
    comment = models.TextField(_("comment"), max_length=1000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"))

    objects = ScopedManager()

    class Meta:
        verbose_name = _("change of decision")
        verbose_name_plural = _("changes of decisions")
        ordering = ["track_participant", "decided_at", "id"]
        indexes = [
            models.Index(fields=["track_participant", "decided_at"], name="decisionchange_member")
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} ({format_date(self.decided_at)})"
