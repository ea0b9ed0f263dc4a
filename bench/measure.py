"""The benchmark's HTTP client: one request timed, one page measured with one client, and
every page mixed over several clients."""

from __future__ import annotations

import http.client
import threading
import time
from dataclasses import dataclass
from typing import Any


@dataclass
class Sample:
    ms: float
    status: int
    queries: int | None


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
    except OSError:
        status, queries = 0, None
    finally:
        conn.close()
    return Sample(
        ms=(time.perf_counter() - started) * 1000,
        status=status,
        queries=int(queries) if queries else None,
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


def mixed(
    port: int, jobs: list[tuple[str, str]], *, clients: int, seconds: float
) -> dict[str, Any]:
    """`clients` threads, each cycling through every (url, cookie) from its own offset."""
    samples: list[Sample] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(offset: int) -> None:
        index = offset
        mine = []
        while time.monotonic() < stop:
            url, cookie = jobs[index % len(jobs)]
            mine.append(fetch(port, url, cookie))
            index += 1
        with lock:
            samples.extend(mine)

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(i * 3,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    times = [s.ms for s in samples]
    return {
        "clients": clients,
        "seconds": round(elapsed, 1),
        "requests": len(samples),
        "failures": sum(1 for s in samples if s.status != 200),
        "req_per_s": len(samples) / elapsed,
        "p50_ms": percentile(times, 50),
        "p95_ms": percentile(times, 95),
        "p99_ms": percentile(times, 99),
    }
