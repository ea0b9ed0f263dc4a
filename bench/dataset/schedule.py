"""Each track's weekly schedule (issue 16) and its members' attendance per session day.

Every track gets the pilot's three strands: vocational training run by the region's education
provider on Monday to Wednesday from the first training day to the end of APL (training goes on
beside APL), yrkessvenska on Thursday and Friday mornings during the training phase, and APL at
the employer on Thursday and Friday during the APL phase. Sessions follow
`schedule.sessions.generate_sessions` (no session on a Swedish public holiday). Every member who
started training has an attendance row for each session day of the strands they were in, up to
today or the day they left: most present, some absent with a valid reason, some without, some
late. At the national preset this is tens of millions of rows, written as a stream (never held in
memory) with COPY like the rest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

from bench.dataset.generation import Generation
from bench.dataset.loader import Row
from bench.dataset.records import Member, PhasesOf, PlannedTrack
from schedule.models import (
    AbsenceReason,
    Attendance,
    AttendanceStatus,
    LanguageCourse,
    Strand,
    StrandKind,
    StrandWeekday,
)
from schedule.sessions import generate_sessions
from tracks.models import PhaseKind, ResponsibleParty, State

TRAINING_HOURS = (dt.time(8, 30), dt.time(15, 0))
LANGUAGE_HOURS = (dt.time(9, 0), dt.time(12, 0))
APL_HOURS = (dt.time(8, 0), dt.time(16, 0))
# Of 1 000 session days: present, late or left early, absent with a valid reason, without one.
ATTENDANCE_WEIGHTS = (
    (AttendanceStatus.PRESENT, 880),
    (AttendanceStatus.PARTLY, 30),
    (AttendanceStatus.ABSENT_VALID, 60),
    (AttendanceStatus.ABSENT_INVALID, 30),
)
ZERO = Decimal("0")


# A track's member as the schedule needs it: its id and the states it went through.
ScheduledMember = tuple[int, Member]
# A strand as the attendance needs it: id, kind, first and last day, weekday -> hours.
PlannedStrand = tuple[int, str, dt.date, dt.date, dict[int, tuple[dt.time, dt.time]]]


class Schedule(Generation):
    def schedule(
        self,
        part: list[PlannedTrack],
        phases: dict[int, PhasesOf],
        members: dict[int, list[ScheduledMember]],
        coordinator: dict[int, int],
    ) -> None:
        """Strands, weekly patterns and attendance of one chunk of tracks (`phases`, `members`
        and `coordinator`, who recorded the attendance, by track id)."""
        strands: list[Row] = []
        weekdays: list[Row] = []
        # (strand id, kind, first day, last day, weekly pattern) per track, for the attendance.
        planned: dict[int, list[PlannedStrand]] = {}
        strand_ids = iter(self.load.ids(Strand, len(part) * 3))
        for track in part:
            region = self.regions[track.region]
            _, training_starts, training_ends = phases[track.id][PhaseKind.TRAINING]
            _, apl_starts, apl_ends = phases[track.id][PhaseKind.APL]
            lines = (
                (StrandKind.TRAINING, training_starts, apl_ends, (0, 1, 2), TRAINING_HOURS),
                (StrandKind.LANGUAGE, training_starts, training_ends, (3, 4), LANGUAGE_HOURS),
                (StrandKind.APL, apl_starts, apl_ends, (3, 4), APL_HOURS),
            )
            planned[track.id] = []
            for kind, first, last, days, hours in lines:
                pk = next(strand_ids)
                provided = kind != StrandKind.APL
                strands.append(
                    {
                        "id": pk,
                        "track_id": track.id,
                        "kind": kind,
                        "language_course": LanguageCourse.VOCATIONAL_SWEDISH
                        if kind == StrandKind.LANGUAGE
                        else "",
                        "level": "",
                        "name": "",
                        "responsible": ResponsibleParty.PROVIDER
                        if provided
                        else ResponsibleParty.EMPLOYER,
                        "provider_id": region.provider_id if provided else None,
                        "starts_on": first,
                        "ends_on": last,
                        "place": "",
                    }
                )
                weekly = dict.fromkeys(days, hours)
                weekdays += [
                    {"strand_id": pk, "weekday": d, "starts_at": hours[0], "ends_at": hours[1]}
                    for d in days
                ]
                planned[track.id].append((pk, kind, first, last, weekly))
        self.load.copy(Strand, strands)
        self.load.copy(StrandWeekday, weekdays)
        self.load.copy(Attendance, self._attendance(part, phases, members, coordinator, planned))

    def _attendance(
        self,
        part: list[PlannedTrack],
        phases: dict[int, PhasesOf],
        members: dict[int, list[ScheduledMember]],
        coordinator: dict[int, int],
        planned: dict[int, list[PlannedStrand]],
    ) -> Iterator[Row]:
        rng = self.rng
        statuses = [status for status, _ in ATTENDANCE_WEIGHTS]
        weights = [weight for _, weight in ATTENDANCE_WEIGHTS]
        reasons = AbsenceReason.values
        for track in part:
            attending = [
                (pk, member) for pk, member in members[track.id] if State.IN_TRAINING in member.path
            ]
            if not attending or track.start > self.today:
                continue
            _, training_starts, _ = phases[track.id][PhaseKind.TRAINING]
            recorder = coordinator[track.id]
            for strand_id, kind, first, last, weekly in planned[track.id]:
                days = [
                    s.day
                    for s in generate_sessions(
                        starts_on=first, ends_on=min(last, self.today), weekly=weekly
                    )
                ]
                for pk, member in attending:
                    if kind == StrandKind.APL and State.IN_APL not in member.path:
                        continue
                    # A member who left stops attending (tracks.py: ten days into training).
                    until = (
                        training_starts + dt.timedelta(days=10)
                        if member.path[-1] == State.DISCONTINUED
                        else last
                    )
                    for day, status in zip(
                        days, rng.choices(statuses, weights, k=len(days)), strict=True
                    ):
                        if day > until:
                            break
                        yield {
                            "strand_id": strand_id,
                            "day": day,
                            "track_participant_id": pk,
                            "status": status,
                            "reason": rng.choice(reasons)
                            if status == AttendanceStatus.ABSENT_VALID
                            else "",
                            "hours_missed": Decimal("1.50")
                            if status == AttendanceStatus.PARTLY
                            else ZERO,
                            "note": "",
                            "recorded_by_id": recorder,
                            "edited_by_id": None,
                            "edited_at": None,
                        }
