"""`make bench`: Jobbspår under gunicorn with production settings, measured from outside.

    python -m bench.run [--preset city|national] [--workers 3] [--seconds 6] [--mixed-seconds 15]

1. Without DATABASE_URL it starts the private PostgreSQL and Redis (scripts/services.py) and uses
   its own database, jobbspar_bench_<preset>, so demo data is never touched; that database
   commits as a deployment's does (synchronous_commit on), and the report says how it commits.
2. Migrates, loads the preset with `generate_scale --if-missing`, collects static files.
3. Starts gunicorn (DEBUG off, persistent connections with health checks, BENCHMARK=true for the
   floor view and the X-Query-Count header) on 127.0.0.1, sync workers as in the Dockerfile,
   serving bench/wsgi.py: the project's application plus the bare floor (the floor's query and
   template with no middleware).
4. Signed-in sessions are created in the database for one user per role (second factor marked
   verified, as django-otp does). Each scenario is checked with the Python client (status, query
   count), warmed up for two seconds (each worker's first takings of a page: bench/measure.py)
   and timed with `wrk` (bench/load.py: a real load generator, with a Lua script for the
   cookies) with one client: the three floors in turns, four rounds (measure.time_floors), each
   page for --seconds in turns with the floor beside it, four rounds (measure.time_scenario);
   then all pages mixed with 1, 8, 16 and 32 connections, and the floor with 8, with the CPU
   each process spent per request at 8 (bench/cpu.py: the app server, the database, Redis,
   wrk, the rest of the machine). Then a second server with BENCHMARK_PROFILE=true answers
   each scenario with a Server-Timing header: where the time goes (bench/profile.py,
   jobbspar/timing.py).
5. Runs the reminder sweep over every due notification row (e-mail to the dummy backend) and
   the retention job's dry run, in this process, against the same database.
6. Writes bench-results/bench-<preset>.json, prints a table with each target met / not met,
   and exits 1 if any request failed (or the sweep sent a row twice or left one behind).

This module runs the steps; environment.py (1, 3), measure.py, load.py, cpu.py and profile.py (4),
operations.py (5) and report.py (6) do them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
from dataclasses import asdict

from bench import cpu
from bench.environment import (
    ROOT,
    free_port,
    manage,
    private_services,
    production_env,
    start_gunicorn,
    stop_services,
    worker_peak_rss_mb,
)
from bench.load import wrk_load
from bench.measure import time_floors, time_scenario
from bench.profile import print_profile, profile
from bench.report import Result, judge_against_floors, print_table

RESULTS = ROOT / "bench-results"


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description="Benchmark Jobbspår (see docs/benchmark.md).")
    parser.add_argument("--preset", choices=["city", "national"], default="city")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument(
        "--seconds",
        type=float,
        default=6.0,
        help="Per scenario, one client (in four rounds; as long again for the floor beside it).",
    )
    parser.add_argument("--max-requests", type=int, default=300, help="Per scenario.")
    parser.add_argument("--mixed-seconds", type=float, default=15.0)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--note", default="", help="Recorded in the JSON (e.g. machine load).")
    args = parser.parse_args()

    started_services: list[str] = []
    try:
        if os.environ.get("DATABASE_URL"):
            database_url = os.environ["DATABASE_URL"]
            redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:63799/4")
        else:
            database_url, redis_url = private_services(args.preset, started_services)
        env = production_env(database_url, redis_url)
        os.environ.update(env)
        log(f"database {database_url.rsplit('/', 1)[-1]}, preset {args.preset}")
        manage(env, "migrate", "-v0")
        manage(
            env, "generate_scale", f"--preset={args.preset}", f"--seed={args.seed}", "--if-missing"
        )
        manage(env, "collectstatic", "--noinput", "-v0")
        return run(args, env)
    finally:
        stop_services(started_services)


def run(args: argparse.Namespace, env: dict[str, str]) -> int:
    import django

    django.setup()
    from django.db import connection
    from django.urls import NoReverseMatch

    # These read models and settings: imported once Django is set up with the environment
    # main() built (DATABASE_URL of the benchmark's database), not at the top.
    from bench.operations import reminder_sweep, retention_dry_run
    from bench.scenarios import (
        BARE_FLOOR,
        BARE_FLOOR_RATIO,
        FLOOR,
        FLOOR_RATIO_P50,
        FLOOR_SIGNED_IN,
        MATCHING_P95_MS,
        MIXED_P95_MS,
        MIXED_SHARE_OF_FLOOR,
        PAGES,
        SIGNED_IN_FLOOR_RATIO,
    )
    from bench.sessions import fixtures, session_cookies

    cookies = session_cookies()
    fx = fixtures()
    commits = synchronous_commit()
    log(f"commits: synchronous_commit={commits}")
    port = free_port()
    gunicorn = start_gunicorn(env, port, args.workers)
    log(f"gunicorn on 127.0.0.1:{port} with {args.workers} workers; measuring with wrk")
    results: list[Result] = []
    try:
        floor_url = FLOOR.url(fx)
        # The floors first, timed in turns so that their ratios compare the same moments.
        floors = []
        for scenario in [BARE_FLOOR, FLOOR, FLOOR_SIGNED_IN]:
            result = Result(name=scenario.name, kind=scenario.kind, role=scenario.role)
            result.url = scenario.url(fx)
            result.in_floor_target = scenario.floor_ratio
            floors.append((result, cookies.get(scenario.role, "")))
        time_floors(floors, port, seconds=args.seconds)
        for result, _ in floors:
            results.append(result)
            log(
                f"{result.name:<36} p50 {result.p50_ms:7.1f} ms  p95 {result.p95_ms:7.1f} ms"
                f"  (rounds' p50 {', '.join(f'{ms:.2f}' for ms in result.round_p50_ms)})"
            )
        for scenario in PAGES:
            result = Result(name=scenario.name, kind=scenario.kind, role=scenario.role)
            try:
                result.url = scenario.url(fx)
            except NoReverseMatch:  # the page is not on this branch
                result.available = False
                results.append(result)
                continue
            cookie = cookies.get(scenario.role, "")
            time_scenario(
                result,
                port,
                cookie,
                seconds=args.seconds,
                floor_url=floor_url,
            )
            result.target_p95_ms = (
                MATCHING_P95_MS[args.preset]
                if scenario.name == "candidate matching"
                else scenario.target_p95()
            )
            result.in_floor_target = scenario.floor_ratio
            results.append(result)
            log(
                f"{scenario.name:<36} p50 {result.p50_ms:7.1f} ms  p95 {result.p95_ms:7.1f} ms"
                f"  (warm-up p99 {result.warm_up_p99_ms:7.1f} ms; rounds' p50"
                f" {', '.join(f'{ms:.1f}' for ms in result.round_p50_ms)}, the floor's beside"
                f" {', '.join(f'{ms:.2f}' for ms in result.beside_round_p50_ms)})"
            )
        judge_against_floors(
            results,
            floor_ratio=FLOOR_RATIO_P50,
            bare_ratio=BARE_FLOOR_RATIO,
            signed_in_ratio=SIGNED_IN_FLOOR_RATIO,
        )
        bare, floor = results[0], results[1]
        pages = [r for r in results if r.available and r.kind != "floor"]
        jobs = [(r.url, cookies.get(r.role, "")) for r in pages]
        log(f"mixed load with wrk, 1/8/16/32 clients, {args.mixed_seconds:g} s each")
        # Where the CPU goes, for the floor and the mix at 8 clients (bench/cpu.py): the mix's
        # share of the floor's req/s is a bound on its CPU per request.
        servers = {
            cpu.APP_SERVER: gunicorn.pid,
            cpu.DATABASE: cpu.database_server_pid(connection),
            cpu.REDIS: cpu.redis_server_pid(env["REDIS_URL"]),
        }
        floor_8 = cpu.measured(
            servers, lambda: wrk_load(port, [(floor.url, "")], clients=8, seconds=5)
        )
        mixed_1 = wrk_load(port, jobs, clients=1, seconds=args.mixed_seconds)
        mixed_load = cpu.measured(
            servers,
            lambda: wrk_load(port, jobs, clients=args.clients, seconds=args.mixed_seconds),
        )
        mixed_more = [wrk_load(port, jobs, clients=n, seconds=args.mixed_seconds) for n in (16, 32)]
        rss = worker_peak_rss_mb(gunicorn.pid)
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)

    log("profile: a second server with BENCHMARK_PROFILE=true, Server-Timing per request")
    profile_port = free_port()
    # One worker: each page's warm-up (bench.profile.PROFILE_WARM_UP) then reaches the worker
    # that answers the profiled requests, instead of being spread over three.
    profiler = start_gunicorn({**env, "BENCHMARK_PROFILE": "true"}, profile_port, 1)
    try:
        profiles = profile(
            profile_port,
            [(r.name, r.url, cookies.get(r.role, "")) for r in results[1:] if r.available],
        )
    finally:
        profiler.terminate()
        profiler.wait(timeout=30)

    log("reminder sweep over every due row")
    sweep = reminder_sweep()
    log("retention dry run")
    retention = retention_dry_run()

    targets = {
        f"mixed load: >= {MIXED_SHARE_OF_FLOOR:.0%} of the floor's req/s at 8 clients": (
            mixed_load["req_per_s"] >= MIXED_SHARE_OF_FLOOR * floor_8["req_per_s"]
        ),
        f"mixed load: p95 <= {MIXED_P95_MS} ms at 8 clients": mixed_load["p95_ms"] <= MIXED_P95_MS,
        "mixed load: no errors": mixed_load["failures"] == 0,
        "peak RSS per worker < 150 MB": bool(rss) and max(rss) < 150,
        "reminder sweep: every due row once": sweep["ok"],
    }
    if sweep["due_rows"] >= 100_000:
        targets["reminder sweep: 100 000 rows < 60 s"] = sweep["seconds"] < 60
    failures = sum(r.failures for r in results) + mixed_load["failures"] + floor_8["failures"]
    report = {
        "preset": args.preset,
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_at_end": os.getloadavg(),
            "note": args.note,
        },
        "gunicorn_workers": args.workers,
        "load_generator": "wrk",
        "synchronous_commit": commits,
        "bare_floor_p50_ms": bare.p50_ms,
        "floor_p50_ms": floor.p50_ms,
        "scenarios": [asdict(r) for r in results],
        "mixed_8_clients": mixed_load,
        "mixed_1_client": mixed_1,
        "mixed_more_clients": mixed_more,
        "floor_8_clients": floor_8,
        "profile": profiles,
        "peak_rss_mb_per_worker": [round(x, 1) for x in rss],
        "reminder_sweep": sweep,
        "retention_dry_run": retention,
        "targets": targets,
        "failed_requests": failures,
    }
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"bench-{args.preset}.json"
    path.write_text(json.dumps(report, indent=2, default=str))
    print_table(report)
    print_profile(profiles, "Where the time goes")
    print(f"\nJSON: {path}")
    ok = failures == 0 and sweep["ok"]
    return 0 if ok else 1


def synchronous_commit() -> str:
    """How the measured database commits (bench.environment.durable_commits): "on" waits for the
    disk, as a deployment does; anything else is said in the report."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return str(cursor.fetchone()[0])


if __name__ == "__main__":
    sys.exit(main())
