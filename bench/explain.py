"""EXPLAIN ANALYZE of every read each benchmark page runs, against the benchmark database.

    DATABASE_URL=... python -m bench.explain [--min-rows 10000] [--page NAME]

Renders each page of bench/scenarios.py in-process (Django's test client, the same session as
the benchmark user), captures its SQL, and explains each read (is_a_read), each in a transaction
rolled back. Prints the slowest queries and
flags any sequential scan over a table with at least --min-rows rows. Exits 1 if one is found.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from typing import Any

from django.db import connection, transaction

from jobbspar.database.base import SETTINGS_FIRST


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--min-rows", type=int, default=10_000)
    parser.add_argument("--page", default="")
    parser.add_argument("--show", type=int, default=3, help="Slowest queries shown per page.")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobbspar.settings")
    os.environ.setdefault("DEBUG", "true")
    import django

    django.setup()
    # These need Django set up, after the settings module is chosen above.
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import NoReverseMatch

    from bench.scenarios import PAGES
    from bench.sessions import fixtures, session_cookies

    cookies = session_cookies()
    fx = fixtures()
    found = 0
    for scenario in PAGES:
        if args.page and args.page not in scenario.name:
            continue
        try:
            url = scenario.url(fx)
        except NoReverseMatch:
            print(f"\n== {scenario.name}: not available on this branch")
            continue
        client = Client()
        credential = cookies[scenario.role]
        if credential.startswith("Bearer "):
            client.defaults["HTTP_AUTHORIZATION"] = credential
        else:
            name, value = credential.split("=", 1)
            client.cookies[name] = value
        with CaptureQueriesContext(connection) as captured:
            status = client.get(url).status_code
        timings = []
        for query in captured.captured_queries:
            sql = query["sql"]
            if not is_a_read(sql):
                continue
            # Rolled back: nothing a statement did (a data-modifying WITH) stays.
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
                plan = cursor.fetchone()[0][0]
                transaction.set_rollback(True)
            scans = list(_seq_scans(plan["Plan"], args.min_rows))
            timings.append((plan["Execution Time"], sql, scans))
        total = sum(t for t, _s, _x in timings)
        print(f"\n== {scenario.name} {url} -> {status}, {len(captured)} queries, {total:.1f} ms")
        for ms, sql, _scans in sorted(timings, reverse=True)[: args.show]:
            print(f"  {ms:8.2f} ms  {sql[:220]}")
        for ms, sql, scans in timings:
            for relation, rows in scans:
                found += 1
                print(f"  SEQ SCAN on {relation} ({rows:.0f} rows) in {ms:.1f} ms: {sql[:300]}")
    print(f"\n{found} sequential scan(s) over tables with >= {args.min_rows} rows")
    return 1 if found else 0


def is_a_read(sql: str) -> bool:
    """Whether EXPLAIN ANALYZE may run `sql`: one SELECT, also one that begins with a
    parenthesis (a UNION of two ordered, limited SELECTs: candidate matching's page, the
    participant list's halves) or with a WITH. Not the statements pghistory and pgtrigger
    prefix with their settings (`SELECT set_config(...); INSERT ...`): ANALYZE would write."""
    start = sql.lstrip("( \t\r\n").upper()
    if sql.lstrip().upper().startswith(SETTINGS_FIRST.upper()):
        return False
    return start.startswith(("SELECT", "WITH"))


def _seq_scans(node: dict[str, Any], min_rows: int) -> Iterator[tuple[str, float]]:
    if node.get("Node Type") == "Seq Scan":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples FROM pg_class WHERE relname = %s", [node["Relation Name"]]
            )
            rows = cursor.fetchone()[0]
        if rows >= min_rows:
            yield node["Relation Name"], rows
    for child in node.get("Plans", []):
        yield from _seq_scans(child, min_rows)


if __name__ == "__main__":
    sys.exit(main())
