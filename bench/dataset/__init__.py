"""Realistic data at scale for the benchmark (`manage.py generate_scale`).

Everything is written with PostgreSQL COPY (psycopg 3 `cursor.copy`) into the real tables of the
real models, so every CHECK, UNIQUE and FOREIGN KEY constraint is enforced by the database while
loading. The whole load is one transaction: it lands completely or not at all.

While loading, the *user* triggers of the tables written (django-pghistory's insert events and
the optimistic-locking version bump, see jobbspar/locking.py) are disabled inside the
transaction with `ALTER TABLE ... DISABLE TRIGGER USER` (foreign-key triggers stay on). pghistory
would otherwise add one insert event per row - doubling the load for history that never
happened as edits; the history the pages read (participant events, state transitions, track
status changes, the access log) is generated deliberately instead. Other sessions never see the
triggers off: ALTER TABLE holds its lock until the transaction commits, with the triggers back on.

The same seed, preset and `today` give the same rows (a `random.Random(seed)` drives every
choice; ids are assigned from the table's current maximum).

One module per family of tables: organisations.py (organisations, staff, employers),
needs.py (needs, profiles, agreements, meetings), planning.py (which tracks, who is in which),
participants.py, tracks.py, members.py and followups.py (a track's members, their moves and
outcomes), steering.py (steering groups, budgets, draw-downs and costs), notifications.py;
loader.py is the COPY machinery, presets.py the sizes,
generator.py runs them in order.
"""

from bench.dataset.database import (
    already_generated,
    analyze,
    digest,
    generated_participants,
    remove_generated,
    without_milestones,
)
from bench.dataset.generator import ScaleGenerator
from bench.dataset.presets import PRESETS, SCALE_PASSWORD, USERNAME_PREFIX, Preset, preset_with

__all__ = [
    "PRESETS",
    "SCALE_PASSWORD",
    "USERNAME_PREFIX",
    "Preset",
    "ScaleGenerator",
    "already_generated",
    "analyze",
    "digest",
    "generated_participants",
    "preset_with",
    "remove_generated",
    "without_milestones",
]
