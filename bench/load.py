"""Load from a real load generator: `wrk` (Debian's package) with a Lua script that sends each
request with its own session cookie or API key, so that the client's Python no longer shares the
two cores with the server.

`wrk_load(port, jobs, clients=8, seconds=10)` cycles every connection through `jobs` (path and
cookie pairs, from its own offset) and returns requests, req/s, p50/p95/p99 in ms and the
responses that were not 200 (wrk counts only 4xx/5xx as errors: a redirect to the sign-in page is
a failure here too). With one client it measures a single page's latency.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

WRK = shutil.which("wrk")

_SCRIPT = r"""
local jobs = %(jobs)s
local threads = {}
local counter = 1

function setup(thread)
  thread:set("offset", counter * 3)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  index = offset
  not_ok = 0
end

function request()
  index = index + 1
  local job = jobs[(index %% #jobs) + 1]
  return wrk.format("GET", job[1], job[2])
end

function response(status, headers, body)
  if status ~= 200 then not_ok = not_ok + 1 end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do bad = bad + thread:get("not_ok") end
  local errors = summary.errors
  io.write("WRK_JSON " .. string.format(
    '{"requests": %%d, "duration_us": %%d, "not_200": %%d, "socket_errors": %%d, ' ..
    '"p50_us": %%d, "p95_us": %%d, "p99_us": %%d}',
    summary.requests, summary.duration, bad,
    errors.connect + errors.read + errors.write + errors.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)) .. "\n")
end
"""


def _lua_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _lua_jobs(jobs: list[tuple[str, str]]) -> str:
    rows = []
    for path, cookie in jobs:
        headers = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https"}
        if cookie.startswith("Bearer "):
            headers["Authorization"] = cookie
        elif cookie:
            headers["Cookie"] = cookie
        table = ", ".join(f"[{_lua_string(k)}] = {_lua_string(v)}" for k, v in headers.items())
        rows.append(f"{{{_lua_string(path)}, {{{table}}}}}")
    return "{" + ", ".join(rows) + "}"


def wrk_load(
    port: int, jobs: list[tuple[str, str]], *, clients: int, seconds: float
) -> dict[str, Any]:
    if WRK is None:
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk): docs/benchmark.md")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_SCRIPT % {"jobs": _lua_jobs(jobs)})
    try:
        completed = subprocess.run(
            [
                WRK,
                f"--threads={min(2, clients)}",
                f"--connections={clients}",
                f"--duration={max(1, round(seconds))}s",
                "--timeout=30s",
                f"--script={script.name}",
                f"http://127.0.0.1:{port}",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        Path(script.name).unlink()
    line = next(x for x in completed.stdout.splitlines() if x.startswith("WRK_JSON "))
    raw = json.loads(line.removeprefix("WRK_JSON "))
    elapsed = raw["duration_us"] / 1e6
    return {
        "clients": clients,
        "seconds": round(elapsed, 1),
        "requests": raw["requests"],
        "failures": raw["not_200"] + raw["socket_errors"],
        "req_per_s": raw["requests"] / elapsed if elapsed else 0.0,
        "p50_ms": raw["p50_us"] / 1000,
        "p95_ms": raw["p95_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "tool": "wrk",
    }
