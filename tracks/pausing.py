"""A pause in a participant's way through a track: sick leave, parental leave or another break,
with a planned return day. It does not end the track; the return leads back to the state the
participant paused from (training or APL), or they discontinue.

tracks.workflow makes the moves (one locked, recorded transition each); this module holds the
pause's own rules; tracks.track_reminders reminds the coordinators when the planned return day
passes without a return. The reason can be health data: tracks.access decides who may read it, and
employers never do.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from tracks.models import PAUSABLE_STATES, PauseReason, State, TrackParticipant

# The longest pause that can be planned at once (parental leave can run for a year and more).
MAX_PAUSE_DAYS = 3 * 366


@dataclass(frozen=True)
class Pause:
    """Why the participant pauses (tracks.models.PauseReason) and the day they plan to return."""

    reason: str
    planned_return: dt.date | None


class PauseRefused(ValueError):
    """The pause's details do not hold; the message says why, in Swedish."""


def check_pause(pause: Pause | None, *, from_state: str, day: dt.date) -> Pause:
    """The pause's details, checked: a reason from the list and a return after `day`."""
    if from_state not in PAUSABLE_STATES:
        raise PauseRefused(_("Only a participant in training or in APL can pause."))
    if pause is None or pause.reason not in PauseReason.values:
        raise PauseRefused(
            _("Choose the reason for the pause: sick leave, parental leave or another reason.")
        )
    if pause.planned_return is None:
        raise PauseRefused(_("Give the day the participant plans to return."))
    if pause.planned_return <= day:
        raise PauseRefused(_("The planned return must be after the day the pause starts."))
    if (pause.planned_return - day).days > MAX_PAUSE_DAYS:
        raise PauseRefused(_("A pause can be planned for at most three years at a time."))
    return pause


def check_return(member: TrackParticipant, to_state: str) -> None:
    """From a pause, the way back is to the state paused from (or out: discontinued)."""
    if to_state in PAUSABLE_STATES and to_state != member.paused_from:
        raise PauseRefused(
            _("The participant paused from “%(from)s” and returns to it, not to “%(to)s”.")
            % {
                "from": str(State(member.paused_from).label).lower(),
                "to": str(State(to_state).label).lower(),
            }
        )
