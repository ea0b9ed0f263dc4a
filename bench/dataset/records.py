"""What the generator plans before it writes: regions, tracks and their members."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from jobbspar.models import Organisation

# What planning found for a participant: {"active": in a track now, "employed": after one}.
Facts = dict[str, bool]
# A track's phases by kind: (phase id, first day, last day).
PhasesOf = dict[str, tuple[int, dt.date, dt.date]]


@dataclass
class Region:
    index: int
    municipality: Organisation
    af_office: Organisation
    provider_id: int = 0
    partnership_id: int = 0  # the region's AF office + municipality
    af_coordinators: list[int] = field(default_factory=list)
    municipal_coordinators: list[int] = field(default_factory=list)
    af_coaches: list[int] = field(default_factory=list)
    municipal_coaches: list[int] = field(default_factory=list)
    employers: list[int] = field(default_factory=list)
    participants: list[int] = field(default_factory=list)  # participant indexes

    def coordinators_of(self, org_id: int) -> list[int]:
        return self.af_coordinators if org_id == self.af_office.pk else self.municipal_coordinators


@dataclass
class Member:
    participant: int  # index
    path: list[str]


@dataclass
class PlannedTrack:
    id: int
    region: int
    employer: int  # employer id
    need: int
    profile_version: int | None
    agreement: int | None
    occupation_id: int
    start: dt.date
    weeks: int
    status: str
    planned: int
    members: list[Member] = field(default_factory=list)

    @property
    def end(self) -> dt.date:
        return self.start + dt.timedelta(weeks=self.weeks, days=-1)
