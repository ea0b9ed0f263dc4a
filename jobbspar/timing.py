"""Where a request's time goes, for `make bench` (settings.BENCHMARK_PROFILE, off everywhere else).

Every moment of a request is charged to exactly one place, the innermost one running: SQL (the
database execute wrapper), form building and rendering (a form's construction and validation, and
every template the form renderer draws), page templates (the response's template, less the SQL
and forms inside it), each middleware (its own code, less what runs inside it), and the rest: URL
resolving and the view's Python. The sums go out in a `Server-Timing` header (W3C Server Timing),
which `bench.profile` reads; the names are `sql`, `forms`, `templates`, `mw.<class>` and `rest`,
each with `dur` in milliseconds, and `sql` with the statement count in `desc`.

`profiled_middleware(MIDDLEWARE)` turns the settings' list into one of timing wrappers
(`jobbspar.timing.Timed<i>`, made on first use, PEP 562), each wrapping the real middleware and its
`process_view` / `process_exception` / `process_template_response` hooks, outermost first the
`ServerTimingMiddleware` that starts the clock and writes the header. Nothing here runs unless the
setting is on: the measured configuration of `make bench` runs without it, and the profile is
taken from a second server in the same run.
"""

from __future__ import annotations

import contextvars
import functools
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

REST = "rest"


class RequestClock:
    """Exclusive time per place: time since the last switch goes to the place on top."""

    def __init__(self) -> None:
        self.totals: dict[str, float] = defaultdict(float)
        self.stack: list[str] = [REST]
        self.queries = 0
        self.last = self.started = time.perf_counter()

    def enter(self, place: str) -> None:
        now = time.perf_counter()
        self.totals[self.stack[-1]] += now - self.last
        self.stack.append(place)
        self.last = now

    def leave(self) -> None:
        now = time.perf_counter()
        self.totals[self.stack.pop()] += now - self.last
        self.last = now

    def header(self) -> str:
        self.totals[self.stack[-1]] += time.perf_counter() - self.last
        self.last = time.perf_counter()
        total = (self.last - self.started) * 1000
        parts = [f"total;dur={total:.2f}"]
        for place, seconds in sorted(self.totals.items()):
            desc = f';desc="{self.queries}"' if place == "sql" else ""
            parts.append(f"{place};dur={seconds * 1000:.2f}{desc}")
        return ", ".join(parts)


_clock: contextvars.ContextVar[RequestClock | None] = contextvars.ContextVar(
    "request_clock", default=None
)


def charged(place: str, function: Callable[..., Any], *, unless_in: str = "") -> Callable[..., Any]:
    """`function`, its time charged to `place` while a request is being timed (left with
    `unless_in` when that is where it is called from: a form's own templates are the form's)."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        clock = _clock.get()
        if clock is None or clock.stack[-1] == unless_in:
            return function(*args, **kwargs)
        clock.enter(place)
        try:
            return function(*args, **kwargs)
        finally:
            clock.leave()

    return wrapper


def _sql(execute, sql, params, many, context) -> Any:
    clock = _clock.get()
    if clock is None:
        return execute(sql, params, many, context)
    clock.queries += 1
    clock.enter("sql")
    try:
        return execute(sql, params, many, context)
    finally:
        clock.leave()


_installed = False


def install() -> None:
    """Charge templates and forms to their places (once per process)."""
    global _installed
    if _installed:
        return
    from crispy_forms.templatetags import crispy_forms_filters, crispy_forms_tags
    from django import forms
    from django.forms import renderers
    from django.template.backends import django as django_backend

    # Patched on purpose, and only in a profiling server (mypy: assigning to a method).
    page, renderer, form = django_backend.Template, renderers.BaseRenderer, forms.BaseForm
    setattr(page, "render", charged("templates", page.render, unless_in="forms"))  # noqa: B010
    setattr(renderer, "render", charged("forms", renderer.render))  # noqa: B010
    setattr(form, "__init__", charged("forms", form.__init__))  # noqa: B010
    setattr(form, "full_clean", charged("forms", form.full_clean))  # noqa: B010
    # crispy's filters and tag draw fields through their own templates: form rendering too.
    for library in (crispy_forms_filters.register, crispy_forms_tags.register):
        for name, function in list(library.filters.items()):
            library.filters[name] = charged("forms", function)
    crispy_forms_tags.CrispyFormNode.render = charged(
        "forms", crispy_forms_tags.CrispyFormNode.render
    )
    _installed = True


class ServerTimingMiddleware:
    """Outermost: starts the request's clock, times its SQL, writes `Server-Timing`."""

    def __init__(self, get_response) -> None:
        from django.db import connection

        install()
        self.get_response = get_response
        self.connection = connection

    def __call__(self, request: Any) -> Any:
        clock = RequestClock()
        token = _clock.set(clock)
        try:
            with self.connection.execute_wrapper(_sql):
                response = self.get_response(request)
            response["Server-Timing"] = clock.header()
            response["X-Query-Count"] = str(clock.queries)
            return response
        finally:
            _clock.reset(token)


_originals: list[str] = []
_HOOKS = ("process_view", "process_exception", "process_template_response")


def profiled_middleware(middleware: list[str]) -> list[str]:
    """The settings' MIDDLEWARE, each wrapped to be timed, behind `ServerTimingMiddleware`."""
    _originals[:] = middleware
    return ["jobbspar.timing.ServerTimingMiddleware"] + [
        f"jobbspar.timing.Timed{index}" for index in range(len(middleware))
    ]


def _timed_class(path: str) -> type:
    from django.utils.module_loading import import_string

    real_class = import_string(path)
    place = "mw." + path.rsplit(".", 1)[-1]

    class Timed:
        def __init__(self, get_response) -> None:
            def inner(request: Any) -> Any:
                clock = _clock.get()
                if clock is None:
                    return get_response(request)
                clock.enter(REST)
                try:
                    return get_response(request)
                finally:
                    clock.leave()

            self.real = real_class(inner)  # MiddlewareNotUsed passes through, as Django expects
            for hook in _HOOKS:
                if hasattr(self.real, hook):
                    setattr(self, hook, charged(place, getattr(self.real, hook)))

        def __call__(self, request: Any) -> Any:
            return charged(place, self.real)(request)

    Timed.__name__ = Timed.__qualname__ = f"Timed[{path}]"
    return Timed


def __getattr__(name: str) -> type:
    if name.startswith("Timed") and name[5:].isdigit() and int(name[5:]) < len(_originals):
        cls = _timed_class(_originals[int(name[5:])])
        globals()[name] = cls
        return cls
    raise AttributeError(name)
