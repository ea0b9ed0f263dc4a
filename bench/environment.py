"""Where the benchmark runs: the private services and its own database, the production
environment, manage.py, and gunicorn (started, awaited, its workers' memory read)."""

from __future__ import annotations

import contextlib
import http.client
import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def private_services(preset: str, started: list[str]) -> tuple[str, str]:
    """Start the private services (as `make run` does) and make this benchmark's database."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import psycopg
    import services

    if services.start_postgres():
        started.append("postgres")
    if services.start_redis():
        started.append("redis")
    name = f"jobbspar_bench_{preset}"
    with psycopg.connect(
        host="127.0.0.1",
        port=services.PG_PORT,
        user=services.PG_USER,
        password=services._pg_password(),
        dbname="postgres",
        autocommit=True,
    ) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
        durable_commits(conn, name)
    base = services.database_url().rsplit("/", 1)[0]
    return f"{base}/{name}", services.redis_url().rsplit("/", 1)[0] + "/4"


def durable_commits(conn: Any, name: str) -> None:
    """Connections to database `name` commit as a deployment's do, unless a role's setting or
    the connection's own overrides it: each waits until the commit is on disk
    (`synchronous_commit = on`, PostgreSQL's default and docker-compose's).
    The private cluster runs with it off (scripts/services.py: tests and `make run` need no
    durability), and the benchmark used to measure there: each page's logged read, and every
    other write, was committed without waiting for the disk (~0.1 ms a commit on this machine).
    A database's own setting is taken by each new connection; a session may still set its own
    (the reminder sweep's marks do, docs/access-and-consent.md)."""
    from psycopg import sql

    conn.execute(
        sql.SQL("ALTER DATABASE {} SET synchronous_commit = on").format(sql.Identifier(name))
    )


def stop_services(started: list[str]) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    import services

    if "redis" in started:
        services.stop_redis()
    if "postgres" in started:
        services.stop_postgres()


def production_env(database_url: str, redis_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DEBUG": "false",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "SECRET_KEY": env.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "BENCHMARK": "true",
            "EMAIL_URL": "dummymail://",
            "LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "jobbspar.settings",
            # One API key carries all of the run's API requests (its scenario, then its share of
            # the mixed load): at ~100 pages a second that passed its 600 a minute and the run
            # counted the limit's 429s as failures. The limit stays on and is counted in Redis on
            # every API request as in production, but above what one run sends; a deployment
            # spreads such load over many clients, each with its own limit.
            "API_RATE": env.get("BENCH_API_RATE") or "1000000/min",
        }
    )
    return env


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(env: dict[str, str], port: int, workers: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            # The project's application, plus the bare floor (bench/wsgi.py).
            "bench.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/healthz")
            if conn.getresponse().status in (200, 503):
                return process
        if process.poll() is not None:
            sys.exit("gunicorn exited during start-up")
        time.sleep(0.3)
    process.terminate()
    sys.exit("gunicorn did not answer within 60 s")


def worker_peak_rss_mb(master_pid: int) -> list[float]:
    """VmHWM (peak resident set) of each gunicorn worker, from /proc."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    peaks = []
    for pid in children:
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(int(line.split()[1]) / 1024)
    return peaks
