"""bench/cpu.py: where the machine's CPU went during a load, per kind of process and request,
read from a /proc laid out as Linux's, and from the real one."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from bench import cpu
from bench.report import print_cpu

TICKS = os.sysconf("SC_CLK_TCK")
LINUX = pytest.mark.skipif(not Path("/proc/stat").exists(), reason="reads Linux's /proc")


def _write_proc(root: Path, processes: dict[int, tuple[str, int, int, int]], busy: int) -> None:
    """A /proc with `processes` {pid: (name, parent, own CPU ticks, reaped children's ticks)}
    and the machine `busy` ticks (idle, iowait and steal apart)."""
    for child in root.iterdir():
        if child.is_dir():
            (child / "stat").unlink()
            child.rmdir()
    for pid, (name, parent, own, reaped) in processes.items():
        (root / str(pid)).mkdir()
        times = [own - own // 3, own // 3, reaped - reaped // 2, reaped // 2]
        fields = ["S", str(parent), *["0"] * 9, *map(str, times), *["0"] * 8]
        (root / str(pid) / "stat").write_text(f"{pid} ({name}) {' '.join(fields)}\n")
    # user nice system idle iowait irq softirq steal guest guest_nice
    user = busy - 10 - 4 - 6
    (root / "stat").write_text(f"cpu  {user} 10 4 5000 70 3 3 900 77 0\ncpu0 1 2 3 4 5\n")


SERVERS = {cpu.APP_SERVER: 100, cpu.DATABASE: 200, cpu.REDIS: 300}


def test_each_process_tree_is_counted_by_kind_per_request(tmp_path: Path) -> None:
    before_processes = {
        100: ("python3", 1, 50, 0),  # gunicorn's master
        101: ("python3", 100, 1000, 0),  # a worker
        102: ("sh", 101, 10, 0),  # below a worker too
        200: ("postgres", 1, 300, 20),  # the postmaster
        201: ("postgres: jobbspar", 200, 40, 0),  # a backend
        500: ("postgres: worker", 200, 5, 0),  # ends before the second sample
        300: ("redis-server", 1, 7, 0),
        400: ("python3", 1, 999, 0),  # another program: the rest of the machine
        600: ("postgres", 1, 80, 0),  # another PostgreSQL server: the rest too
    }
    _write_proc(tmp_path, before_processes, busy=10_000)
    before = cpu.sample(SERVERS, proc=tmp_path, children=lambda: 2.0)
    assert before.processes[102] == (cpu.APP_SERVER, 10 / TICKS)
    assert before.processes[200] == (cpu.DATABASE, 320 / TICKS)
    assert 400 not in before.processes and 600 not in before.processes

    after_processes = {
        100: ("python3", 1, 50, 0),
        101: ("python3", 100, 1000 + 600, 0),
        102: ("sh", 101, 10 + 200, 0),
        # The worker that ended ran 3 more ticks, and its 8 are in the postmaster's reaped.
        200: ("postgres", 1, 300 + 30, 20 + 8),
        201: ("postgres: jobbspar", 200, 40 + 170, 0),
        202: ("postgres: jobbspar", 200, 50, 0),  # began meanwhile: all of it
        300: ("redis-server", 1, 7 + 10, 0),
        400: ("python3", 1, 999 + 500, 0),
        600: ("postgres", 1, 80 + 40, 0),
    }
    _write_proc(tmp_path, after_processes, busy=10_000 + 2_000)
    after = cpu.sample(SERVERS, proc=tmp_path, children=lambda: 2.0 + 40 / TICKS)
    object.__setattr__(after, "at", before.at + 2_000 / TICKS / (os.cpu_count() or 1))

    found = cpu.per_request(before, after, requests=100)
    per_tick = 1000 / TICKS / 100
    assert found["ms_per_request"] == {
        cpu.APP_SERVER: round(800 * per_tick, 3),
        cpu.DATABASE: round((30 + 3 + 170 + 50) * per_tick, 3),
        cpu.REDIS: round(10 * per_tick, 3),
        cpu.LOAD_GENERATOR: round(40 * per_tick, 3),
        cpu.OTHER: round((2000 - 800 - 253 - 10 - 40) * per_tick, 3),
    }
    assert found["all_ms_per_request"] == round(2000 * per_tick, 3)
    assert found["cores_busy"] == 1.0


def test_the_rest_may_come_out_below_zero_and_every_row_adds_up(tmp_path: Path) -> None:
    """The machine's busy time is counted a tick at a time; a row is never made to look whole
    by cutting the rest at zero."""
    _write_proc(tmp_path, {100: ("python3", 1, 0, 0)}, busy=1_000)
    before = cpu.sample(SERVERS, proc=tmp_path, children=lambda: 0.0)
    _write_proc(tmp_path, {100: ("python3", 1, 102, 0)}, busy=1_100)
    after = cpu.sample(SERVERS, proc=tmp_path, children=lambda: 0.0)
    found = cpu.per_request(before, after, requests=1)
    assert found["ms_per_request"][cpu.OTHER] == round(-2 * 1000 / TICKS, 3)
    assert sum(found["ms_per_request"].values()) == pytest.approx(found["all_ms_per_request"])


def test_a_server_not_on_this_machine_counts_nothing(tmp_path: Path) -> None:
    _write_proc(tmp_path, {7: ("postgres", 1, 30, 0), 8: ("python3", 1, 30, 0)}, busy=100)
    taken = cpu.sample({cpu.APP_SERVER: 8, cpu.DATABASE: None}, proc=tmp_path, children=lambda: 0.0)
    assert taken.processes == {8: (cpu.APP_SERVER, 30 / TICKS)}


def test_a_name_with_parentheses_and_spaces_is_read_whole(tmp_path: Path) -> None:
    _write_proc(tmp_path, {7: ("postgres: x (y) z", 1, 30, 6)}, busy=100)
    taken = cpu.sample({cpu.DATABASE: 7}, proc=tmp_path, children=lambda: 0.0)
    assert taken.processes == {7: (cpu.DATABASE, 36 / TICKS)}
    assert cpu._named(7, "postgres", proc=tmp_path)
    assert not cpu._named(7, "redis", proc=tmp_path)
    assert not cpu._named(8, "postgres", proc=tmp_path)


def test_no_requests_is_no_division() -> None:
    empty = cpu.CpuSample(processes={}, machine=1.0, children=0.0, at=1.0)
    found = cpu.per_request(empty, empty, requests=0)
    assert found["all_ms_per_request"] == 0.0
    assert found["cores_busy"] == 0.0


# A server that spins 0.1 s of CPU for each line it reads, then says so.
SERVER = """
import sys, time
print("ready", flush=True)
for _line in sys.stdin:
    end = time.process_time() + 0.1
    while time.process_time() < end:
        pass
    print("done", flush=True)
"""
SPIN = "import time\nend = time.process_time() + 0.4\nwhile time.process_time() < end: pass"


@LINUX
def test_the_real_machine_counts_a_server_and_a_waited_child_apart() -> None:
    """A process of ours stands for the app server, a child this test runs and waits for for
    wrk: each one's CPU is its own kind's."""
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert server.stdout.readline() == "ready\n"

        def load() -> dict:
            server.stdin.write("go\n")
            server.stdin.flush()
            subprocess.run([sys.executable, "-c", SPIN], check=True)
            assert server.stdout.readline() == "done\n"
            return {"requests": 10}

        found = cpu.measured({cpu.APP_SERVER: server.pid}, load)["cpu"]["ms_per_request"]
    finally:
        server.kill()
        server.wait()
    # 0.1 s and 0.4 s (with the child's start) over 10 requests, give or take a tick.
    assert 8 <= found[cpu.APP_SERVER] <= 14
    assert found[cpu.LOAD_GENERATOR] >= 38


@LINUX
@pytest.mark.django_db
def test_the_database_server_is_the_backends_parent_when_on_this_machine() -> None:
    """The tests' PostgreSQL runs on this machine (scripts/services.py): its postmaster."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    server = cpu.database_server_pid(connection)
    if cpu._named(backend, "postgres"):
        assert server is not None and cpu._named(server, "postgres")
        assert cpu.sample({cpu.DATABASE: server}, children=lambda: 0.0).processes[backend][0] == (
            cpu.DATABASE
        )
    else:  # a server elsewhere (DATABASE_URL to another machine)
        assert server is None


@LINUX
def test_the_redis_server_is_found_by_its_process_id_or_not_at_all() -> None:
    url = settings.CELERY_BROKER_URL
    pid = cpu.redis_server_pid(url)
    assert pid is None or cpu._named(pid, "redis")
    assert cpu.redis_server_pid("redis://127.0.0.1:1/0") is None  # nothing listens there


def test_the_report_says_what_a_mixed_request_may_cost(capsys) -> None:
    def load(all_ms: float, req_per_s: float) -> dict:
        return {
            "clients": 8,
            "req_per_s": req_per_s,
            "cpu": {
                "ms_per_request": dict.fromkeys(cpu.KINDS, 0.0) | {cpu.APP_SERVER: all_ms},
                "all_ms_per_request": all_ms,
                "cores_busy": 0.97,
            },
        }

    print_cpu(load(1.3, 1500.0), load(10.0, 190.0), cores=2)
    out = capsys.readouterr().out
    assert "floor   8 clients: app server 1.30, database 0.00" in out
    # 2 cores' 2 000 ms a second over 25 % of 1 500 requests a second.
    assert "a mixed request may cost 5.33 ms of the 2 cores' time at 25% of the floor's" in out
    assert "it cost 10.00" in out
    print_cpu({}, load(10.0, 190.0), cores=2)  # a report from before the CPU was measured
    assert capsys.readouterr().out == ""
