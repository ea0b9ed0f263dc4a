"""The employer's selection: decisions on presented candidates, and how they become states.

An employer user decides select / reserve / decline for each presented candidate in the portal,
with a reason code when declining. The decision is theirs to change until the track's selection
deadline; every version is kept (CandidateDecisionChange) and the track's coordinators are
notified of each one. A decision does not move the participant: the coordinators apply the
decisions from the pool (`apply_decisions`), which moves selected candidates to "selected" and
declined ones to "not selected" through `tracks.workflow` - the one place that changes states.
Reserves stay "presented" until the coordinators decide what to do with them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jobbspar import access
from jobbspar.local_time import format_date
from jobbspar.models import NotificationKind, User
from jobbspar.notifications import notify_each
from jobbspar.repeats import once_per_row
from jobbspar.scoping import unscoped
from participants import access as participants_access
from participants.consent import can_be_presented_to_employer
from participants.models import Participant
from tracks import access as tracks_access
from tracks import workflow
from tracks.models import (
    CLOSED_TRACK_STATUSES,
    CandidateDecision,
    CandidateDecisionChange,
    Decision,
    DeclineReason,
    State,
    Track,
    TrackParticipant,
)


class DecisionRefused(ValidationError):
    """A decision the rules do not allow; the message says why, in Swedish."""


def deadline_passed(track: Track, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return track.selection_deadline is not None and today > track.selection_deadline


def may_decide(track: Track, today: dt.date | None = None) -> bool:
    """Whether the employer may still make or change decisions in `track`."""
    return track.status not in CLOSED_TRACK_STATUSES and not deadline_passed(track, today)


def record_decision(
    *,
    track_participant: TrackParticipant,
    decision: str,
    reason: str = "",
    comment: str = "",
    by: User,
) -> CandidateDecision:
    """Make or change the employer's decision on one presented candidate."""
    if decision not in Decision.values:
        raise DecisionRefused(_("Choose select, reserve or decline."))
    comment = (comment or "").strip()
    if decision == Decision.DECLINE:
        if reason not in DeclineReason.values:
            raise DecisionRefused(_("Choose a reason for declining."))
    else:
        reason = ""
    # The member came from portal.access (portal_candidates_for); its decision rows are its own.
    reason_for_scope = "the employer's decision on a member obtained through the access module"
    with transaction.atomic(), unscoped(reason_for_scope):
        member = (
            access.refetch(track_participant)
            .select_for_update(of=("self",))
            .select_related("track")
            .get()
        )
        track = member.track
        deadline = track.selection_deadline
        if track.status in CLOSED_TRACK_STATUSES:
            # Said as such: a closed track need not have a deadline to name.
            raise DecisionRefused(
                _("The track is closed; the employer's decisions can no longer change.")
            )
        if deadline is not None and deadline_passed(track):
            raise DecisionRefused(
                _(
                    "The selection deadline (%(date)s) has passed. Contact the track's "
                    "coordinator if a decision must change."
                )
                % {"date": format_date(deadline, "j F Y")}
            )
        if member.state != State.PRESENTED:
            raise DecisionRefused(
                _("The selection of this candidate is already settled; it can no longer change.")
            )
        current = CandidateDecision.objects.filter(track_participant=member).first()
        if current is not None and (current.decision, current.reason, current.comment) == (
            decision,
            reason,
            comment,
        ):
            return current  # already decided so: nothing to do
        now = timezone.now()
        current, _created = CandidateDecision.objects.update_or_create(
            track_participant=member,
            defaults={
                "decision": decision,
                "reason": reason,
                "comment": comment,
                "decided_by": by,
                "decided_at": now,
            },
        )
        change = CandidateDecisionChange.objects.create(
            track_participant=member,
            decision=decision,
            reason=reason,
            comment=comment,
            decided_by=by,
            decided_at=now,
        )
        _notify_coordinators(
            track=track,
            kind=NotificationKind.CANDIDATE_DECISION,
            obj=change,
            template="notifications/candidate_decision",
            context={"track": track, "member": member, "change": change},
        )
    return current


@dataclass(frozen=True)
class Applied:
    """What `apply_decisions` did: how many it moved, and the pseudonyms of the members it left
    for the other organisation to apply (the coordinator may not see who they are, or their
    consent to presentation no longer stands)."""

    moved: int
    left: list[str]


