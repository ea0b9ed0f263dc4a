"""Where each scenario's time goes: the `Server-Timing` header of a server started with
BENCHMARK_PROFILE=true (jobbspar/timing.py), read over a few requests per scenario.

Every millisecond of a request is charged to one place: `sql` (with the statement count), `forms`
(building, validating and drawing forms), `templates` (the page's own templates), `mw.<class>`
(each middleware's own code) and `rest` (URL resolving and the view's Python). The table shows the
median of each place, in milliseconds, and the median total as the server saw it.
"""

from __future__ import annotations

import statistics
from typing import Any

from bench.measure import fetch

# The columns of the printed table; every middleware is summed into `middleware` there, and
# listed one by one in the JSON.
COLUMNS = ("total", "sql", "queries", "templates", "forms", "middleware", "rest")


def parse_server_timing(header: str) -> dict[str, float]:
    """`name;dur=1.23;desc="4", ...` -> {"name": 1.23, ..., "queries": 4}."""
    places: dict[str, float] = {}
    for part in header.split(","):
        name, *params = (p.strip() for p in part.split(";"))
        for param in params:
            key, _, value = param.partition("=")
            if key == "dur":
                places[name] = float(value)
            elif key == "desc" and name == "sql":
                places["queries"] = float(value.strip('"'))
    return places


def breakdown(headers: list[str]) -> dict[str, Any]:
    """The median of each place over the requests; middleware also summed."""
    parsed = [parse_server_timing(h) for h in headers if h]
    if not parsed:
        return {}
    names = sorted({name for p in parsed for name in p})
    medians = {name: statistics.median(p.get(name, 0.0) for p in parsed) for name in names}
    middleware = {n: v for n, v in medians.items() if n.startswith("mw.")}
    result: dict[str, Any] = {
        name: round(value, 2) for name, value in medians.items() if not name.startswith("mw.")
    }
    result["middleware"] = round(
        statistics.median(sum(v for n, v in p.items() if n.startswith("mw.")) for p in parsed), 2
    )
    by_cost = sorted(middleware.items(), key=lambda item: -item[1])
    result["each_middleware"] = {n.removeprefix("mw."): round(v, 2) for n, v in by_cost}
    result["requests"] = len(parsed)
    return result


# Requests to a page before its profile is read, on a server of one worker (bench/run.py): a
# worker's first takings of a page learn its queries, compile its templates and prepare its
# statements (bench.measure.WARM_UP_SECONDS); steady after about eleven.
PROFILE_WARM_UP = 12


def profile(
    port: int,
    jobs: list[tuple[str, str, str]],
    *,
    requests: int = 15,
    warm_up: int = PROFILE_WARM_UP,
) -> dict:
    """{scenario name: breakdown} for (name, url, cookie) over `requests` requests each, after
    `warm_up` not counted."""
    profiles = {}
    for name, url, cookie in jobs:
        for _ in range(warm_up):
            fetch(port, url, cookie)
        headers = [fetch(port, url, cookie).timing or "" for _ in range(requests)]
        profiles[name] = breakdown(headers)
    return profiles


def print_profile(profiles: dict[str, dict], title: str) -> None:
    print(f"\n{title} (median ms per request, from Server-Timing)")
    print(f"{'scenario':<36}" + "".join(f"{c:>10}" for c in COLUMNS) + "  top middleware")
    for name, row in profiles.items():
        if not row:
            continue
        top = ", ".join(f"{n} {v:.1f}" for n, v in list(row["each_middleware"].items())[:3])
        cells = "".join(f"{row.get(c, 0):>10.1f}" for c in COLUMNS)
        print(f"{name:<36}{cells}  {top}")
