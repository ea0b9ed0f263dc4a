"""docker-compose.yml cannot run here (no Docker engine), so check that it agrees with settings."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SETTINGS = (ROOT / "jobbspar" / "settings.py").read_text()
ENV_EXAMPLE = (ROOT / ".env.example").read_text()


def _settings_variables() -> set[str]:
    return set(re.findall(r"""env(?:\.\w+)?\(\s*["']([A-Z_]+)["']""", SETTINGS)) | set(
        re.findall(r"""_required\(\s*["']([A-Z_]+)["']""", SETTINGS)
    )


def _command(service: str) -> str:
    command = COMPOSE["services"][service]["command"]
    return " ".join(command) if isinstance(command, list) else command


def test_all_production_services_are_defined():
    assert {"postgres", "redis", "web", "worker", "beat"} <= set(COMPOSE["services"])
    assert COMPOSE["services"]["postgres"]["image"].startswith("postgres:16")
    assert COMPOSE["services"]["redis"]["image"].startswith("redis:7")


def test_processes_run_the_project_entry_points():
    assert "gunicorn jobbspar.wsgi:application" in _command("web")
    assert "celery -A jobbspar worker" in _command("worker")
    assert "celery -A jobbspar beat" in _command("beat")
    assert "manage.py migrate" in _command("migrate")


def test_app_services_share_one_configuration():
    for name in ["web", "worker", "beat", "migrate"]:
        service = COMPOSE["services"][name]
        assert service["env_file"] == ".env"
        assert service["environment"]["DATABASE_URL"].startswith("postgres://")
        assert service["environment"]["REDIS_URL"] == "redis://redis:6379/0"


def test_every_required_variable_reaches_the_app():
    # DATABASE_URL and REDIS_URL come from compose; the rest from .env (documented in .env.example)
    documented = set(re.findall(r"^([A-Z_]+)=", ENV_EXAMPLE, re.MULTILINE))
    for variable in ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"]:
        assert variable in documented


def test_env_example_documents_exactly_what_settings_read():
    documented = set(re.findall(r"^([A-Z_]+)=", ENV_EXAMPLE, re.MULTILINE)) - {"POSTGRES_PASSWORD"}
    read = _settings_variables() - {"CELERY_BEAT_SCHEDULE_FILENAME"}
    assert documented == read
