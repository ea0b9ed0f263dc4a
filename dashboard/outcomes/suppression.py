"""Figures with honest small numbers: a group of fewer than five people shows "<5", rates carry
their Wilson interval, and secondary suppression keeps a hidden group from being found by
subtraction."""

from __future__ import annotations

import math
from dataclasses import dataclass

# Groups with fewer people than this show "<5" instead of figures.
SUPPRESS_BELOW = 5
Z_95 = 1.959963984540054


def wilson_interval(successes: int, total: int, z: float = Z_95) -> tuple[float, float] | None:
    """The Wilson score interval for a proportion (95 % by default), as fractions 0..1."""
    if total <= 0:
        return None
    p = successes / total
    denominator = 1 + z * z / total
    centre = (p + z * z / (2 * total)) / denominator
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def is_small(count: int | None) -> bool:
    """A count of 1-4 people: shown as "<5". Zero is shown (nobody is identified by it)."""
    return count is not None and 0 < count < SUPPRESS_BELOW


@dataclass
class Figure:
    """A count of people, shown as "<5" when small (or when suppressed to protect another)."""

    value: int
    suppressed: bool = False

    def __post_init__(self) -> None:
        self.suppressed = self.suppressed or is_small(self.value)

    @property
    def display(self) -> str:
        return f"<{SUPPRESS_BELOW}" if self.suppressed else str(self.value)

    @property
    def export_value(self) -> int | str:
        return f"<{SUPPRESS_BELOW}" if self.suppressed else self.value


@dataclass
class Rate:
    """`part` of `whole` people, with its Wilson 95 % interval.

    Shown only when neither the part nor the whole is suppressed: a group of fewer than five,
    or a part of one to four people, shows "<5" and no percentage (which would give it away).
    """

    part: int
    whole: int
    part_suppressed: bool = False
    whole_suppressed: bool = False

    def __post_init__(self) -> None:
        self.whole_suppressed = self.whole_suppressed or is_small(self.whole)
        self.part_suppressed = self.part_suppressed or self.whole_suppressed or is_small(self.part)

    @property
    def shown(self) -> bool:
        return self.whole > 0 and not self.part_suppressed and not self.whole_suppressed

    @property
    def percent(self) -> float | None:
        return 100 * self.part / self.whole if self.shown else None

    @property
    def interval(self) -> tuple[float, float] | None:
        bounds = wilson_interval(self.part, self.whole) if self.shown else None
        if bounds is None:
            return None
        low, high = bounds
        return 100 * low, 100 * high

    @property
    def part_display(self) -> str:
        return f"<{SUPPRESS_BELOW}" if self.part_suppressed else str(self.part)

    @property
    def whole_display(self) -> str:
        return f"<{SUPPRESS_BELOW}" if self.whole_suppressed else str(self.whole)

    @property
    def percent_display(self) -> str:
        if self.whole == 0:
            return "–"
        if not self.shown:
            return f"<{SUPPRESS_BELOW}"
        return f"{self.percent:.0f} %"

    @property
    def interval_display(self) -> str:
        if not self.interval:
            return "–"
        low, high = self.interval
        return f"{low:.0f}–{high:.0f} %"

    @property
    def count_display(self) -> str:
        """ "10 of 12" (translated in the template through part/whole)."""
        return f"{self.part_display} / {self.whole_display}"


def protect_column(figures: list[Figure]) -> None:
    """Secondary suppression in one column of a breakdown: if exactly one group is suppressed,
    also suppress the smallest other non-zero group, so the hidden one cannot be found by
    subtracting the shown groups from the total."""
    hidden = [f for f in figures if f.suppressed]
    if len(hidden) != 1:
        return
    others = [f for f in figures if not f.suppressed and f.value > 0]
    if others:
        min(others, key=lambda f: f.value).suppressed = True
