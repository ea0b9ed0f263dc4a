"""The participant's history: what was done to the record, by whom, when."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobbspar.local_time import format_date
from jobbspar.scoping import ScopedManager, ScopedModel
from participants.models.participant import Participant


class EventKind(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    UPDATED = "updated", _("Details changed")
    BACKGROUND_UPDATED = "background_updated", _("Background changed")
    NOTE_ADDED = "note_added", _("Case note written")
    PLAN_ITEM_ADDED = "plan_item_added", _("Plan item added")
    PLAN_ITEM_UPDATED = "plan_item_updated", _("Plan item changed")
    CONSENT_RECORDED = "consent_recorded", _("Consent recorded")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("Consent withdrawn")
    ACCESS_REQUESTED = "access_requested", _("Access requested by another organisation")
    ACCESS_RELEASED = "access_released", _("Access request released")
    ACCESS_DECLINED = "access_declined", _("Access request declined")
    ACCESS_REQUEST_WITHDRAWN = "access_request_withdrawn", _("Access request withdrawn")
    PRESENTATION_CONSENT = "presentation_consent", _("Consent to employer presentation recorded")
    PRESENTATION_CONSENT_WITHDRAWN = (
        "presentation_consent_withdrawn",
        _("Consent to employer presentation withdrawn"),
    )
    ANONYMISED = "anonymised", _("Anonymised: identity and contact data removed")


class ParticipantEvent(ScopedModel, models.Model):
    """The participant's history: what was done to the record, by whom, when."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=32, choices=EventKind.choices)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "jobbspar.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    at = models.DateTimeField(_("time"), default=timezone.now)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("history event")
        verbose_name_plural = _("history events")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["participant", "-at", "-id"], name="event_participant")]

    def __str__(self) -> str:
        return f"{format_date(self.at)} {self.get_kind_display()}"
