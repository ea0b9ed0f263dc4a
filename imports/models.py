"""An uploaded file between its preview and its commit: held server-side only, by its owner.

The rows are personal data (names, personal identity numbers): a batch is deleted on commit, on
cancel, and by the hourly cleanup (imports.batches.remove_expired) an hour after upload.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jobbspar.scoping import ScopedManager, ScopedModel


class ImportKind(models.TextChoices):
    PARTICIPANTS = "participants", _("Participants")
    EMPLOYERS = "employers", _("Employers")


class ImportBatch(ScopedModel, models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_batches"
    )
    kind = models.CharField(_("kind of import"), max_length=16, choices=ImportKind.choices)
    file_name = models.CharField(_("file name"), max_length=200)
    headers = models.JSONField(default=list)
    rows = models.JSONField(default=list)
    # Column index (as a string) -> field key; a column missing here is ignored.
    mapping = models.JSONField(default=dict)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True, db_index=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=ImportKind.values), name="import_batch_kind_valid"
            )
        ]

    def __str__(self) -> str:
        return self.file_name
