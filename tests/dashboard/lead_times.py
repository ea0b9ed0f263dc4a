"""The dashboard's lead times computed in Python from the rows, for tests to compare with the
page (the definitions in docs/dashboard-measures.md)."""

from __future__ import annotations

from django.utils import timezone

from employers.models import PlanningMeeting
from tracks.models import Track, TrackParticipant


def lead_times_from_rows(tracks) -> tuple[list[int], list[int]]:
    """Days from each track's first planning meeting to its start, and to its first hire on or
    after the start: the meetings counted are its need's, after the previous track of that need
    started (among all tracks) and no later than this one's start. Tracks without such a meeting
    are not measured."""
    to_start, to_hire = [], []
    for track in tracks:
        previous = (
            Track.objects.filter(need_id=track.need_id, start_date__lt=track.start_date)
            .order_by("-start_date")
            .values_list("start_date", flat=True)
            .first()
        )
        days = [
            timezone.localtime(m.starts_at).date()
            for m in PlanningMeeting.objects.filter(need_id=track.need_id)
        ]
        days = [d for d in days if d <= track.start_date and (previous is None or d > previous)]
        if not days:
            continue
        first = min(days)
        to_start.append((track.start_date - first).days)
        hires = TrackParticipant.objects.filter(
            track=track, employed_on__gte=track.start_date
        ).values_list("employed_on", flat=True)
        if hires:
            to_hire.append((min(hires) - first).days)
    return to_start, to_hire
