"""The CSV export of chosen pool members: their candidate number and state in the track, then
the fields of their record the user may see (participants.export), every one logged as read."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from jobbspar.http import AuthenticatedRequest
from participants.export import chosen_csv
from tracks.models import TrackParticipant


def member_csv_response(
    members: list[TrackParticipant], request: AuthenticatedRequest
) -> HttpResponse:
    """The chosen members as a CSV download."""
    text = chosen_csv(
        request.user,
        [(m.participant, [m.candidate_number, m.get_state_display()]) for m in members],
        extra_headings=[_("Candidate number"), _("State in the track")],
        path=request.path,
    )
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    track = members[0].track if members else None
    name = slugify(track.name) if track else "spar"
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.csv"'
    return response
