"""The tracks app's part of the start page (its `start_page` contribution)."""

from typing import Any

from django.utils import dateformat, timezone
from django.utils.safestring import SafeString

from jobbspar.access import COORDINATORS, JOB_COACHES, has_role
from jobbspar.fast_urls import reverse_fast
from jobbspar.http import AuthenticatedRequest
from jobbspar.markup import format_html
from tracks.coaching import coach_overview
from tracks.models import Track, TrackStatus
from tracks.views import open_tracks_of


def start_page(request: AuthenticatedRequest) -> dict[str, Any]:
    """A coordinator's open tracks; a job coach's participants and tasks."""
    context: dict[str, Any] = {}
    if has_role(request.user, COORDINATORS):
        context["my_tracks"] = track_items(open_tracks_of(request.user))
    if has_role(request.user, JOB_COACHES):
        context["coach_overview"] = coach_overview(request.user, today=timezone.localdate())
    return context


def track_items(tracks: list[Track]) -> list[SafeString]:
    """The coordinator's open tracks as list items, written here rather than node by node
    (jobbspar.markup, issue 18): each linked, with its employer, start and status."""
    statuses = {value: str(label) for value, label in TrackStatus.choices}
    return [
        format_html(
            '<li><a href="{}">{}</a> – {}, {} ({})</li>',
            reverse_fast("tracks:track_detail", [track.pk]),
            track.name,
            track.employer.name,
            dateformat.format(track.start_date, "Y-m-d"),
            statuses.get(track.status, track.status),
        )
        for track in tracks
    ]
