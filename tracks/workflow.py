"""The one place that changes state in a track: a participant's way through it, and the track's
own status.

Every change locks the row, does nothing if the change is already made, checks the explicit
tables below and writes a history row with the actor and reason. Its consequences in the data
(a selected participant's gaps added to their individual plan) happen in the same transaction,
so they are made exactly when the change is.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from employers.models import Employer
from employers.profiles import mark_profile_version_used
from jobbspar import access
from jobbspar.local_time import format_date
from jobbspar.models import User
from participants.consent import can_be_presented_to_employer
from participants.models import Participant, ParticipantStatus
from tracks.earned_certificates import add_track_certificates
from tracks.followups import schedule_follow_ups
from tracks.matching import add_gaps_to_plan, criteria_of, explain_participant
from tracks.models import (
    ACTIVE_STATES,
    CLOSED_TRACK_STATUSES,
    FINAL_STATES,
    MILESTONE_FIELDS,
    OFFER_ENDED_STATES,
    PAUSABLE_STATES,
    REASON_STATES,
    Phase,
    PhaseKind,
    State,
    Subsidy,
    Track,
    TrackParticipant,
    TrackStatus,
    TrackStatusChange,
    Transition,
)
from tracks.pausing import Pause, PauseRefused, check_pause, check_return

# The participant's way through a track: from-state -> the states it may move to.
TRANSITIONS: dict[str, frozenset[str]] = {
    State.NOMINATED: frozenset({State.IN_INTRODUCTION, State.NOT_SELECTED}),
    State.IN_INTRODUCTION: frozenset({State.PRESENTED, State.NOT_SELECTED}),
    State.PRESENTED: frozenset({State.SELECTED, State.NOT_SELECTED}),
    State.SELECTED: frozenset({State.IN_TRAINING, State.DISCONTINUED}),
    State.NOT_SELECTED: frozenset({State.CONTINUED_SUPPORT}),
    # APL runs alongside training on the schedule's strands: "in APL" while training goes on,
    # and back to training when the APL period ends before the training does.
    State.IN_TRAINING: frozenset({State.IN_APL, State.PAUSED, State.DISCONTINUED}),
    # An employer may offer a job during APL or the hiring phase, before completion.
    State.IN_APL: frozenset(
        {State.IN_TRAINING, State.PAUSED, State.COMPLETED, State.DISCONTINUED, State.OFFERED}
    ),
    # A pause (tracks.pausing) returns to the state paused from, or ends in discontinuation.
    State.PAUSED: frozenset({State.IN_TRAINING, State.IN_APL, State.DISCONTINUED}),
    State.COMPLETED: frozenset({State.OFFERED, State.CONTINUED_SUPPORT}),
    State.DISCONTINUED: frozenset({State.CONTINUED_SUPPORT}),
    State.OFFERED: frozenset({State.EMPLOYED, State.DECLINED, State.OFFER_WITHDRAWN}),
    State.EMPLOYED: frozenset(),
    State.DECLINED: frozenset({State.CONTINUED_SUPPORT}),
    State.OFFER_WITHDRAWN: frozenset({State.CONTINUED_SUPPORT}),
    State.CONTINUED_SUPPORT: frozenset(),
}

# The track's own status, in order.
TRACK_TRANSITIONS: dict[str, frozenset[str]] = {
    TrackStatus.PLANNING: frozenset({TrackStatus.RECRUITING}),
    TrackStatus.RECRUITING: frozenset({TrackStatus.PLANNING, TrackStatus.RUNNING}),
    TrackStatus.RUNNING: frozenset({TrackStatus.COMPLETED}),
    TrackStatus.COMPLETED: frozenset({TrackStatus.FOLLOWED_UP}),
    TrackStatus.FOLLOWED_UP: frozenset(),
}


class TransitionRefused(ValidationError):
    """A change the tables or the rules do not allow; the message says why, in Swedish."""


@dataclass(frozen=True)
class Offer:
    employment_type: str
    start_date: dt.date
    hours_per_week: Decimal
    employer: Employer
    # Whether the job is subsidised and how (tracks.models.Subsidy); required.
    subsidy: str


# The states in which a job offer can be recorded: APL (and the hiring phase), or completed.
OFFERABLE_STATES = frozenset(state for state, to in TRANSITIONS.items() if State.OFFERED in to)


def may_record_offer(member: TrackParticipant) -> bool:
    """A job offer can be recorded now: during APL or the hiring phase, or after completion."""
    return member.state in OFFERABLE_STATES


def allowed_moves(state: str, *, paused_from: str = "") -> list[str]:
    """The states a participant in `state` may move to, in the order of the State choices (from
    a pause: back to `paused_from`, or discontinued)."""
    return list(_allowed_moves(state, paused_from))


# The order of the State choices, read once (State.values builds a new list on every call; the
# track page asks for every card's moves).
_STATE_ORDER = tuple(State.values)


@functools.cache
def _allowed_moves(state: str, paused_from: str) -> tuple[str, ...]:
    targets = TRANSITIONS[state]
    if state == State.PAUSED:
        targets = targets - (PAUSABLE_STATES - {paused_from})
    return tuple(value for value in _STATE_ORDER if value in targets)


def moves_of(member: TrackParticipant) -> list[str]:
    """The states `member` may move to now."""
    return allowed_moves(member.state, paused_from=member.paused_from)


def _label(state: str) -> str:
    return str(State(state).label).lower()


# Moves that must agree with the calendar and the phase plan (docs/move-rules.md).
REALITY_CHECKED = frozenset(
    {State.IN_TRAINING, State.IN_APL, State.COMPLETED, State.OFFERED, State.EMPLOYED}
)


def _first_start(phases: list[Phase], kind: str) -> dt.date | None:
    return min((p.starts_on for p in phases if p.kind == kind), default=None)


def reality_problems(
    tp: TrackParticipant, to_state: str, *, today: dt.date, offer: Offer | None = None
) -> list[str]:
    """Why a move into training, APL, completed, offered or employed does not fit the track's
    calendar and phase plan today (empty when it does). A coordinator may still make it as a
    recorded exception, with a reason."""
    if to_state not in REALITY_CHECKED:
        return []
    track = tp.track
    phases = list(track.phases.all())
    problems = []
    if to_state == State.IN_TRAINING:
        training_starts = _first_start(phases, PhaseKind.TRAINING) or track.start_date
        if today < training_starts:
            problems.append(
                _("The training starts on %(date)s.") % {"date": format_date(training_starts)}
            )
    elif to_state == State.IN_APL:
        starts = _first_start(phases, PhaseKind.APL)
        if starts is None and phases:
            problems.append(_("The track's phase plan has no APL phase."))
        elif today < (starts or track.start_date):
            problems.append(
                _("APL starts on %(date)s.") % {"date": format_date(starts or track.start_date)}
            )
    elif to_state == State.COMPLETED:
        taught = [p for p in phases if p.kind != PhaseKind.HIRING]
        ends = max((p.ends_on for p in taught), default=track.end_date)
        done = {progress.phase_id for progress in tp.progress.all() if progress.completed}
        if today < ends and not (taught and all(p.pk in done for p in taught)):
            problems.append(
                _(
                    "The track's last phase ends on %(date)s, and the participant's progress "
                    "does not show every phase done."
                )
                % {"date": format_date(ends)}
            )
    elif to_state == State.OFFERED:
        if offer is not None and tp.completed_on and offer.start_date < tp.completed_on:
            problems.append(
                _("The employment cannot start before the participant completed the track.")
            )
    elif to_state == State.EMPLOYED and tp.offer_start_date and today < tp.offer_start_date:
        problems.append(
            _("The employment starts on %(date)s.") % {"date": format_date(tp.offer_start_date)}
        )
    return problems


def move_participant(
    *,
    track_participant: TrackParticipant,
    to_state: str,
    by: User,
    reason: str = "",
    phase: Phase | None = None,
    offer: Offer | None = None,
    exception_reason: str = "",
    on: dt.date | None = None,
    pause: Pause | None = None,
) -> TrackParticipant:
    """Move a participant in a track to `to_state`, or refuse with a clear message.

    A pause needs `pause` (its reason and planned return day); from a pause the participant
    returns to the state they paused from, or discontinues.

    A move that does not fit the calendar or the phase plan (`reality_problems`) is refused
    unless `exception_reason` says why it is made anyway; it is then recorded as an exception
    with that reason in the history."""
    if to_state not in TRANSITIONS:
        raise TransitionRefused(_("Unknown state."))
    # The day the step happened: today, or an earlier day when it is recorded afterwards (the
    # demo walks past tracks on the days they ran). The rules are checked against that day.
    today = timezone.localdate()
    day = on or today
    if day > today:
        raise TransitionRefused(_("A step cannot be recorded for a day that has not come."))
    reason = (reason or "").strip()
    exception_reason = (exception_reason or "").strip()
    with transaction.atomic():
        locked: TrackParticipant = (
            # Lock only the member's row; the track and participant are read, not changed.
            access.refetch(track_participant)
            .select_for_update(of=("self",))
            .select_related("track", "participant")
            .get()
        )
        if locked.state == to_state:
            return locked  # already there: nothing to do
        if locked.track.status in CLOSED_TRACK_STATUSES:
            raise TransitionRefused(_("The track is closed; nobody can be moved in it."))
        if to_state not in TRANSITIONS[locked.state]:
            raise TransitionRefused(
                _("A participant who is “%(from)s” cannot be moved to “%(to)s”.")
                % {"from": _label(locked.state), "to": _label(to_state)}
            )
        _check_requirements(locked, to_state, reason=reason, phase=phase, offer=offer)
        try:
            if to_state == State.PAUSED:
                pause = check_pause(pause, from_state=locked.state, day=day)
            if locked.state == State.PAUSED:
                check_return(locked, to_state)
        except PauseRefused as refused:
            raise TransitionRefused(str(refused)) from refused
        problems = reality_problems(locked, to_state, today=day, offer=offer)
        if problems and not exception_reason:
            raise TransitionRefused(
                " ".join(problems)
                + " "
                + _(
                    "To move the participant anyway, give the reason for the exception; it is "
                    "recorded in the history."
                )
            )

        from_state = locked.state
        locked.state = to_state
        fields = ["state", "state_changed_at"]
        if to_state in REASON_STATES | OFFER_ENDED_STATES:
            locked.reason = reason
            fields.append("reason")
        if to_state == State.DISCONTINUED:
            locked.discontinued_phase = phase
            fields.append("discontinued_phase")
        if to_state == State.OFFERED:
            assert offer is not None
            locked.offer_employment_type = offer.employment_type
            locked.offer_start_date = offer.start_date
            locked.offer_hours_per_week = offer.hours_per_week
            locked.offer_employer = offer.employer
            locked.offer_subsidy = offer.subsidy
            fields += [
                "offer_subsidy",
                "offer_employment_type",
                "offer_start_date",
                "offer_hours_per_week",
                "offer_employer",
            ]
        if to_state == State.PAUSED:
            assert pause is not None  # checked above
            locked.paused_from = from_state
            locked.pause_reason = pause.reason
            locked.pause_planned_return = pause.planned_return
            fields += ["paused_from", "pause_reason", "pause_planned_return"]
        elif from_state == State.PAUSED:
            # The pause is over; its details stay in the member's history (pghistory).
            locked.paused_from = locked.pause_reason = ""
            locked.pause_planned_return = None
            fields += ["paused_from", "pause_reason", "pause_planned_return"]
        locked.state_changed_at = timezone.now()
        milestone = MILESTONE_FIELDS.get(to_state)
        if milestone and getattr(locked, milestone) is None:
            # The day this step was first reached (the manager dashboard counts these).
            setattr(locked, milestone, day)
            fields.append(milestone)
        locked.save(update_fields=fields)
        Transition.objects.create(
            track_participant=locked,
            from_state=from_state,
            to_state=to_state,
            reason=exception_reason if problems else reason,
            override=bool(problems),
            actor=by,
        )
        sync_participant_status(locked.participant, to_state)
        left_during_offer = to_state in {State.EMPLOYED, *OFFER_ENDED_STATES} and not (
            locked.completed_on or locked.discontinued_on
        )
        if to_state in (State.COMPLETED, State.DISCONTINUED) or left_during_offer:
            # Where are they 3, 6 and 12 months later? Scheduled in the same transaction; one
            # offered a job during the track leaves it when they start the job or decline.
            schedule_follow_ups(locked, left_on=day)
        if to_state == State.SELECTED:
            # The gaps the track trains become items in the participant's individual plan.
            add_gaps_to_plan(track_participant=locked, by=by)
        if to_state == State.COMPLETED:
            # The certificates the track gives count in later matching.
            add_track_certificates(locked)
    return locked


def return_from_pause(
    *, track_participant: TrackParticipant, by: User, reason: str = "", exception_reason: str = ""
) -> TrackParticipant:
    """The paused participant returns to the state they paused from (training or APL)."""
    if track_participant.state != State.PAUSED:
        raise TransitionRefused(_("The participant is not paused."))
    return move_participant(
        track_participant=track_participant,
        to_state=track_participant.paused_from,
        by=by,
        reason=reason,
        exception_reason=exception_reason,
    )


def sync_participant_status(participant: Participant, state: str) -> None:
    """Keep the participant's overall status in step with their way through a track: in a track
    while active in one, employed once employed, looking again after any other outcome. A status a
    coordinator set by hand (paused, closed) is left alone, except that employment is recorded."""
    if state == State.EMPLOYED:
        new, replaceable = ParticipantStatus.EMPLOYED, set(ParticipantStatus.values)
    elif state in FINAL_STATES:
        new, replaceable = ParticipantStatus.ACTIVE, {ParticipantStatus.IN_TRACK}
    else:
        new, replaceable = ParticipantStatus.IN_TRACK, {ParticipantStatus.ACTIVE}
    access.refetch(participant).filter(status__in=sorted(replaceable - {new})).update(status=new)


def _check_requirements(
    tp: TrackParticipant,
    to_state: str,
    *,
    reason: str,
    phase: Phase | None,
    offer: Offer | None,
) -> None:
    if to_state == State.NOT_SELECTED and not reason:
        raise TransitionRefused(_("Give a reason why the participant was not selected."))
    if to_state == State.DISCONTINUED:
        if not reason:
            raise TransitionRefused(_("Give a reason why the participant discontinued."))
        if phase is not None and phase.track_id != tp.track_id:
            raise TransitionRefused(_("Choose a phase of this track."))
    if to_state == State.DECLINED and not reason:
        raise TransitionRefused(_("Give the reason the participant declined the offer."))
    if to_state == State.OFFER_WITHDRAWN and not reason:
        raise TransitionRefused(_("Give the reason the employer withdrew the offer."))
    if to_state == State.PRESENTED and not can_be_presented_to_employer(tp.participant):
        raise TransitionRefused(
            _(
                "The participant cannot be presented to the employer before their free will "
                "and consent to presentation are recorded."
            )
        )
    if to_state == State.OFFERED:
        if offer is None:
            raise TransitionRefused(
                _("Record the offer: employment type, subsidy, start date, hours and employer.")
            )
        if offer.hours_per_week is None or not (1 <= offer.hours_per_week <= 60):
            raise TransitionRefused(_("Hours per week must be between 1 and 60."))
        if offer.subsidy not in Subsidy.values:
            raise TransitionRefused(
                _(
                    "Say whether the job is subsidised and how (nystartsjobb, introduktionsjobb, "
                    "lönestöd or lönebidrag, another form), or that it is unsubsidised."
                )
            )
        if offer.start_date is None:
            raise TransitionRefused(_("Give the day the employment starts."))


def change_track_status(*, track: Track, to_status: str, by: User) -> Track:
    """Move a track to `to_status`; closing it (completed) needs an outcome for everyone."""
    if to_status not in TRACK_TRANSITIONS:
        raise TransitionRefused(_("Unknown status."))
    with transaction.atomic():
        locked: Track = access.refetch(track).select_for_update().get()
        if locked.status == to_status:
            return locked
        if to_status not in TRACK_TRANSITIONS[locked.status]:
            raise TransitionRefused(
                _("A track that is “%(from)s” cannot be moved to “%(to)s”.")
                % {
                    "from": str(TrackStatus(locked.status).label).lower(),
                    "to": str(TrackStatus(to_status).label).lower(),
                }
            )
        if to_status == TrackStatus.COMPLETED:
            open_count = locked.participants.exclude(state__in=FINAL_STATES).count()
            if open_count:
                raise TransitionRefused(
                    _(
                        "The track cannot be closed: %(count)s participants have no outcome yet "
                        "(employed, declined, not selected, discontinued or continued support)."
                    )
                    % {"count": open_count}
                )
        from_status = locked.status
        locked.status = to_status
        locked.save(update_fields=["status"])
        TrackStatusChange.objects.create(
            track=locked, from_status=from_status, to_status=to_status, actor=by
        )
    return locked


def nominate_candidate(
    *, track: Track, participant: Participant, by: User, motivation: str
) -> TrackParticipant:
    """Put a participant into the track's candidate pool (state: nominated).

    The caller has got `participant` through `participants.access.participants_for(by)`.
    """
    motivation = (motivation or "").strip()
    if not motivation:
        raise TransitionRefused(_("Write a short motivation for the nomination."))
    with transaction.atomic():
        locked: Track = access.refetch(track).select_for_update().get()
        if locked.status in CLOSED_TRACK_STATUSES:
            raise TransitionRefused(_("The track is closed; nobody can be nominated to it."))
        existing = locked.participants.filter(participant=participant).first()
        if existing is not None:
            return existing  # already in the pool: nothing to do
        if (
            participant.track_memberships.filter(state__in=ACTIVE_STATES)
            .exclude(track=locked)
            .exists()
        ):
            raise TransitionRefused(_("The participant is already active in another track."))
        criteria = criteria_of(locked)
        summary = ""
        if criteria:
            summary = explain_participant(participant=participant, criteria=criteria).summary
        if locked.profile_version is not None:
            # The candidate was assessed against this version: freeze it.
            mark_profile_version_used(locked.profile_version)
        number = (locked.participants.aggregate(top=Max("candidate_number"))["top"] or 0) + 1
        member: TrackParticipant = TrackParticipant.objects.create(
            track=locked,
            participant=participant,
            candidate_number=number,
            state=State.NOMINATED,
            nominated_by=by,
            nominating_organisation=by.organisation,
            motivation=motivation,
            match_summary=summary[:300],
        )
        sync_participant_status(participant, State.NOMINATED)
        Transition.objects.create(
            track_participant=member,
            from_state="",
            to_state=State.NOMINATED,
            reason=motivation,
            actor=by,
        )
    return member
