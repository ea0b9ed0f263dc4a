"""The coordinator's closing questions on a completed track."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jobbspar.scoping import ScopedManager, ScopedModel
from tracks.models.tracks import Phase, Track


class ClosingRating(models.TextChoices):
    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")


class TrackClosing(ScopedModel, models.Model):
    """The coordinator's closing questions when a track is completed: did the training match the
    need, did each phase work (PhaseReview), and does the employer have a new need (which can be
    created at once as a repeat of the track's need)."""

    track = models.OneToOneField(Track, on_delete=models.CASCADE, related_name="closing")
    training_matched_need = models.CharField(
        _("did the training match the need?"), max_length=8, choices=ClosingRating.choices
    )
    training_comment = models.TextField(_("comment on the training"), blank=True, max_length=2000)
    employer_has_new_need = models.BooleanField(_("does the employer have a new need?"))
    new_need = models.ForeignKey(
        "employers.RecruitmentNeed",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("new recruitment need"),
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered"), auto_now=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("closing questions")
        verbose_name_plural = _("closing questions")
        constraints = [
            models.CheckConstraint(
                condition=Q(training_matched_need__in=ClosingRating.values),
                name="trackclosing_rating_valid",
            ),
        ]

    def __str__(self) -> str:
        return str(self.track)


class PhaseReview(ScopedModel, models.Model):
    """Closing question per phase: did it work?"""

    closing = models.ForeignKey(
        TrackClosing, on_delete=models.CASCADE, related_name="phase_reviews"
    )
    phase = models.OneToOneField(Phase, on_delete=models.CASCADE, related_name="review")
    worked = models.CharField(_("did the phase work?"), max_length=8, choices=ClosingRating.choices)
    comment = models.TextField(_("comment"), blank=True, max_length=2000)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("phase review")
        verbose_name_plural = _("phase reviews")
        ordering = ["phase__starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(worked__in=ClosingRating.values), name="phasereview_rating_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.phase}: {self.worked}"
