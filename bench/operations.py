"""The scheduled work measured in the benchmark's own process, against the same database:
the reminder sweep and the retention job's dry run. Needs Django set up (bench/run.py)."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from jobbspar import notifications
from jobbspar.models import EmailState, Notification
from participants import retention
from participants.models import Participant


def reminder_sweep() -> dict[str, Any]:
    """Every due row e-mailed once (no crash here), in batches; then the rows are put back as
    they were, so the next run measures the same work."""
    now = timezone.now()
    due = Notification.objects.filter(email_state=EmailState.PENDING, send_after__lte=now).count()
    started = time.monotonic()
    sent = notifications.sweep(max_seconds=600)
    seconds = time.monotonic() - started
    claimed = Notification.objects.filter(claimed_at__gte=now)
    left = Notification.objects.filter(email_state=EmailState.PENDING, send_after__lte=now).count()
    twice = claimed.filter(attempts__gt=1).count()
    states = dict(claimed.values_list("email_state").annotate(n=Count("id")))
    # Back to pending, as generated (the rows were pending with no attempts).
    claimed.update(
        email_state=EmailState.PENDING, sent_at=None, attempts=0, claimed_at=None, claim_token=None
    )
    return {
        "due_rows": due,
        "sent": sent,
        "states_after": states,
        "left_pending": left,
        "sent_more_than_once": twice,
        "seconds": round(seconds, 2),
        "rows_per_s": round(due / seconds) if seconds else None,
        "workers": settings.NOTIFICATION_SWEEP_WORKERS,
        "ok": left == 0 and twice == 0 and sent + states.get(EmailState.SKIPPED, 0) == due,
    }


def retention_dry_run() -> dict[str, Any]:
    before = Participant.objects.filter(anonymised_at__isnull=False).count()
    started = time.monotonic()
    candidates = retention.run_retention(dry_run=True)
    seconds = time.monotonic() - started
    after = Participant.objects.filter(anonymised_at__isnull=False).count()
    return {
        "candidates": len(candidates),
        "seconds": round(seconds, 2),
        "changed_nothing": before == after,
    }
