"""Generate realistic data at scale for the benchmark (see bench/dataset/ and docs/benchmark.md)."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bench import dataset


class Command(BaseCommand):
    help = "Load a reproducible city or national data set through the real tables (COPY)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--preset", choices=sorted(dataset.PRESETS), default="city")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--participants", type=int)
        parser.add_argument("--tracks", type=int)
        parser.add_argument("--employers", type=int)
        parser.add_argument("--regions", type=int)
        parser.add_argument("--due-notifications", type=int)
        parser.add_argument(
            "--today", type=dt.date.fromisoformat, help="Anchor date (default: today)."
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Empty every table first (TRUNCATE). Only for a benchmark database.",
        )
        parser.add_argument("--if-missing", action="store_true", help="Do nothing if loaded.")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: str, **options: Any) -> None:
        if dataset.already_generated():
            if options["if_missing"]:
                wanted = options["participants"] or dataset.PRESETS[options["preset"]].participants
                loaded = dataset.generated_participants()
                if loaded != wanted:
                    raise CommandError(
                        f"This database holds another data set ({loaded} participants, the "
                        f"preset has {wanted}). Use --replace or another database."
                    )
                if dataset.without_milestones():
                    raise CommandError(
                        "This database holds data generated before members carried the days "
                        "they were hired, started and completed (the steering and dashboard "
                        "figures would count no hire). Load it again with --replace."
                    )
                self.stdout.write("Scale data already present; nothing to do.")
                return
            if not options["replace"]:
                raise CommandError(
                    "Scale data is already loaded here. Use --replace (empties the database) "
                    "or another database."
                )
        if options["replace"]:
            dataset.remove_generated()
        preset = dataset.preset_with(
            options["preset"],
            participants=options["participants"],
            tracks=options["tracks"],
            employers=options["employers"],
            regions=options["regions"],
            due_notifications=options["due_notifications"],
        )
        started = time.monotonic()
        counts = dataset.ScaleGenerator(
            preset,
            seed=options["seed"],
            today=options["today"],
            progress=not options["no_progress"],
        ).run()
        load_seconds = time.monotonic() - started
        dataset.analyze()
        total = sum(counts.values())
        for label, count in sorted(counts.items()):
            self.stdout.write(f"{label:<40} {count:>10}")
        analyzed = time.monotonic() - started - load_seconds
        self.stdout.write(
            f"{total} rows in {load_seconds:.0f} s (+ VACUUM ANALYZE {analyzed:.0f} s)"
        )
