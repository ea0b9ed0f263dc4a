"""Which tracks there are (status, dates) and who is in which track, decided before writing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from bench.dataset.generation import Generation
from bench.dataset.records import Facts, Member, PlannedTrack
from bench.dataset.reference import CLOSED_OUTCOMES, COMMON_OCCUPATIONS, PATHS
from employers.models import Occupation
from tracks.models import FINAL_STATES, State, Track, TrackStatus


class Planning(Generation):
    def plan_tracks(self) -> list[PlannedTrack]:
        preset = self.preset
        occupations = dict(
            Occupation.objects.filter(code__in=COMMON_OCCUPATIONS).values_list("code", "id")
        )
        self.occupation_ids = [occupations[c] for c in COMMON_OCCUPATIONS if c in occupations]
        if not self.occupation_ids:
            self.occupation_ids = list(Occupation.objects.values_list("id", flat=True)[:20])
        track_ids = iter(self.load.ids(Track, preset.tracks))
        tracks = []
        # Six years of history and half a year ahead; the shares of each status stay the same
        # at any size, and the first five tracks have one status each (tiny data sets too).
        order = list(TrackStatus.values)
        shares = [
            (TrackStatus.PLANNING, 5),
            (TrackStatus.RECRUITING, 8),
            (TrackStatus.RUNNING, 12),
            (TrackStatus.COMPLETED, 25),
            (TrackStatus.FOLLOWED_UP, 50),
        ]
        for t in range(preset.tracks):
            region = t % preset.regions
            wanted = order[t] if t < len(order) else self.pick(shares)
            weeks = self.rng.randint(7, 27)
            days = weeks * 7
            offsets: dict[str, Callable[[], int]] = {
                TrackStatus.PLANNING: lambda: self.rng.randint(68, 180),
                TrackStatus.RECRUITING: lambda: self.rng.randint(7, 60),
                TrackStatus.RUNNING: lambda: -self.rng.randint(0, days - 8),  # noqa: B023
                TrackStatus.COMPLETED: lambda: -days - self.rng.randint(0, 390),  # noqa: B023
                TrackStatus.FOLLOWED_UP: lambda: -days - self.rng.randint(400, 6 * 365),  # noqa: B023
            }
            offset = offsets[wanted]()
            start = self.today + dt.timedelta(days=offset)
            start -= dt.timedelta(days=start.weekday())  # Mondays
            end = start + dt.timedelta(days=days - 1)
            if start > self.today + dt.timedelta(days=60):
                status = TrackStatus.PLANNING
            elif start > self.today:
                status = TrackStatus.RECRUITING
            elif end >= self.today:
                status = TrackStatus.RUNNING
            elif end > self.today - dt.timedelta(days=400):
                status = TrackStatus.COMPLETED
            else:
                status = TrackStatus.FOLLOWED_UP
            assert status == wanted, (wanted, start, weeks)
            tracks.append(
                PlannedTrack(
                    id=next(track_ids),
                    region=region,
                    employer=self.rng.choice(self.regions[region].employers),
                    need=0,
                    profile_version=None,
                    agreement=None,
                    occupation_id=self.rng.choice(self.occupation_ids),
                    start=start,
                    weeks=weeks,
                    status=status,
                    planned=self.rng.randint(8, 14),
                )
            )
        return tracks

    # -- who is in which track ------------------------------------------------------------------
    def plan_members(self, tracks: list[PlannedTrack]) -> dict[int, Facts]:
        """Decide every pool: at most one active membership per participant, final states in
        closed tracks, states that fit the track's status and today's phase elsewhere."""
        preset = self.preset
        for p in range(preset.participants):
            self.regions[p % preset.regions].participants.append(p)
        fresh = {}
        for region in self.regions:
            shuffled = list(region.participants)
            self.rng.shuffle(shuffled)
            fresh[region.index] = iter(shuffled)
        facts: dict[int, Facts] = {}  # participant index -> active somewhere? employed once?
        for track in tracks:
            region = self.regions[track.region]
            if track.status == TrackStatus.PLANNING:
                size = self.rng.randint(0, 3)
            else:
                size = track.planned + self.rng.randint(0, 4)
            chosen: set[int] = set()
            apl_from = track.start + dt.timedelta(weeks=1 + max(1, (track.weeks - 2) * 2 // 5))
            for _ in range(size):
                if track.status in (TrackStatus.COMPLETED, TrackStatus.FOLLOWED_UP):
                    final = self.pick(CLOSED_OUTCOMES)
                elif track.status == TrackStatus.RUNNING:
                    doing = State.IN_APL if self.today >= apl_from else State.IN_TRAINING
                    final = self.pick(
                        [(doing, 70), (State.NOT_SELECTED, 15), (State.DISCONTINUED, 15)]
                    )
                elif track.status == TrackStatus.RECRUITING:
                    final = self.pick(
                        [
                            (State.NOMINATED, 30),
                            (State.IN_INTRODUCTION, 20),
                            (State.PRESENTED, 20),
                            (State.SELECTED, 15),
                            (State.NOT_SELECTED, 15),
                        ]
                    )
                else:
                    final = State.NOMINATED
                candidate: int | None
                if final in FINAL_STATES:
                    candidate = self.rng.choice(region.participants)
                    if candidate in chosen:
                        continue
                else:
                    candidate = next(fresh[region.index], None)
                    if candidate is None or candidate in chosen:
                        continue
                chosen.add(candidate)
                fact = facts.setdefault(candidate, {"active": False, "employed": False})
                fact["active"] = fact["active"] or final not in FINAL_STATES
                fact["employed"] = fact["employed"] or final == State.EMPLOYED
                track.members.append(Member(participant=candidate, path=PATHS[final]))
        return facts
