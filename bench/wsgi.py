"""The benchmark's WSGI entry: the project's application, plus the **bare floor** at
`/bench/bare/`: the floor view's query and template with no middleware and no URL resolving, so
the cost of the middleware stack is a number of its own (floor - bare floor).

Only `make bench` serves this module (bench/environment.py `start_gunicorn`); every other path
goes to `jobbspar.wsgi.application` unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from jobbspar.wsgi import application as project_application

BARE_PATH = "/bench/bare/"


def _bare(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    from django.template.loader import render_to_string

    from employers.models import Occupation

    occupation = Occupation.objects.filter(code="5321").first()
    body = render_to_string("home/bench_floor.html", {"occupation": occupation}).encode()
    start_response(
        "200 OK",
        [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))],
    )
    return [body]


def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    if environ.get("PATH_INFO") == BARE_PATH:
        return _bare(environ, start_response)
    return project_application(environ, start_response)
