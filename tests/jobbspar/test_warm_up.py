"""A web worker does before its first request what Django otherwise does on it
(jobbspar/warmup.py): importing the URLconf and its views, the cache and session backends, the
translations and the base template. Checked in a fresh interpreter, as gunicorn's worker loads
jobbspar.wsgi: the first request through the whole middleware stack imports no module of the
project or of a library it uses (a standard-library codec aside), where without the warm-up it
imports several hundred (~0.5-0.7 s)."""

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

from django.utils import translation
from django.utils.translation import trans_real

from jobbspar.warmup import warm_up

ROOT = Path(__file__).resolve().parents[2]

FIRST_REQUEST = """
import io, json, sys
if sys.argv[1] == "warm":
    from jobbspar.wsgi import application
else:
    import os
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobbspar.settings")
    from django.core.wsgi import get_wsgi_application
    application = get_wsgi_application()
before = set(sys.modules)
environ = {
    "REQUEST_METHOD": "GET", "PATH_INFO": "/no-such-page/", "SERVER_NAME": "localhost",
    "SERVER_PORT": "443", "HTTP_HOST": "localhost", "wsgi.url_scheme": "https",
    "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr, "HTTP_ACCEPT_LANGUAGE": "en",
}
statuses = []
b"".join(application(environ, lambda status, headers, exc_info=None: statuses.append(status)))
import gc
print(json.dumps({
    "status": statuses[0],
    "imported": sorted(set(sys.modules) - before),
    "frozen": gc.get_freeze_count(),
}))
"""


def _first_request(mode: str) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "jobbspar.settings",
        "DEBUG": "false",
        "SECRET_KEY": "warm-up-test-" + "x" * 40,
        "ALLOWED_HOSTS": "localhost",
        "SECURE_SSL_REDIRECT": "false",
        # The static files as `make run` serves them: a clean clone has no collectstatic
        # manifest, and without one every page, the 404 page too, answers 500.
        "STATIC_FROM_SOURCE": "true",
        "PYTHONPATH": str(ROOT),
    }
    completed = subprocess.run(
        [sys.executable, "-c", FIRST_REQUEST, mode],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(completed.stdout.strip().splitlines()[-1])


def test_the_first_request_of_a_warmed_worker_imports_nothing():
    answer = _first_request("warm")
    assert answer["status"].startswith("404")
    # A standard-library codec a template's string literal may load (microseconds) is no cost.
    assert [name for name in answer["imported"] if not name.startswith("encodings.")] == []
    # The loaded code's objects are frozen: the collector's oldest generation skips them.
    assert answer["frozen"] > 50_000


def test_without_the_warm_up_the_first_request_imports_the_project():
    answer = _first_request("cold")
    assert answer["status"].startswith("404")
    assert "jobbspar.urls" in answer["imported"]
    assert len(answer["imported"]) > 100
    assert answer["frozen"] == 0


def test_the_warm_up_loads_every_language_and_keeps_the_active_one(monkeypatch):
    monkeypatch.setattr(trans_real, "_translations", {})
    with translation.override("en"):
        try:
            warm_up()
        finally:
            gc.unfreeze()  # this test process keeps collecting as before
        assert translation.get_language() == "en"
    assert set(trans_real._translations) >= {"sv", "en"}
