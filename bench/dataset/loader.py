"""The COPY machinery: rows into the real tables, user triggers off, ids from the table's
maximum, and (for large loads) indexes and foreign keys built once at the end."""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.db import connection, models

# One row for COPY: a model field's attname -> its value.
Row = dict[str, Any]


class Progress:
    """A plain progress line on stderr (no dependency): step, rows written, rows per second."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self.started = time.monotonic()
        self.rows = 0

    def step(self, what: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        elapsed = time.monotonic() - self.started
        width = 30
        filled = int(width * done / max(total, 1))
        bar = "#" * filled + "-" * (width - filled)
        sys.stderr.write(
            f"\r[{bar}] {what:<22} {done:>8}/{total:<8} rows {self.rows:>10} "
            f"{elapsed:6.0f}s {self.rows / max(elapsed, 0.001):8.0f} rows/s"
        )
        sys.stderr.flush()

    def done(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")


class _Columns:
    """How to fill every concrete column of a model from a row dict (defaults for the rest)."""

    def __init__(self, model: type[models.Model], now: dt.datetime) -> None:
        self.model = model
        self.table = model._meta.db_table
        self.fields = list(model._meta.concrete_fields)
        self.now = now

    def plan(self, row: Row) -> list[tuple[str | None, str, Callable[[], object] | None]]:
        planned: list[tuple[str | None, str, Callable[[], object] | None]] = []
        for f in self.fields:
            if f.attname in row:
                planned.append((f.column, f.attname, None))
            elif f.primary_key:
                continue  # the sequence assigns it
            elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                planned.append((f.column, f.attname, lambda: self.now))
            elif f.has_default() or f.null or (f.blank and f.empty_strings_allowed):
                planned.append((f.column, f.attname, f.get_default))
            else:
                raise ValueError(f"{self.model.__name__}.{f.name} has no value and no default")
        return planned


class Loader:
    """COPY rows into model tables inside the current transaction, user triggers off."""

    def __init__(
        self, progress: Progress, now: dt.datetime, *, rebuild_indexes: bool = False
    ) -> None:
        self.progress = progress
        self.now = now
        self._next: dict[type[models.Model], int] = {}
        self._disabled: set[str] = set()
        self._dropped_indexes: list[str] = []
        self._dropped_foreign_keys: list[str] = []
        self.rebuild_indexes = rebuild_indexes
        self.counts: dict[str, int] = {}

    def ids(self, model: type[models.Model], count: int) -> range:
        if model not in self._next:
            with connection.cursor() as cursor:
                cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{model._meta.db_table}"')  # noqa: S608
                self._next[model] = cursor.fetchone()[0] + 1
        start = self._next[model]
        self._next[model] = start + count
        return range(start, start + count)

    def _disable_triggers(self, table: str) -> None:
        if table not in self._disabled:
            with connection.cursor() as cursor:
                cursor.execute(f'ALTER TABLE "{table}" DISABLE TRIGGER USER')
                if self.rebuild_indexes:
                    # Building a secondary index once is far cheaper than maintaining it row by
                    # row; unique indexes stay, so every UNIQUE constraint is checked on load.
                    cursor.execute(
                        "SELECT i.indexname, i.indexdef FROM pg_indexes i"
                        " JOIN pg_class c ON c.relname = i.indexname"
                        " JOIN pg_index x ON x.indexrelid = c.oid"
                        " WHERE i.tablename = %s AND NOT x.indisunique",
                        [table],
                    )
                    for name, definition in cursor.fetchall():
                        cursor.execute(f'DROP INDEX "{name}"')
                        self._dropped_indexes.append(definition)
                    # Likewise foreign keys: re-adding one validates it with a single join,
                    # where a kept one queues a check per row (minutes for millions of rows).
                    cursor.execute(
                        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
                        " WHERE conrelid = %s::regclass AND contype = 'f'",
                        [f'"{table}"'],
                    )
                    for name, definition in cursor.fetchall():
                        cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
                        self._dropped_foreign_keys.append(
                            f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}'
                        )
            self._disabled.add(table)

    def copy(self, model: type[models.Model], rows: Iterable[Row]) -> int:
        rows = iter(rows)
        first = next(rows, None)
        if first is None:
            return 0
        columns = _Columns(model, self.now)
        plan = columns.plan(first)
        self._disable_triggers(columns.table)
        names = ", ".join(f'"{column}"' for column, _a, _d in plan)
        sql = f'COPY "{columns.table}" ({names}) FROM STDIN'
        written = 0
        raw = connection.connection  # psycopg 3 connection of Django's (open) connection
        with raw.cursor() as cursor, cursor.copy(sql) as copy:
            for row in _chain(first, rows):
                copy.write_row(
                    [
                        row[attname] if default is None else default()
                        for _c, attname, default in plan
                    ]
                )
                written += 1
        self.progress.rows += written
        self.counts[model._meta.label] = self.counts.get(model._meta.label, 0) + written
        return written

    def finish(self) -> None:
        with connection.cursor() as cursor:
            # Check the deferred foreign keys now: ALTER TABLE refuses while checks are pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            if self._dropped_indexes:
                cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            rebuild = self._dropped_indexes + self._dropped_foreign_keys
            for number, definition in enumerate(rebuild, start=1):
                cursor.execute(definition)
                self.progress.step("indexes, foreign keys", number, len(rebuild))
            for table in sorted(self._disabled):
                cursor.execute(f'ALTER TABLE "{table}" ENABLE TRIGGER USER')
            for model in self._next:
                table = model._meta.db_table
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "  # noqa: S608
                    f'(SELECT GREATEST(MAX(id), 1) FROM "{table}"))'
                )


def _chain(first: Row, rest: Iterable[Row]) -> Iterator[Row]:
    yield first
    yield from rest
