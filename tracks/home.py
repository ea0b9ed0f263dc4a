"""The tracks app's part of the start page (its `start_page` contribution)."""

from typing import Any

from django.utils import timezone

from jobbspar.access import COORDINATORS, JOB_COACHES, has_role
from jobbspar.http import AuthenticatedRequest
from tracks.coaching import coach_overview
from tracks.views import open_tracks_of


def start_page(request: AuthenticatedRequest) -> dict[str, Any]:
    """A coordinator's open tracks; a job coach's participants and tasks."""
    context: dict[str, Any] = {}
    if has_role(request.user, COORDINATORS):
        context["my_tracks"] = open_tracks_of(request.user)
    if has_role(request.user, JOB_COACHES):
        context["coach_overview"] = coach_overview(request.user, today=timezone.localdate())
    return context
