"""The job coach's start page: the participants they coach and what needs them next.

A job coach supports participants and employers through a track (DOMAIN.md). Their start page
lists the active members of the open tracks they are job coach of, whom they may see, and
their tasks: phases starting soon in those tracks, deviations the mentors noted in APL, and
their unread notifications. Four queries, however many tracks and participants (tested).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.db.models.functions import Now

from jobbspar import notifications
from jobbspar.database import prepared
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
    """Each list read by a statement built once per kind of user (jobbspar/database/prepared.py),
    its dates given as values (issue 18)."""
    ahead = today + dt.timedelta(days=PHASES_AHEAD_DAYS)
    since = today - dt.timedelta(days=DEVIATIONS_BACK_DAYS)
    with unscoped("phases of the user's tracks, from tracks_for"):
        phases_starting = prepared.evaluate(_phases_starting, user, today, ahead)
    with unscoped("APL notes of members from track_participants_for"):
        noted = prepared.evaluate(_deviations, user, since)
    return CoachOverview(
        participants=prepared.evaluate(_coached_members, user),
        phases_starting=phases_starting,
        deviations=noted,
        notifications=prepared.evaluate(_unread_notifications, user),
    )


def _coached_tracks(user: User) -> QuerySet:
    """The ids of the open tracks `user` is job coach of."""
    return (
        tracks_access.tracks_for(user)
        .filter(job_coaches=user)
        .exclude(status__in=CLOSED_TRACK_STATUSES)
        .values("pk")
    )


def _coached_members(user: User) -> QuerySet[TrackParticipant]:
    """The active members of those tracks whom `user` may see, by track and name."""
    return (
        tracks_access.track_participants_for(user)
        .filter(track__in=_coached_tracks(user), state__in=sorted(ACTIVE_STATES))
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


def _phases_starting(user: User, first: dt.date, last: dt.date) -> QuerySet[Phase]:
    """The phases of those tracks that start from `first` to `last`."""
    return (
        Phase.objects.filter(
            track__in=_coached_tracks(user), starts_on__gte=first, starts_on__lte=last
        )
        .select_related("track")
        .order_by("starts_on", "id")[:LIMIT]
    )


def _deviations(user: User, since: dt.date) -> QuerySet[AplLogEntry]:
    """The deviations the mentors noted in APL of those tracks' members, in the weeks that
    start on `since` or later, newest first."""
    return (
        AplLogEntry.objects.filter(
            track_participant__in=tracks_access.track_participants_for(user).filter(
                track__in=_coached_tracks(user)
            ),
            deviation=True,
            week_starting__gte=since,
        )
        .select_related("track_participant__participant", "track_participant__track")
        .order_by("-week_starting", "id")[:LIMIT]
    )


def _unread_notifications(user: User) -> QuerySet[Notification]:
    """The user's latest five unread notifications that are due (by the database's clock: a
    builder reads no time of day)."""
    return notifications.inbox(user, now=Now()).filter(read_at__isnull=True)[:5]
