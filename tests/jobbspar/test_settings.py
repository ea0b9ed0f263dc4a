"""Production settings: refuse to start half-configured, and pass Django's deploy checklist."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DEBUG": "false",
    "DEMO_MODE": "false",
    "SECRET_KEY": "q8Vt-2rXw9Zk_Lm4Pn7Hs1Jd6Fg3Bc0Ny5Ta8Ue2Wi9Ro4Qp7Kx1Mz3Lv6Gb0Hj",
    "ALLOWED_HOSTS": "jobbspar.example.se",
    "DATABASE_URL": "postgres://jobbspar:secret@db.example.se:5432/jobbspar",
    "REDIS_URL": "redis://redis.example.se:6379/0",
}


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    # The test process allows async-unsafe ORM use for Playwright; production never does.
    dropped = {*PRODUCTION_ENV, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_is_clean_with_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"])
def test_production_refuses_to_start_without(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert f"{missing} must be set in production" in result.stderr


def test_production_uses_argon2_and_secure_cookies():
    code = (
        "from django.conf import settings as s;"
        "print(s.PASSWORD_HASHERS[0], s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.DEBUG, s.DATABASES['default']['CONN_HEALTH_CHECKS'])"
    )
    result = run_manage("shell", "--no-imports", "-c", code, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "True",
        "True",
        "False",
        "True",
    ]


def test_sqlite_is_refused():
    env = {**PRODUCTION_ENV, "DATABASE_URL": "sqlite:///db.sqlite3"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "PostgreSQL only" in result.stderr


@pytest.mark.django_db
def test_database_connections_run_without_jit():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)
