"""A track's sessions as an RFC 5545 calendar (`.ics`), for staff (every strand) and for the
employer (its APL strands only). The sessions are generated as on the calendar pages, so holidays
are skipped the same way; an event names the strand, its times and place, and never a
participant. Each event's UID is stable (strand and day), so a calendar that imports the file
again updates the events instead of doubling them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import icalendar
from django.utils import timezone

from employers.meetings import _vtimezone_stockholm
from jobbspar.local_time import STOCKHOLM
from schedule.models import Strand
from schedule.sessions import sessions_of
from tracks.models import Track


def track_ics(track: Track, strands: Iterable[Strand], *, host: str) -> bytes:
    """Every session of `strands` (their weekdays and exceptions prefetched), with times in
    Europe/Stockholm (TZID and VTIMEZONE)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Jobbspår//Track schedule//SV")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", track.name)
    calendar.add_component(_vtimezone_stockholm(track.start_date.year))
    stamp = timezone.now().astimezone(dt.UTC)
    for strand in strands:
        for session in sessions_of(strand):
            event = icalendar.Event()
            event.add("uid", f"session-{strand.pk}-{session.day:%Y%m%d}@{host}")
            event.add("dtstamp", stamp)
            event.add("dtstart", dt.datetime.combine(session.day, session.starts_at, STOCKHOLM))
            event.add("dtend", dt.datetime.combine(session.day, session.ends_at, STOCKHOLM))
            event.add("summary", f"{strand} – {track.name}")
            if strand.place:
                event.add("location", strand.place)
            calendar.add_component(event)
    return calendar.to_ical()
