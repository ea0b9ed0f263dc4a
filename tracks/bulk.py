"""Moving several members of a track's pool at once.

A bulk move is nothing but the single move (`workflow.move_participant`) made once per member,
each in its own transaction with its own row lock and history row, so one refusal never undoes
or blocks the others. The preview makes exactly the same moves inside a savepoint that is
always rolled back: what it says will happen is what the rules say, not a second copy of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jobbspar.models import User
from jobbspar.repeats import once_per_row
from tracks import workflow
from tracks.models import Phase, State, TrackParticipant

# The most members one bulk move may name: a pool is a few dozen people, and every move is a
# locked transaction of its own.
MAX_MEMBERS = 100

# Moves a bulk move cannot make: an offer is made, declined or withdrawn for one person, on
# their own terms; a pause has one person's reason and planned return (the return from a pause
# may be made in bulk: each goes back to where they paused from, or is refused).
NOT_IN_BULK = frozenset({State.OFFERED, State.DECLINED, State.OFFER_WITHDRAWN, State.PAUSED})


def bulk_targets() -> list[str]:
    """The states a bulk move may move members to, in the order of the way through a track."""
    return [value for value in State.values if value not in NOT_IN_BULK]


class Result:
    MOVED = "moved"
    ALREADY_THERE = "already_there"
    REFUSED = "refused"


@dataclass(frozen=True)
class Outcome:
    """One member's part of a bulk move: the member as they were before it, and what happened."""

    member: TrackParticipant
    result: str
    refusal: str = ""


class _Rollback(Exception):
    """Raised inside the preview's savepoint so that nothing it did is kept."""


def _one(
    member: TrackParticipant, *, to_state: str, by: User, reason: str, phase: Phase | None
) -> Outcome:
    if member.state == to_state:
        return Outcome(member, Result.ALREADY_THERE)
    try:
        # Moves a fresh, locked copy of the row; `member` keeps the state it had.
        workflow.move_participant(
            track_participant=member, to_state=to_state, by=by, reason=reason, phase=phase
        )
    except ValidationError as refused:
        return Outcome(member, Result.REFUSED, " ".join(refused.messages))
    return Outcome(member, Result.MOVED)


def _refuse_offers(to_state: str) -> None:
    if to_state == State.PAUSED:
        raise ValidationError(
            _(
                "A pause is recorded for one participant at a time, with its reason and "
                "planned return."
            )
        )
    if to_state in NOT_IN_BULK:
        raise ValidationError(
            _("A job offer, and its answer, is recorded for one participant at a time.")
        )


def preview(
    members: Iterable[TrackParticipant],
    *,
    to_state: str,
    by: User,
    reason: str = "",
    phase: Phase | None = None,
) -> list[Outcome]:
    """What `move_all` would do to each member, without doing any of it."""
    _refuse_offers(to_state)
    outcomes: list[Outcome] = []
    try:
        with transaction.atomic(), once_per_row():
            outcomes = [
                _one(member, to_state=to_state, by=by, reason=reason, phase=phase)
                for member in members
            ]
            raise _Rollback
    except _Rollback:
        pass
    return outcomes


def move_all(
    members: Iterable[TrackParticipant],
    *,
    to_state: str,
    by: User,
    reason: str = "",
    phase: Phase | None = None,
) -> list[Outcome]:
    """Move every member to `to_state`, each as one recorded, locked transition of its own;
    a member the rules refuse is left where they are, with the reason."""
    _refuse_offers(to_state)
    with once_per_row():
        return [
            _one(member, to_state=to_state, by=by, reason=reason, phase=phase) for member in members
        ]
