"""Tracks with their team, mentors, phases, funding and status history, their members, and
their weekly schedule with attendance (schedule.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from bench.dataset.loader import Row
from bench.dataset.members import Members
from bench.dataset.records import PhasesOf, PlannedTrack
from bench.dataset.reference import PHASE_TITLES
from bench.dataset.schedule import Schedule, ScheduledMember
from tracks.models import (
    FollowUp,
    FundingSource,
    FundingSourceKind,
    Phase,
    PhaseKind,
    PhaseProgress,
    ResponsibleParty,
    Track,
    TrackParticipant,
    TrackStatus,
    TrackStatusChange,
    Transition,
)


class Tracks(Members, Schedule):
    def tracks(self, tracks: list[PlannedTrack], chunk: int = 2_000) -> None:
        coordinators = Track.coordinators.through
        coaches = Track.job_coaches.through
        mentors = Track.mentors.through
        rng = self.rng
        for begin in range(0, len(tracks), chunk):
            part = tracks[begin : begin + chunk]
            rows: list[Row] = []
            c_rows: list[Row] = []
            j_rows: list[Row] = []
            m_rows: list[Row] = []
            phases: list[Row] = []
            funding: list[Row] = []
            changes: list[Row] = []
            members: list[Row] = []
            transitions: list[Row] = []
            progress: list[Row] = []
            followups: list[Row] = []
            phase_ids = iter(self.load.ids(Phase, len(part) * 4))
            member_ids = iter(self.load.ids(TrackParticipant, sum(len(t.members) for t in part)))
            # For the schedule of the chunk (bench/dataset/schedule.py), by track id.
            phases_of: dict[int, PhasesOf] = {}
            scheduled: dict[int, list[ScheduledMember]] = {}
            recorder: dict[int, int] = {}
            for track in part:
                region = self.regions[track.region]
                af_c = rng.choice(region.af_coordinators)
                mu_c = rng.choice(region.municipal_coordinators)
                rows.append(
                    {
                        "id": track.id,
                        "employer_id": track.employer,
                        "partnership_id": region.partnership_id,
                        "need_id": track.need,
                        "profile_version_id": track.profile_version,
                        "agreement_id": track.agreement,
                        "education_provider_id": region.provider_id,
                        "name": f"Jobbspår {track.start:%Y-%m} {track.id}",
                        "start_date": track.start,
                        "weeks": track.weeks,
                        "planned_participants": track.planned,
                        "status": track.status,
                        "selection_deadline": track.start - dt.timedelta(days=7),
                        "blind_selection": rng.random() < 0.7,
                        "copied_from_id": None,
                        "created_by_id": af_c,
                        "created_at": self.moment(track.start - dt.timedelta(days=90)),
                    }
                )
                c_rows += [
                    {"track_id": track.id, "user_id": af_c},
                    {"track_id": track.id, "user_id": mu_c},
                ]
                j_rows.append(
                    {"track_id": track.id, "user_id": rng.choice(region.municipal_coaches)}
                )
                mentor = self.contacts_of[track.employer][1]
                m_rows.append({"track_id": track.id, "contactperson_id": mentor})
                phase_of = self._phases(track, phase_ids, phases)
                phases_of[track.id], scheduled[track.id], recorder[track.id] = phase_of, [], mu_c
                for _ in range(rng.randint(1, 2)):
                    funding.append(
                        {
                            "track_id": track.id,
                            "source": rng.choice(FundingSourceKind.values),
                            "description": "",
                            "amount": rng.randint(50, 900) * 1000,
                        }
                    )
                order = list(TrackStatus.values)
                for step in range(order.index(track.status)):
                    changes.append(
                        {
                            "track_id": track.id,
                            "from_status": order[step],
                            "to_status": order[step + 1],
                            "actor_id": af_c,
                            "at": self.moment(track.start + dt.timedelta(days=(step - 1) * 30)),
                        }
                    )
                for number, member in enumerate(track.members, start=1):
                    member_id = next(member_ids)
                    scheduled[track.id].append((member_id, member))
                    self._member(
                        track,
                        number,
                        member,
                        member_id,
                        phase_of,
                        af_c,
                        members,
                        transitions,
                        progress,
                        followups,
                    )
            self.load.copy(Track, rows)
            self.load.copy(coordinators, c_rows)
            self.load.copy(coaches, j_rows)
            self.load.copy(mentors, m_rows)
            self.load.copy(Phase, phases)
            self.load.copy(FundingSource, funding)
            self.load.copy(TrackStatusChange, changes)
            self.load.copy(TrackParticipant, members)
            self.load.copy(Transition, transitions)
            self.load.copy(PhaseProgress, progress)
            self.load.copy(FollowUp, followups)
            self.schedule(part, phases_of, scheduled, recorder)
            self.progress.step("tracks", min(begin + chunk, len(tracks)), len(tracks))

    def _phases(self, track: PlannedTrack, ids: Iterator[int], phases: list[Row]) -> PhasesOf:
        training_weeks = max(1, (track.weeks - 2) * 2 // 5)
        apl_weeks = track.weeks - 2 - training_weeks
        plan = [
            (PhaseKind.INTRODUCTION, 1, ResponsibleParty.MUNICIPALITY),
            (PhaseKind.TRAINING, training_weeks, ResponsibleParty.PROVIDER),
            (PhaseKind.APL, apl_weeks, ResponsibleParty.EMPLOYER),
            (PhaseKind.HIRING, 1, ResponsibleParty.EMPLOYER),
        ]
        day = track.start
        out: PhasesOf = {}
        for kind, weeks, responsible in plan:
            pk = next(ids)
            ends = day + dt.timedelta(weeks=weeks, days=-1)
            phases.append(
                {
                    "id": pk,
                    "track_id": track.id,
                    "kind": kind,
                    "title": PHASE_TITLES[kind],
                    "starts_on": day,
                    "ends_on": ends,
                    "responsible": responsible,
                    "place": "",
                }
            )
            out[kind] = (pk, day, ends)
            day = ends + dt.timedelta(days=1)
        return out
