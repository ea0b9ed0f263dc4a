"""The employer's part of the schedule: the APL days of their own tracks, on a page and as an
`.ics` file for their calendar. Only APL strands (training and language support are not the
employer's part), and no participant is named."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from jobbspar.access import role_required
from jobbspar.http import AuthenticatedRequest
from schedule import access
from schedule.access import APL_VIEWERS
from schedule.feed_views import ics_response
from schedule.feeds import track_ics
from schedule.models import Strand
from schedule.sessions import sessions_of


def apl_strands_of(request: AuthenticatedRequest) -> list[Strand]:
    """The user's APL strands with their track, weekly pattern and exceptions (three queries)."""
    return list(
        access.employer_apl_strands_for(request.user)
        .select_related("track")
        .prefetch_related(
            Prefetch("weekdays", queryset=access.employer_apl_weekdays_for(request.user)),
            Prefetch("exceptions", queryset=access.employer_apl_exceptions_for(request.user)),
        )
        .order_by("track__start_date", "track_id", "starts_on", "id")
    )


@role_required(*APL_VIEWERS)
def employer_apl(request: AuthenticatedRequest) -> HttpResponse:
    tracks: dict[int, dict] = {}
    for strand in apl_strands_of(request):
        row = tracks.setdefault(strand.track_id, {"track": strand.track, "strands": []})
        row["strands"].append((strand, len(sessions_of(strand))))
    return render(request, "schedule/employer_apl.html", {"rows": list(tracks.values())})


@role_required(*APL_VIEWERS)
def employer_calendar_ics(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    track = get_object_or_404(access.employer_tracks_for(request.user), pk=pk)
    strands = [strand for strand in apl_strands_of(request) if strand.track_id == track.pk]
    content = track_ics(track, strands, host=request.get_host().split(":")[0])
    return ics_response(content, f"apl-spar-{track.pk}.ics")
