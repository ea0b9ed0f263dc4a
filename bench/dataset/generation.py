"""The generator's shared state and small helpers, which every family of tables builds on."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import TypeVar

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from bench.dataset.loader import Loader, Progress
from bench.dataset.presets import SCALE_PASSWORD, Preset
from bench.dataset.records import Region

Choice = TypeVar("Choice")


class Generation:
    """The state every step of the generator shares: the preset, the random source, today, the
    loader, and what earlier steps made (regions, employers, participants)."""

    # Made by one step and read by later ones (organisations, planning, participants).
    contacts_of: dict[int, list[int]]  # employer id -> its contact people's ids
    employer_org: dict[int, int]
    employer_users: dict[int, int]
    occupation_ids: list[int]
    participant_ids: range  # participant index -> id
    participant_org: dict[int, int]  # participant index -> registering organisation id
    participant_coordinator: dict[int, int]

    def __init__(
        self,
        preset: Preset,
        *,
        seed: int,
        today: dt.date | None = None,
        progress: bool = True,
        bulk: bool | None = None,
    ) -> None:
        self.preset = preset
        self.rng = random.Random(seed)
        self.today = today or timezone.localdate()
        self.now = timezone.make_aware(dt.datetime.combine(self.today, dt.time(9, 0)))
        self.progress = Progress(progress)
        # Large loads drop the secondary indexes and foreign keys of the tables they fill and
        # build them once at the end.
        bulk = preset.participants >= 50_000 if bulk is None else bulk
        self.load = Loader(self.progress, self.now, rebuild_indexes=bulk)
        self.regions: list[Region] = []
        self.password = make_password(SCALE_PASSWORD, salt="scalegeneratedsalt")

    # -- helpers -------------------------------------------------------------------------------
    def moment(self, day: dt.date, hour: int = 10) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, self.rng.randrange(60))))

    def pick(self, weighted: Sequence[tuple[Choice, int]]) -> Choice:
        values, weights = zip(*weighted, strict=True)
        return self.rng.choices(values, weights)[0]
