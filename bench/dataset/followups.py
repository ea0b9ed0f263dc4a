"""The outcome follow-ups at 3, 6 and 12 months after a member left the track."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from bench.dataset.generation import Generation
from bench.dataset.loader import Row
from employers.models import EmploymentType
from jobbspar.dates import add_months
from tracks.models import FollowUpSituation


class FollowUps(Generation):
    def _follow_ups(self, pk: int, left: dt.date, actor: int, followups: list[Row]) -> None:
        """Follow-ups at 3, 6 and 12 months after `left`; most of those long due answered."""
        rng = self.rng
        for months in (3, 6, 12):
            due = add_months(left, months)
            answered = None
            if due + dt.timedelta(days=20) < self.today and rng.random() < 0.75:
                answered = self.moment(due + dt.timedelta(days=rng.randint(0, 45)))
            employed = answered is not None and rng.random() < 0.55
            followups.append(
                {
                    "track_participant_id": pk,
                    "months": months,
                    "due_on": due,
                    "responsible_id": actor,
                    "situation": (
                        (
                            FollowUpSituation.EMPLOYED_AT_TRACK_EMPLOYER
                            if employed
                            else FollowUpSituation.JOB_SEEKER
                        )
                        if answered
                        else ""
                    ),
                    "employment_type": EmploymentType.PERMANENT if employed else "",
                    "hours_per_week": Decimal("40.0") if employed else None,
                    "self_sufficient": employed if answered else None,
                    "income_support": (not employed) if answered else None,
                    "not_hired_reason": "",
                    "answered_at": answered,
                    "answered_by_id": actor if answered else None,
                    "escalated_at": (
                        self.moment(due + dt.timedelta(days=31))
                        if answered is None and due + dt.timedelta(days=31) < self.today
                        else None
                    ),
                    "created_at": self.moment(left),
                }
            )
