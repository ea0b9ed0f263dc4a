"""The measured server's settings (bench/environment.py): production's, with the rules on."""

import psycopg
from django.db import connection
from psycopg import sql

from bench.environment import durable_commits, production_env
from bench.report import print_table


def test_the_measured_server_runs_production_settings_with_every_rule_on(monkeypatch):
    monkeypatch.delenv("BENCH_API_RATE", raising=False)
    monkeypatch.delenv("CONN_MAX_AGE", raising=False)
    env = production_env("postgres://db/x", "redis://r/4")
    assert env["DEBUG"] == "false"
    # The connections' lifetime is the deployed default (settings: 600 s), not the run's own:
    # the statements prepared on a connection live as long as it.
    assert "CONN_MAX_AGE" not in env
    assert env["BENCHMARK"] == "true"
    assert env["DATABASE_URL"] == "postgres://db/x" and env["REDIS_URL"] == "redis://r/4"
    # The API's limit is on, set above what one run sends with its one key.
    assert env["API_RATE"] == "1000000/min"
    monkeypatch.setenv("BENCH_API_RATE", "600/min")
    assert production_env("postgres://db/x", "redis://r/4")["API_RATE"] == "600/min"
    assert len(production_env("postgres://db/x", "redis://r/4")["SECRET_KEY"]) >= 50


def _commits(settings_dict: dict) -> str:
    with psycopg.connect(**_params(settings_dict, settings_dict["NAME"])) as conn:
        return conn.execute("SHOW synchronous_commit").fetchone()[0]


def _params(settings_dict: dict, dbname: str) -> dict:
    return {
        "host": settings_dict["HOST"],
        "port": settings_dict["PORT"],
        "user": settings_dict["USER"],
        "password": settings_dict["PASSWORD"],
        "dbname": dbname,
        "autocommit": True,
    }


def test_the_benchmark_database_commits_as_a_deployment_does(db):
    """The private cluster commits without waiting for the disk; the benchmark's database waits,
    as PostgreSQL does by default in a deployment, for every new connection."""
    settings_dict = connection.settings_dict
    name = settings_dict["NAME"]
    with psycopg.connect(**_params(settings_dict, "postgres")) as conn:
        try:
            # As on the private cluster (scripts/services.py), whatever this cluster's default.
            conn.execute(
                sql.SQL("ALTER DATABASE {} SET synchronous_commit = off").format(
                    sql.Identifier(name)
                )
            )
            assert _commits(settings_dict) == "off"
            durable_commits(conn, name)
            assert _commits(settings_dict) == "on"
        finally:
            conn.execute(
                sql.SQL("ALTER DATABASE {} RESET synchronous_commit").format(sql.Identifier(name))
            )


def _load(clients: int) -> dict:
    return {
        "clients": clients,
        "req_per_s": 100.0,
        "p50_ms": 5.0,
        "p95_ms": 9.0,
        "p99_ms": 12.0,
        "failures": 0,
    }


def test_the_report_says_how_the_database_commits(capsys):
    report = {
        "preset": "city",
        "when": "2026-12-06T12:00:00+00:00",
        "machine": {"cpus": 2, "load_average_at_end": (0.5, 0.5, 0.5)},
        "floor_p50_ms": 1.2,
        "bare_floor_p50_ms": 0.6,
        "load_generator": "wrk",
        "synchronous_commit": "on",
        "scenarios": [],
        "floor_8_clients": _load(8),
        "mixed_1_client": _load(1),
        "mixed_8_clients": _load(8),
        "mixed_more_clients": [_load(16)],
        "peak_rss_mb_per_worker": [140.0],
        "reminder_sweep": {
            "due_rows": 10,
            "seconds": 1,
            "rows_per_s": 10,
            "left_pending": 0,
            "sent_more_than_once": 0,
            "states_after": {},
        },
        "retention_dry_run": {"candidates": 0, "seconds": 0, "changed_nothing": True},
        "targets": {},
    }
    print_table(report)
    assert "commits: synchronous_commit=on\n" in capsys.readouterr().out
    report["synchronous_commit"] = "off"
    print_table(report)
    assert "synchronous_commit=off (NOT a deployment's" in capsys.readouterr().out
    report["synchronous_commit"] = "local"  # waits for the local disk, as "on" without standbys
    print_table(report)
    assert "commits: synchronous_commit=local\n" in capsys.readouterr().out
    del report["synchronous_commit"]  # a report written before it was recorded
    print_table(report)
    assert "commits: not recorded\n" in capsys.readouterr().out


def test_the_run_reads_how_the_measured_database_commits(db):
    from bench.run import synchronous_commit

    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit = local")
        assert synchronous_commit() == "local"
        cursor.execute("SET synchronous_commit = off")
        assert synchronous_commit() == "off"
        cursor.execute("RESET synchronous_commit")
