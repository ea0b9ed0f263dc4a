"""Reminders: some waiting for the e-mail sweep, more already sent."""

from __future__ import annotations

import datetime as dt

from bench.dataset.generation import Generation
from jobbspar.models import EmailState, Notification, NotificationKind


class Notifications(Generation):
    def notifications(self, chunk: int = 50_000) -> None:
        """`due_notifications` rows waiting for the sweeper, and twice as many already sent."""
        staff = [
            pk
            for region in self.regions
            for pk in region.af_coordinators + region.municipal_coordinators
        ]
        total = self.preset.due_notifications * 3
        kinds = [
            NotificationKind.FOLLOW_UP_DUE,
            NotificationKind.PHASE_STARTS_SOON,
            NotificationKind.SELECTION_DEADLINE_SOON,
            NotificationKind.CONSENT_EXPIRING,
            NotificationKind.MEETING_SOON,
        ]
        for begin in range(0, total, chunk):
            rows = []
            for i in range(begin, min(begin + chunk, total)):
                due = i < self.preset.due_notifications
                day = self.today - dt.timedelta(days=self.rng.randint(0, 3 if due else 400))
                send_after = self.moment(day, hour=7)
                if send_after > self.now:
                    send_after = self.now - dt.timedelta(minutes=5)
                rows.append(
                    {
                        "recipient_id": staff[i % len(staff)],
                        "kind": kinds[i % len(kinds)],
                        "object_type": "tracks.track",
                        "object_id": str(i),
                        "due_on": day,
                        "send_after": send_after,
                        "subject": "Påminnelse från Jobbspår",
                        "body": "Något i ett jobbspår behöver din uppmärksamhet.",
                        "url": "/tracks/",
                        "ics": "",
                        "created_at": send_after,
                        "read_at": None if due or self.rng.random() < 0.3 else send_after,
                        "email_state": EmailState.PENDING if due else EmailState.SENT,
                        "attempts": 0 if due else 1,
                        "next_attempt_at": None,
                        "claimed_at": None,
                        "sent_at": None if due else send_after,
                        "last_error": "",
                    }
                )
            self.load.copy(Notification, rows)
            self.progress.step("notifications", min(begin + chunk, total), total)
