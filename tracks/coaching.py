"""The job coach's start page: the participants they coach and what needs them next.

A job coach supports participants and employers through a track (DOMAIN.md). Their start page
lists the active members of the open tracks they are job coach of, whom they may see, and
their tasks: phases starting soon in those tracks, deviations the mentors noted in APL, and
their unread notifications. Four queries, however many tracks and participants (tested).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from jobbspar import notifications
from jobbspar.models import Notification, User
from jobbspar.scoping import unscoped
from tracks import access as tracks_access
from tracks.models import ACTIVE_STATES, CLOSED_TRACK_STATUSES, AplLogEntry, Phase, TrackParticipant

PHASES_AHEAD_DAYS = 14
DEVIATIONS_BACK_DAYS = 28
LIMIT = 50


@dataclass(frozen=True)
class CoachOverview:
    participants: list[TrackParticipant]
    phases_starting: list[Phase]
    deviations: list[AplLogEntry]
    notifications: list[Notification]

    @property
    def has_tasks(self) -> bool:
        return bool(self.phases_starting or self.deviations or self.notifications)


def coach_overview(user: User, *, today: dt.date) -> CoachOverview:
    tracks = (
        tracks_access.tracks_for(user)
        .filter(job_coaches=user)
        .exclude(status__in=CLOSED_TRACK_STATUSES)
        .values("pk")
    )
    members = (
        tracks_access.track_participants_for(user)
        .filter(track__in=tracks, state__in=sorted(ACTIVE_STATES))
        .select_related("participant", "track")
        .only(
            "id",
            "state",
            "candidate_number",
            "track__id",
            "track__name",
            "participant__id",
            "participant__name",
        )
        .order_by("track__start_date", "track_id", "participant__name", "id")[:LIMIT]
    )
    phases = (
        Phase.objects.filter(
            track__in=tracks,
            starts_on__gte=today,
            starts_on__lte=today + dt.timedelta(days=PHASES_AHEAD_DAYS),
        )
        .select_related("track")
        .order_by("starts_on", "id")[:LIMIT]
    )
    deviations = (
        AplLogEntry.objects.filter(
            track_participant__in=tracks_access.track_participants_for(user).filter(
                track__in=tracks
            ),
            deviation=True,
            week_starting__gte=today - dt.timedelta(days=DEVIATIONS_BACK_DAYS),
        )
        .select_related("track_participant__participant", "track_participant__track")
        .order_by("-week_starting", "id")[:LIMIT]
    )
    with unscoped("phases of the user's tracks, from tracks_for above"):
        phases_starting = list(phases)
    with unscoped("APL notes of members from track_participants_for above"):
        noted = list(deviations)
    return CoachOverview(
        participants=list(members),
        phases_starting=phases_starting,
        deviations=noted,
        notifications=list(notifications.inbox(user).filter(read_at__isnull=True)[:5]),
    )
