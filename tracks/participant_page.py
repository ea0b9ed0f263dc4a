"""The tracks app's part of the participant page (declared in TracksConfig.contributions): the
tracks the person has been nominated to that the user may open, and how many others there are
(tracks of other partnerships, which the user may not open: counted, not named)."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import QuerySet
from django.http import HttpRequest

from jobbspar.database import prepared
from jobbspar.models import User
from participants.models import Participant
from tracks.access import memberships_of_person
from tracks.models import TrackParticipant


def _memberships(user: User, participant_id: int) -> QuerySet[TrackParticipant]:
    """Built once per kind of user (jobbspar/database/prepared.py), not on every request."""
    return (
        memberships_of_person(user, participant_id)
        .select_related("track__employer")
        .order_by("-track__start_date", "-pk")
    )


def context(request: HttpRequest, participant: Participant) -> dict[str, Any]:
    user = cast(User, request.user)  # the participant page admits signed-in staff only
    every = prepared.evaluate(_memberships, user, participant.pk)
    memberships = [m for m in every if m.openable]
    return {"memberships": memberships, "tracks_elsewhere": len(every) - len(memberships)}