def apply_decisions(*, track: Track, by: User) -> Applied:
    """Carry out the employer's select and decline decisions on the members `by` may see and
    whose consent to presentation stands; the others are left for the other organisation."""
    members = (
        track.participants.filter(state=State.PRESENTED, employer_decision__isnull=False)
        .exclude(employer_decision__decision=Decision.RESERVE)
        .select_related("employer_decision", "participant")
        .annotate(
            identity_visible=Exists(
                participants_access.participants_for(by).filter(pk=OuterRef("participant_id"))
            )
        )
        .order_by("candidate_number")
    )
    moved = 0
    left = []
    # Deliberately one locked, recorded move per member (the workflow's rule); the N+1 detector
    # that watches tests is told so.
    with transaction.atomic(), once_per_row():
        for member in members:
            if not member.identity_visible or not can_be_presented_to_employer(member.participant):
                left.append(member.pseudonym)
                continue
            chosen = member.employer_decision
            if chosen.decision == Decision.SELECT:
                workflow.move_participant(track_participant=member, to_state=State.SELECTED, by=by)
            else:
                reason = str(DeclineReason(chosen.reason).label)
                if chosen.comment:
                    reason = f"{reason}: {chosen.comment}"
                workflow.move_participant(
                    track_participant=member,
                    to_state=State.NOT_SELECTED,
                    by=by,
                    reason=_("The employer declined. %(reason)s") % {"reason": reason},
                )
            moved += 1
    return Applied(moved=moved, left=left)


def void_decisions_on_withdrawn_presentation(*, participant: Participant, by: User) -> int:
    """The person withdrew their consent to presentation: the employer's undecided (not yet
    applied) decisions on them are voided, and each track's coordinators are told. Registered
    with participants.consent in TracksConfig.ready(). Returns how many memberships were
    affected."""
    members = list(
        participant.track_memberships.filter(state__in=tracks_access.PORTAL_CANDIDATE_STATES)
        .exclude(track__status__in=CLOSED_TRACK_STATUSES)
        .select_related("track")
    )
    # The decisions of members obtained through the participant (itself obtained in scope).
    with unscoped("voiding the employer's decisions on a participant's own memberships"):
        CandidateDecision.objects.filter(
            track_participant__in=[m.pk for m in members if m.state == State.PRESENTED]
        ).delete()
    for member in members:
        _notify_coordinators(
            track=member.track,
            kind=NotificationKind.PRESENTATION_CONSENT_WITHDRAWN,
            obj=member,
            template="notifications/presentation_consent_withdrawn",
            context={"track": member.track, "member": member},
        )
    return len(members)


def record_offer(
    *, track_participant: TrackParticipant, offer: workflow.Offer, by: User
) -> TrackParticipant:
    """The employer records a job offer; the coordinators are told. An offer that does not fit
    the track's calendar is refused with what the employer can do: only coordinators record a
    move as a reasoned exception."""
    problems = workflow.reality_problems(
        track_participant, State.OFFERED, today=timezone.localdate(), offer=offer
    )
    if problems:
        raise workflow.TransitionRefused(
            " ".join(problems)
            + " "
            + _("Check the start date; if it is right, ask the track's coordinator to record it.")
        )
    with transaction.atomic():
        member = workflow.move_participant(
            track_participant=track_participant, to_state=State.OFFERED, by=by, offer=offer
        )
        _notify_coordinators(
            track=member.track,
            kind=NotificationKind.JOB_OFFER,
            obj=member,
            template="notifications/job_offer",
            context={"track": member.track, "member": member},
        )
    return member


def withdraw_offer(
    *, track_participant: TrackParticipant, reason: str, by: User
) -> TrackParticipant:
    """The employer withdraws its job offer, with a reason (required by the workflow). It is
    kept in the history; a withdrawn offer is no placement (dashboard.outcomes.placement)."""
    return workflow.move_participant(
        track_participant=track_participant, to_state=State.OFFER_WITHDRAWN, by=by, reason=reason
    )


def _notify_coordinators(*, track: Track, kind: str, obj, template: str, context: dict) -> None:
    notify_each(
        recipients=list(track.coordinators.filter(is_active=True)),
        kind=kind,
        obj=obj,
        due_on=timezone.localdate(),
        send_after=timezone.now(),
        template=template,
        context=context,
        url=reverse("tracks:track_detail", args=[track.pk]),
    )
