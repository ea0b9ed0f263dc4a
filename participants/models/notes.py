"""Case notes: dated notes in the participant's case, written by staff."""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jobbspar.scoping import ScopedManager, ScopedModel
from participants.models.participant import Participant


class NoteKind(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    PHONE_CALL = "phone_call", _("Phone call")
    DECISION = "decision", _("Decision")
    OTHER = "other", _("Other")


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class CaseNote(ScopedModel, models.Model):
    """A dated note in the participant's case, written by a member of staff."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="notes")
    written_on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=16, choices=NoteKind.choices)
    text = models.TextField(_("note"), max_length=10_000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="case_notes",
    )
    organisation = models.ForeignKey(
        "jobbspar.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="case_notes",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")
        ordering = ["-written_on", "-id"]
        indexes = [
            models.Index(fields=["participant", "-written_on", "-id"], name="note_participant")
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=NoteKind.values), name="case_note_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.written_on} {self.get_kind_display()}"
