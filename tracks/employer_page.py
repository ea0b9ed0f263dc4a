"""The tracks app's part of the employer page (declared in TracksConfig.contributions)."""

from __future__ import annotations

from typing import Any, cast

from django.http import HttpRequest

from employers.models import Employer
from jobbspar.access import EMPLOYERS, has_role
from jobbspar.models import User
from tracks.access import tracks_for


def context(request: HttpRequest, employer: Employer) -> dict[str, Any]:
    """The employer's latest tracks in the user's partnerships (none for the employer's staff)."""
    user = cast(User, request.user)  # the employer page admits signed-in users only
    if has_role(user, EMPLOYERS):
        return {}
    tracks = (
        tracks_for(user)
        .filter(employer=employer)
        .select_related("need__occupation")
        .order_by("-start_date", "-id")[:20]
    )
    return {"tracks": list(tracks)}
