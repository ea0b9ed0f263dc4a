"""The benchmark's Python HTTP client: checks each page's answer (status, query count) and reads
the profile's Server-Timing; the timing under load is wrk's (bench/load.py)."""

from __future__ import annotations

import http.client
import statistics
import time
from dataclasses import dataclass
from typing import Any


@dataclass
class Sample:
    ms: float
    status: int
    queries: int | None
    timing: str | None = None  # Server-Timing, from a profiling server (bench/profile.py)


def fetch(port: int, url: str, cookie: str) -> Sample:
    """GET `url`; `cookie` is a session cookie ("name=value"), or an API key's
    "Bearer <key>" (bench.sessions.session_cookies), or "" for anonymous."""
    headers = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https"}
    if cookie.startswith("Bearer "):
        headers["Authorization"] = cookie
    elif cookie:
        headers["Cookie"] = cookie
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", url, headers=headers)
        response = conn.getresponse()
        response.read()
        status = response.status
        queries = response.getheader("X-Query-Count")
        timing = response.getheader("Server-Timing")
    except OSError:
        status, queries, timing = 0, None, None
    finally:
        conn.close()
    return Sample(
        ms=(time.perf_counter() - started) * 1000,
        status=status,
        queries=int(queries) if queries else None,
        timing=timing,
    )


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def measure(
    port: int, url: str, cookie: str, *, seconds: float, max_requests: int, warmup: int = 3
) -> dict[str, Any]:
    for _ in range(warmup):
        fetch(port, url, cookie)
    samples: list[Sample] = []
    started = time.monotonic()
    while len(samples) < max_requests and (
        time.monotonic() - started < seconds or len(samples) < 10
    ):
        samples.append(fetch(port, url, cookie))
    elapsed = time.monotonic() - started
    times = [s.ms for s in samples]
    statuses: dict[str, int] = {}
    for s in samples:
        statuses[str(s.status)] = statuses.get(str(s.status), 0) + 1
    return {
        "requests": len(samples),
        "failures": sum(1 for s in samples if s.status != 200),
        "statuses": statuses,
        "p50_ms": percentile(times, 50),
        "p95_ms": percentile(times, 95),
        "p99_ms": percentile(times, 99),
        "req_per_s_1_client": len(samples) / elapsed,
        "queries_per_request": sorted({s.queries for s in samples if s.queries is not None}),
    }


# Seconds of the page under wrk before it is timed, not counted in its p50 and p95: each worker's
# first takings of a page learn its queries (jobbspar/database/prepared.py: the builder four
# times, then three checks in the request), compile its templates and prepare its statements
# (~150 ms, then ~30-50 ms for three requests, then ~1.5x for a few more, per worker and kind),
# and with three workers sharing the timed window they were up to a tenth of its requests: the
# p95 measured how many workers had not yet seen the page. Their p99 is kept as the warm-up's.
WARM_UP_SECONDS = 2.0


def time_scenario(
    result: Any, port: int, cookie: str, *, seconds: float, floor_url: str | None
) -> None:
    """One page into `result` (bench.report.Result): checked with the Python client (status,
    query count), warmed up with wrk, then timed with wrk with one client in turns with the
    anonymous floor beside it (`floor_url`, if any): FLOOR_ROUNDS rounds in which the page and
    then the floor are timed for floor_round_seconds(seconds) each, the floor first every other
    round. The page's p50, p95 and p99 are the medians of its rounds' (as a floor's are,
    time_floors), each round's p50 kept (`round_p50_ms`); the floor beside it is the median of
    its rounds' p50s (`floor_beside_p50_ms`, each in `beside_round_p50_ms`).

    Timed once for 1.5 s before the page's whole seconds, the floor beside a page ranged from
    1.1 to 3.3 ms within one run while the floors' own rounds gave 1.3: a slow or fast moment
    under either window alone decided a page's ratio by up to half (issue 18). In turns, a
    moment falls on both alike. The floors themselves are timed by time_floors."""
    from bench.load import wrk_load

    _check_and_warm_up(result, port, cookie)
    each = floor_round_seconds(seconds)
    pages: list[dict[str, Any]] = []
    beside: list[dict[str, Any]] = []
    for turn in range(FLOOR_ROUNDS):
        jobs = [(pages, result.url, cookie)]
        if floor_url is not None:
            jobs.append((beside, floor_url, ""))
        for rounds, url, its_cookie in jobs if turn % 2 == 0 else jobs[::-1]:
            one = wrk_load(port, [(url, its_cookie)], clients=1, seconds=each)
            rounds.append(one)
            # The floor's requests with its failures: the report's "failed x of y" has one
            # denominator.
            result.requests += one["requests"]
            result.failures += one["failures"]
    _judged_on_rounds(result, pages)
    # A round in which no floor request answered has no p50 (0): not a floor of 0 ms. None
    # answered in any: the page is judged against the run's floor (bench.report).
    answered = [one["p50_ms"] for one in beside if one["p50_ms"]]
    result.beside_round_p50_ms = [one["p50_ms"] for one in beside]
    result.floor_beside_p50_ms = statistics.median(answered) if answered else None


