"""The sizes the generator loads: a city and a national preset, and overrides of them."""

from __future__ import annotations

from dataclasses import dataclass, replace

# The password of every generated user (the benchmark signs in with sessions, not passwords).
SCALE_PASSWORD = "jobbspar-scale-password"  # noqa: S105 - generated test data only
# The demo TOTP secret (jobbspar/demo.py), as hex: every generated staff user has a device.
USERNAME_PREFIX = "scale-"


@dataclass(frozen=True)
class Preset:
    regions: int  # one AF office + one municipality + one education provider each
    participants: int
    tracks: int
    employers: int
    due_notifications: int
    reads_per_participant: int = 6


PRESETS = {
    "city": Preset(
        regions=3, participants=6_000, tracks=400, employers=100, due_notifications=5_000
    ),
    "national": Preset(
        regions=30,
        participants=300_000,
        tracks=20_000,
        employers=2_000,
        due_notifications=100_000,
    ),
}


def preset_with(name: str, **overrides: int | None) -> Preset:
    preset = PRESETS[name]
    return replace(preset, **{k: v for k, v in overrides.items() if v is not None})
