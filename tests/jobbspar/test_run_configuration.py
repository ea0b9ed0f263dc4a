"""`make run` serves with DEBUG off: a visitor gets the app's own error pages, never Django's
debug pages (a debug 404 lists every URL pattern), and static files are still served."""

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]

# Runs in a fresh interpreter, since settings are read from the environment once, at import.
PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
client = Client(headers={"host": "127.0.0.1"})
missing = client.get("/no-such-page/")
css = client.get("/static/css/app.css")
print(json.dumps({
    "debug": settings.DEBUG,
    "status": missing.status_code,
    "body": missing.content.decode(),
    "css": css.status_code,
}))
"""


def _run_environment() -> dict[str, str]:
    spec = importlib.util.spec_from_file_location("run_script", ROOT / "scripts" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.run_environment()


def test_make_run_shows_the_apps_404_page_and_still_serves_static_files():
    # DATABASE_URL and REDIS_URL come from the test run's environment, as they do in make run.
    env = {**os.environ, **_run_environment(), "REDIS_URL": settings.REDIS_URL}
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert probe["debug"] is False
    assert probe["status"] == 404
    assert "Sidan hittades inte" in probe["body"]
    assert "URLconf" not in probe["body"]
    assert "admin/" not in probe["body"]
    assert probe["css"] == 200