# The three floors are timed in turns (time_floors): this many rounds, the order reversed every
# other round, so that they are timed a few seconds apart and none always first or last.
FLOOR_ROUNDS = 4


def floor_round_seconds(seconds: float) -> int:
    """The whole seconds each floor is timed in a round (wrk takes whole seconds): a share of
    the run's `--seconds`, at least one."""
    return max(1, round(seconds / FLOOR_ROUNDS))


def time_floors(floors: list[tuple[Any, str]], port: int, *, seconds: float) -> None:
    """The bare, anonymous and signed-in floors (`floors`: each result with its cookie) into
    their results, each checked and warmed up as a page is (time_scenario), then timed in turns:
    FLOOR_ROUNDS rounds in which each is timed with wrk for floor_round_seconds(seconds), in the
    given order and then in reverse, alternately. A floor's p50, p95 and p99 are the medians of
    its rounds' p50s, p95s and p99s (not percentiles of all its requests); each round's p50 is
    kept (`round_p50_ms`).

    Timed one after the other, each for all its seconds, the ratios of the floors (the targets
    "anonymous within 2x the bare" and "signed-in within 1.5x the anonymous") compared windows
    seconds apart, and the machine's speed moves by 10-20 % within that (issue 18); in turns,
    they are a few seconds apart in every round."""
    from bench.load import wrk_load

    timed: dict[int, list[dict[str, Any]]] = {id(result): [] for result, _ in floors}
    for result, cookie in floors:
        _check_and_warm_up(result, port, cookie)
    each = floor_round_seconds(seconds)
    for turn in range(FLOOR_ROUNDS):
        for result, cookie in floors if turn % 2 == 0 else floors[::-1]:
            one = wrk_load(port, [(result.url, cookie)], clients=1, seconds=each)
            timed[id(result)].append(one)
            result.requests += one["requests"]
            result.failures += one["failures"]
    for result, _ in floors:
        _judged_on_rounds(result, timed[id(result)])


def _check_and_warm_up(result: Any, port: int, cookie: str) -> None:
    """`result`'s page checked with the Python client (status, query count), then warmed up
    with wrk for WARM_UP_SECONDS, its p99 kept as the warm-up's."""
    from bench.load import wrk_load

    checked = measure(port, result.url, cookie, seconds=0, max_requests=5, warmup=1)
    warm = wrk_load(port, [(result.url, cookie)], clients=1, seconds=WARM_UP_SECONDS)
    result.warm_up_p99_ms = warm["p99_ms"]
    result.requests = checked["requests"] + warm["requests"]
    result.failures += checked["failures"] + warm["failures"]
    result.statuses = checked["statuses"]
    result.queries_per_request = checked["queries_per_request"]


def _judged_on_rounds(result: Any, rounds: list[dict[str, Any]]) -> None:
    """`result`'s p50, p95, p99 and requests per second: the medians of its rounds' (wrk's
    answers), each round's p50 kept."""
    result.round_p50_ms = [one["p50_ms"] for one in rounds]
    result.p50_ms, result.p95_ms, result.p99_ms, result.req_per_s_1_client = (
        statistics.median(one[key] for one in rounds)
        for key in ("p50_ms", "p95_ms", "p99_ms", "req_per_s")
    )
