"""Acting on several people at once: moving or presenting pool members, reminding the employer
about them, and nominating participants to a track.

A bulk action is nothing but the single action made once per person, each in its own
transaction with its own row lock and history row, so one refusal never undoes or blocks the
others. The preview makes exactly the same calls inside a savepoint that is always rolled back:
what it says will happen is what the rules say, not a second copy of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from jobbspar.bulk import MAX_CHOSEN, Outcome, Result, each, rehearse
from jobbspar.models import User
from participants.models import Participant
from tracks import workflow
from tracks.models import Phase, State, Track, TrackParticipant

MAX_MEMBERS = MAX_CHOSEN

__all__ = ["MAX_MEMBERS", "Outcome", "Result", "rehearse"]

# Moves a bulk move cannot make: an offer is made, declined or withdrawn for one person, on
# their own terms; a pause has one person's reason and planned return (the return from a pause
# may be made in bulk: each goes back to where they paused from, or is refused).
NOT_IN_BULK = frozenset({State.OFFERED, State.DECLINED, State.OFFER_WITHDRAWN, State.PAUSED})


def bulk_targets() -> list[str]:
    """The states a bulk move may move members to, in the order of the way through a track."""
    return [value for value in State.values if value not in NOT_IN_BULK]


# --- Moving (and presenting) pool members --------------------------------------------------


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
    return Outcome(member, Result.DONE)


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
    return each(
        members,
        lambda member: _one(member, to_state=to_state, by=by, reason=reason, phase=phase),
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
    chosen = list(members)
    return rehearse(lambda: move_all(chosen, to_state=to_state, by=by, reason=reason, phase=phase))


def present_all(members: Iterable[TrackParticipant], *, by: User, **_: Any) -> list[Outcome]:
    """Present every member to the employer: the single move to "presented", whose rules refuse
    a member without a recorded consent to presentation (workflow._check_requirements)."""
    return move_all(members, to_state=State.PRESENTED, by=by)


# --- Nominating participants to a track ----------------------------------------------------


def _nominate_one(
    participant: Participant, *, track: Track, by: User, motivation: str, in_pool: set[int]
) -> Outcome:
    if participant.pk in in_pool:
        return Outcome(participant, Result.REFUSED, _("Already in this track's pool."))
    if participant.presentation_consent_on is None:
        # Whoever is nominated in bulk has not had their own nomination page: only people who
        # have consented to being put forward to an employer are taken.
        return Outcome(
            participant,
            Result.REFUSED,
            _(
                "Their free will and consent to presentation are not recorded; nominate them "
                "from the track's candidate page once they are."
            ),
        )
    try:
        workflow.nominate_candidate(
            track=track, participant=participant, by=by, motivation=motivation
        )
    except ValidationError as refused:
        return Outcome(participant, Result.REFUSED, " ".join(refused.messages))
    return Outcome(participant, Result.DONE)


def nominate_all(
    participants: Iterable[Participant], *, track: Track, by: User, motivation: str
) -> list[Outcome]:
    """Nominate every participant to `track` (the single nomination, once each, with the same
    motivation); one already in the pool, without a consent to presentation, or refused by the
    nomination's own rules is left out, with the reason.

    The caller has got `participants` through `participants.access.participants_for(by)`."""
    chosen = list(participants)
    in_pool = set(
        track.participants.filter(participant__in=[p.pk for p in chosen]).values_list(
            "participant_id", flat=True
        )
    )
    return each(
        chosen,
        lambda participant: _nominate_one(
            participant, track=track, by=by, motivation=motivation, in_pool=in_pool
        ),
    )
