"""The tracks app's part of the participant page (declared in TracksConfig.contributions): the
tracks the person has been nominated to that the user may open, and how many others there are
(tracks of other partnerships, which the user may not open: counted, not named)."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import BooleanField, ExpressionWrapper, Q
from django.http import HttpRequest

from jobbspar.models import User
from participants.models import Participant
from tracks.access import tracks_for


def context(request: HttpRequest, participant: Participant) -> dict[str, Any]:
    user = cast(User, request.user)  # the participant page admits signed-in staff only
    openable = tracks_for(user)
    every = list(
        participant.track_memberships.annotate(
            openable=ExpressionWrapper(Q(track__in=openable), output_field=BooleanField())
        )
        .select_related("track__employer")
        .order_by("-track__start_date", "-pk")
    )
    memberships = [m for m in every if m.openable]
    return {"memberships": memberships, "tracks_elsewhere": len(every) - len(memberships)}
