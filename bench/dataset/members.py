"""A track's members: the membership, its history of moves and its progress per phase."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from bench.dataset.followups import FollowUps
from bench.dataset.loader import Row
from bench.dataset.records import Member, PhasesOf, PlannedTrack
from employers.models import EmploymentType
from tracks.models import MILESTONE_FIELDS, PhaseKind, State


class Members(FollowUps):
    def _member(
        self,
        track: PlannedTrack,
        number: int,
        member: Member,
        pk: int,
        phase_of: PhasesOf,
        actor: int,
        members: list[Row],
        transitions: list[Row],
        progress: list[Row],
        followups: list[Row],
    ) -> None:
        rng = self.rng
        p = member.participant
        state = member.path[-1]
        nominated_on = track.start - dt.timedelta(days=rng.randint(14, 40))
        # When each step happened: nominated before the start, then along the phases.
        when: dict[str, dt.date] = {
            State.NOMINATED: nominated_on,
            State.IN_INTRODUCTION: track.start - dt.timedelta(days=5),
            State.PRESENTED: track.start - dt.timedelta(days=3),
            State.SELECTED: track.start - dt.timedelta(days=1),
            State.NOT_SELECTED: track.start - dt.timedelta(days=1),
            State.IN_TRAINING: phase_of[PhaseKind.TRAINING][1],
            State.DISCONTINUED: phase_of[PhaseKind.TRAINING][1] + dt.timedelta(days=10),
            State.IN_APL: phase_of[PhaseKind.APL][1],
            State.COMPLETED: track.end,
            State.OFFERED: track.end,
            State.EMPLOYED: track.end + dt.timedelta(days=1),
            State.DECLINED: track.end + dt.timedelta(days=1),
            State.CONTINUED_SUPPORT: track.end + dt.timedelta(days=1),
        }
        when = {s: min(d, self.today) for s, d in when.items()}
        org = self.participant_org[p]
        nominator = self.participant_coordinator[p]
        offered = State.OFFERED in member.path
        reason = (
            "Valde en annan inriktning."
            if state in (State.NOT_SELECTED, State.DISCONTINUED)
            else ""
        )
        members.append(
            {
                "id": pk,
                "track_id": track.id,
                "participant_id": self.participant_ids[p],
                "candidate_number": number,
                "state": state,
                "nominated_by_id": nominator,
                "nominating_organisation_id": org,
                "nominated_at": self.moment(nominated_on),
                "motivation": "Motiverad och intresserad av yrket.",
                "match_summary": "",
                "reason": reason,
                "discontinued_phase_id": phase_of[PhaseKind.TRAINING][0]
                if state == State.DISCONTINUED
                else None,
                "offer_employment_type": EmploymentType.PERMANENT if offered else "",
                "offer_start_date": track.end + dt.timedelta(days=14) if offered else None,
                "offer_hours_per_week": Decimal("40.0") if offered else None,
                "offer_employer_id": track.employer if offered else None,
                "state_changed_at": self.moment(when[state]),
                **_milestones(member.path, when),
            }
        )
        previous = ""
        for index, step in enumerate(member.path):
            transitions.append(
                {
                    "track_participant_id": pk,
                    "from_state": previous,
                    "to_state": step,
                    "reason": reason if step in (State.NOT_SELECTED, State.DISCONTINUED) else "",
                    "actor_id": actor if step != State.NOMINATED else nominator,
                    # Steps on the same day keep their order: one hour apart from 08:00.
                    "at": timezone.make_aware(dt.datetime.combine(when[step], dt.time(8 + index))),
                }
            )
            previous = step
        for kind, phase_state in (
            (PhaseKind.TRAINING, State.IN_TRAINING),
            (PhaseKind.APL, State.IN_APL),
        ):
            if phase_state in member.path:
                phase_id, starts, ends = phase_of[kind]
                finished = phase_state != state and state != State.DISCONTINUED
                progress.append(
                    {
                        "track_participant_id": pk,
                        "phase_id": phase_id,
                        "actual_start": starts,
                        "actual_end": ends if finished else None,
                        "attendance_percent": rng.randint(70, 100),
                        "notes": "",
                        "completed": finished,
                        "updated_by_id": actor,
                        "updated_at": self.moment(min(ends, self.today)),
                    }
                )
        left = when.get(State.COMPLETED) if State.COMPLETED in member.path else None
        if state == State.DISCONTINUED:
            left = when[State.DISCONTINUED]
        if left is not None:
            self._follow_ups(pk, left, actor, followups)


def _milestones(path: list[str], when: dict[str, dt.date]) -> dict[str, dt.date | None]:
    """Each milestone column (tracks.models.MILESTONE_FIELDS) as tracks.workflow sets it: the
    day the member first reached that state on its way, `path`; None for a state never reached.
    Every row carries every column, as the loader's batches need."""
    days: dict[str, dt.date | None] = dict.fromkeys(MILESTONE_FIELDS.values())
    for step in path:
        column = MILESTONE_FIELDS.get(step)
        if column is not None and days[column] is None:
            days[column] = when[step]
    return days
