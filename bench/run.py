"""`make bench`: Jobbspår under gunicorn with production settings, measured from outside.

    python -m bench.run [--preset city|national] [--workers 3] [--seconds 6] [--mixed-seconds 15]

1. Without DATABASE_URL it starts the private PostgreSQL and Redis (scripts/services.py) and uses
   its own database, jobbspar_bench_<preset>, so demo data is never touched.
2. Migrates, loads the preset with `generate_scale --if-missing`, collects static files.
3. Starts gunicorn (DEBUG off, persistent connections with health checks, BENCHMARK=true for the
   floor view and the X-Query-Count header) on 127.0.0.1, sync workers as in the Dockerfile.
4. Drives it from this process with a small HTTP client: signed-in sessions are created in the
   database for one user per role (second factor marked verified, as django-otp does).
   Every scenario runs with one client (bounded by seconds and requests), then all pages mixed
   with 8 concurrent clients. The floor is measured in the same run.
5. Runs the reminder sweep over every due notification row (e-mail to the dummy backend) and
   the retention job's dry run, in this process, against the same database.
6. Writes bench-results/bench-<preset>.json, prints a table with each target met / not met,
   and exits 1 if any request failed (or the sweep sent a row twice or left one behind).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import http.client
import json
import os
import platform
import secrets
import socket
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench-results"


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# --- environment ---------------------------------------------------------------------------------


def private_services(preset: str, started: list[str]) -> tuple[str, str]:
    """Start the private services (as `make run` does) and make this benchmark's database."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import psycopg
    import services

    if services.start_postgres():
        started.append("postgres")
    if services.start_redis():
        started.append("redis")
    name = f"jobbspar_bench_{preset}"
    with psycopg.connect(
        host="127.0.0.1",
        port=services.PG_PORT,
        user=services.PG_USER,
        password=services._pg_password(),
        dbname="postgres",
        autocommit=True,
    ) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    base = services.database_url().rsplit("/", 1)[0]
    return f"{base}/{name}", services.redis_url().rsplit("/", 1)[0] + "/4"


def stop_services(started: list[str]) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    import services

    if "redis" in started:
        services.stop_redis()
    if "postgres" in started:
        services.stop_postgres()


def production_env(database_url: str, redis_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DEBUG": "false",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "SECRET_KEY": env.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "CONN_MAX_AGE": "600",
            "BENCHMARK": "true",
            "EMAIL_URL": "dummymail://",
            "LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "jobbspar.settings",
        }
    )
    return env


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(env: dict[str, str], port: int, workers: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "jobbspar.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/healthz")
            if conn.getresponse().status in (200, 503):
                return process
        if process.poll() is not None:
            sys.exit("gunicorn exited during start-up")
        time.sleep(0.3)
    process.terminate()
    sys.exit("gunicorn did not answer within 60 s")


