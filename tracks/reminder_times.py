"""When a planned reminder is sent: from SEND_HOUR, Stockholm time, on its day.

Its own module so that every planner (tracks.reminders, tracks.track_reminders,
tracks.followups) can use it without importing the others.
"""

from __future__ import annotations

import datetime as dt

from jobbspar.local_time import STOCKHOLM

# Reminders become visible and are e-mailed from this hour of their day.
SEND_HOUR = 7


def send_after_on(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(SEND_HOUR), tzinfo=STOCKHOLM)
