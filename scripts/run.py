"""`make run`: the whole system with demo data, in one process group.

Expects DATABASE_URL and REDIS_URL (scripts/services.py provides private ones). Migrates,
compiles translations, loads demo data, then starts the web server, a Celery worker and Celery
beat, prints the URL and the demo logins, and stops all of them on Ctrl-C.

It runs with DEBUG off (`run_environment`): people trying the demo see the app's own 404 and
500 pages, never Django's debug pages (which list every URL pattern and the settings). WhiteNoise
serves the static files from the source folders (no collectstatic); only the things plain HTTP
on 127.0.0.1 cannot do (the HTTPS redirect, HSTS, Secure cookies) are turned off.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def manage(*args: str) -> None:
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, check=True)


def banner(port: str) -> str:
    """What `make run` prints: the URL, the demo logins and the demo two-factor key."""
    from jobbspar.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, USERS

    logins = "\n".join(f"    {u.username:<18} {u.role}" for u in USERS)
    return (
        f"\nJobbspår is running at http://127.0.0.1:{port}/\n"
        f"  Demo logins (password: {DEMO_PASSWORD}):\n{logins}\n"
        f"  Two-factor sign-in: add the key {DEMO_TOTP_SECRET} to an authenticator app\n"
        "  (time-based, 6 digits) and enter the code it shows after the password.\n"
        "  Web server, Celery worker and Celery beat are running. Press Ctrl-C to stop.\n"
    )


def _secret_key() -> str:
    """One key per checkout, kept under .data/, so sessions survive a restart of `make run`."""
    path = ROOT / ".data" / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def run_environment() -> dict[str, str]:
    """The settings `make run` serves with: production's (DEBUG off), in demo mode, on plain
    HTTP at 127.0.0.1. Values already in the environment win."""
    return {
        "DEBUG": "false",
        "DEMO_MODE": "true",
        "SECRET_KEY": _secret_key(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "SECURE_COOKIES": "false",
        "STATIC_FROM_SOURCE": "true",
        "DJANGO_SETTINGS_MODULE": "jobbspar.settings",
    }


def main() -> int:
    port = os.environ.get("PORT", "8000")
    (ROOT / ".data").mkdir(exist_ok=True)
    for name, value in run_environment().items():
        os.environ.setdefault(name, value)
    manage("migrate", "--no-input")
    manage("seed_demo")
    celery = [PY, "-m", "celery", "-A", "jobbspar"]
    commands = {
        "web": [PY, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        "worker": [*celery, "worker", "--loglevel=INFO", "--concurrency=2"],
        "beat": [*celery, "beat", "--loglevel=INFO"],
    }
    import django

    django.setup()
    processes: dict[str, subprocess.Popen] = {}
    stopping: list[int] = []

    def request_stop(signum, frame) -> None:
        stopping.append(signum)

    # Ctrl-C reaches the children too (same process group); an exit after it is the plan.
    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    try:
        for name, cmd in commands.items():
            processes[name] = subprocess.Popen(cmd, cwd=ROOT)
        print(banner(port), flush=True)
        while not stopping and all(p.poll() is None for p in processes.values()):
            time.sleep(0.5)
        if stopping:
            print("\nStopping…", flush=True)
            return 0
        failed = [name for name, p in processes.items() if p.poll() is not None]
        print(f"Stopped because {', '.join(failed)} exited.", file=sys.stderr)
        return 1
    finally:
        for process in processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobbspar.settings")
    sys.exit(main())