def worker_peak_rss_mb(master_pid: int) -> list[float]:
    """VmHWM (peak resident set) of each gunicorn worker, from /proc."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    peaks = []
    for pid in children:
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(int(line.split()[1]) / 1024)
    return peaks


# --- the HTTP client ---------------------------------------------------------------------------


@dataclass
class Sample:
    ms: float
    status: int
    queries: int | None


def fetch(port: int, url: str, cookie: str) -> Sample:
    headers = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https"}
    if cookie:
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


@dataclass
class Result:
    name: str
    kind: str
    role: str
    url: str = ""
    available: bool = True
    requests: int = 0
    failures: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    p99_ms: float = 0.0
    req_per_s_1_client: float = 0.0
    queries_per_request: list[int] = field(default_factory=list)
    ratio_to_floor_p50: float | None = None
    target_p95_ms: float | None = None
    in_floor_target: bool = True
    targets: dict[str, bool] = field(default_factory=dict)


def measure(port, url, cookie, *, seconds: float, max_requests: int, warmup: int = 3) -> dict:
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


def mixed(port, jobs: list[tuple[str, str]], *, clients: int, seconds: float) -> dict:
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


# --- operations (in this process, against the same database) ----------------------------------


def reminder_sweep() -> dict:
    """Every due row e-mailed once (no crash here), in batches; then the rows are put back as
    they were, so the next run measures the same work."""
    from django.db.models import Count
    from django.utils import timezone

    from jobbspar import notifications
    from jobbspar.models import EmailState, Notification

    now = timezone.now()
    due = Notification.objects.filter(email_state=EmailState.PENDING, send_after__lte=now).count()
    started = time.monotonic()
    sent = notifications.sweep(max_seconds=600)
    seconds = time.monotonic() - started
    claimed = Notification.objects.filter(claimed_at__gte=now)
    left = Notification.objects.filter(email_state=EmailState.PENDING, send_after__lte=now).count()
    twice = claimed.filter(attempts__gt=1).count()
    states = dict(claimed.values_list("email_state").annotate(n=Count("id")))
    # Back to pending, as generated (the rows were pending with no attempts).
    claimed.update(
        email_state=EmailState.PENDING, sent_at=None, attempts=0, claimed_at=None, claim_token=None
    )
    return {
        "due_rows": due,
        "sent": sent,
        "states_after": states,
        "left_pending": left,
        "sent_more_than_once": twice,
        "seconds": round(seconds, 2),
        "rows_per_s": round(due / seconds) if seconds else None,
        "ok": left == 0 and twice == 0 and sent + states.get(EmailState.SKIPPED, 0) == due,
    }


def retention_dry_run() -> dict:
    from participants import retention
    from participants.models import Participant

    before = Participant.objects.filter(anonymised_at__isnull=False).count()
    started = time.monotonic()
    candidates = retention.run_retention(dry_run=True)
    seconds = time.monotonic() - started
    after = Participant.objects.filter(anonymised_at__isnull=False).count()
    return {
        "candidates": len(candidates),
        "seconds": round(seconds, 2),
        "changed_nothing": before == after,
    }


# --- the run -----------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description="Benchmark Jobbspår (see the README).")
    parser.add_argument("--preset", choices=["city", "national"], default="city")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=6.0, help="Per scenario, one client.")
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


def run(args, env: dict[str, str]) -> int:
    import django

    django.setup()
    from django.urls import NoReverseMatch

    from bench.scenarios import FLOOR, FLOOR_RATIO_P50, FLOOR_SIGNED_IN, MATCHING_P95_MS, PAGES
    from bench.sessions import fixtures, session_cookies

    cookies = session_cookies()
    fx = fixtures()
    port = free_port()
    gunicorn = start_gunicorn(env, port, args.workers)
    log(f"gunicorn on 127.0.0.1:{port} with {args.workers} workers; measuring")
    results: list[Result] = []
    try:
        for scenario in [FLOOR, FLOOR_SIGNED_IN, *PAGES]:
            result = Result(name=scenario.name, kind=scenario.kind, role=scenario.role)
            try:
                result.url = scenario.url(fx)
            except NoReverseMatch:  # the page is not on this branch
                result.available = False
                results.append(result)
                continue
            measured = measure(
                port,
                result.url,
                cookies.get(scenario.role, ""),
                seconds=args.seconds,
                max_requests=args.max_requests,
            )
            for key, value in measured.items():
                setattr(result, key, value)
            result.target_p95_ms = (
                MATCHING_P95_MS[args.preset]
                if scenario.name == "candidate matching"
                else scenario.target_p95()
            )
            result.in_floor_target = scenario.floor_ratio
            results.append(result)
            log(f"{scenario.name:<36} p50 {result.p50_ms:7.1f} ms  p95 {result.p95_ms:7.1f} ms")
        floor = results[0]
        for result in results:
            if not result.available or result.kind == "floor":
                continue
            result.ratio_to_floor_p50 = result.p50_ms / floor.p50_ms
            if result.in_floor_target:
                result.targets["p50 within 15x floor"] = (
                    result.ratio_to_floor_p50 <= FLOOR_RATIO_P50
                )
            if result.target_p95_ms:
                result.targets[f"p95 < {result.target_p95_ms:g} ms"] = (
                    result.p95_ms < result.target_p95_ms
                )
        pages = [r for r in results if r.available and r.kind != "floor"]
        jobs = [(r.url, cookies.get(r.role, "")) for r in pages]
        log(f"mixed load, {args.clients} clients, {args.mixed_seconds:g} s")
        mixed_load = mixed(port, jobs, clients=args.clients, seconds=args.mixed_seconds)
        floor_8 = mixed(port, [(floor.url, "")], clients=args.clients, seconds=5)
        mixed_1 = mixed(port, jobs, clients=1, seconds=min(args.mixed_seconds, 10))
        rss = worker_peak_rss_mb(gunicorn.pid)
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)

    log("reminder sweep over every due row")
    sweep = reminder_sweep()
    log("retention dry run")
    retention = retention_dry_run()

    targets = {
        "mixed load: >= 100 req/s at 8 clients": mixed_load["req_per_s"] >= 100,
        "mixed load: p95 < 200 ms at 8 clients": mixed_load["p95_ms"] < 200,
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
        "floor_p50_ms": floor.p50_ms,
        "scenarios": [asdict(r) for r in results],
        "mixed_8_clients": mixed_load,
        "mixed_1_client": mixed_1,
        "floor_8_clients": floor_8,
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
    print(f"\nJSON: {path}")
    ok = failures == 0 and sweep["ok"]
    return 0 if ok else 1


def print_table(report: dict) -> None:
    def mark(value: bool) -> str:
        return "met" if value else "NOT MET"

    print(
        f"\nJobbspår benchmark, preset {report['preset']}, {report['when']}, "
        f"{report['machine']['cpus']} CPUs, load {report['machine']['load_average_at_end'][0]:.1f}"
    )
    print(f"floor p50 {report['floor_p50_ms']:.1f} ms\n")
    header = (
        f"{'scenario':<36} {'p50':>7} {'p95':>7} {'p99':>7} {'x floor':>7} {'req/s':>6} "
        f"{'queries':>8}  targets"
    )
    print(header)
    print("-" * len(header))
    for r in report["scenarios"]:
        if not r["available"]:
            print(f"{r['name']:<36} {'not available on this branch (not measured)':>50}")
            continue
        ratio = f"{r['ratio_to_floor_p50']:.1f}" if r["ratio_to_floor_p50"] else "-"
        queries = ",".join(str(q) for q in r["queries_per_request"]) or "-"
        targets = "; ".join(f"{k}: {mark(v)}" for k, v in r["targets"].items())
        fails = f" FAILED {r['failures']}/{r['requests']} {r['statuses']}" if r["failures"] else ""
        print(
            f"{r['name']:<36} {r['p50_ms']:7.1f} {r['p95_ms']:7.1f} {r['p99_ms']:7.1f} "
            f"{ratio:>7} {r['req_per_s_1_client']:6.1f} {queries:>8}  {targets}{fails}"
        )
    m1, m8, f8 = report["mixed_1_client"], report["mixed_8_clients"], report["floor_8_clients"]
    print(
        f"\nmixed pages, 1 client : {m1['req_per_s']:6.1f} req/s, p50 {m1['p50_ms']:.1f} ms, "
        f"p95 {m1['p95_ms']:.1f} ms"
    )
    print(
        f"mixed pages, {m8['clients']} clients: {m8['req_per_s']:6.1f} req/s, "
        f"p50 {m8['p50_ms']:.1f} ms, p95 {m8['p95_ms']:.1f} ms, p99 {m8['p99_ms']:.1f} ms, "
        f"failures {m8['failures']}"
    )
    print(
        f"floor, {f8['clients']} clients      : {f8['req_per_s']:6.1f} req/s, "
        f"p95 {f8['p95_ms']:.1f} ms"
    )
    print(f"peak RSS per worker (MB): {report['peak_rss_mb_per_worker']}")
    s = report["reminder_sweep"]
    print(
        f"reminder sweep: {s['due_rows']} due rows in {s['seconds']} s "
        f"({s['rows_per_s']} rows/s), left {s['left_pending']}, "
        f"sent twice {s['sent_more_than_once']}, states {s['states_after']}"
    )
    r = report["retention_dry_run"]
    print(
        f"retention dry run: {r['candidates']} candidates in {r['seconds']} s, "
        f"changed nothing: {r['changed_nothing']}"
    )
    print("\ntargets:")
    for name, value in report["targets"].items():
        print(f"  {mark(value):<8} {name}")


if __name__ == "__main__":
    sys.exit(main())
