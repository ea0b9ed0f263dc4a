"""Outcome follow-ups: when a participant leaves a track, ask 3, 6 and 12 months later where they
are. Scheduling is idempotent (one row per participant-in-track and interval)."""

from __future__ import annotations

import calendar
import datetime as dt

from django.conf import settings

from jobbspar.models import Role, User
from tracks.models import FollowUp, TrackParticipant

COORDINATOR_ROLES = (Role.AF_COORDINATOR, Role.MUNICIPAL_COORDINATOR)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the last day of a shorter month (31 Jan + 1 -> 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def responsible_coordinator(track_participant: TrackParticipant) -> User | None:
    """Who follows the participant up: the coordinator who nominated them while they still work
    here, else a coordinator of the track from the nominating organisation, else any of its
    coordinators."""
    nominator = track_participant.nominated_by
    if nominator.is_active and nominator.role in COORDINATOR_ROLES:
        return nominator
    coordinators = track_participant.track.coordinators.filter(is_active=True).order_by("pk")
    return (
        coordinators.filter(organisation_id=track_participant.nominating_organisation_id).first()
        or coordinators.first()
    )


def schedule_follow_ups(track_participant: TrackParticipant, *, left_on: dt.date) -> list[FollowUp]:
    """Schedule the follow-ups of a participant who left the track on `left_on`."""
    responsible = responsible_coordinator(track_participant)
    follow_ups = []
    for months in settings.FOLLOW_UP_MONTHS:
        follow_up, _created = track_participant.follow_ups.get_or_create(
            months=months,
            defaults={"due_on": add_months(left_on, months), "responsible": responsible},
        )
        follow_ups.append(follow_up)
    return follow_ups
