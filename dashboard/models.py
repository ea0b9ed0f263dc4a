"""The dashboard's summary table: the counts behind one view, refreshed by Celery.

At national scale the six aggregate queries take over a second, so each view a manager opens
(its filters and breakdown) is kept here as the plain counts `dashboard.outcomes.gather` returns:
aggregates only, never a row about a person. A snapshot is shown only while it is younger than
DASHBOARD_SUMMARY_MAX_AGE_MINUTES (15); the task `dashboard.refresh_summaries` recomputes every
view opened lately, so managers normally never wait, and the page says when its figures were
computed.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from jobbspar.local_time import format_datetime


class DashboardSnapshot(models.Model):
    key = models.CharField(_("key"), max_length=64, unique=True)
    params = models.JSONField(_("filters and breakdown"))
    figures = models.JSONField(_("counts"))
    computed_at = models.DateTimeField(_("computed at"))
    last_viewed_at = models.DateTimeField(_("last viewed at"), db_index=True)

    class Meta:
        verbose_name = _("dashboard summary")
        verbose_name_plural = _("dashboard summaries")

    def __str__(self) -> str:
        return f"{self.key[:12]} ({format_datetime(self.computed_at)})"
