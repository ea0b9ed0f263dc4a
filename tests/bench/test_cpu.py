"""bench/cpu.py: where the machine's CPU went during a load, per kind of process and request,
read from a /proc laid out as Linux's, and from the real one."""

import os
import subprocess
import sys
import time
from pathlib import Path

from bench import cpu
from bench.report import print_cpu

TICKS = os.sysconf("SC_CLK_TCK")


def _write_proc(root: Path, processes: dict[int, tuple[str, int, int]], busy: int) -> None:
    """A /proc with `processes` {pid: (name, parent, CPU ticks)} and the machine `busy` ticks
    (idle and iowait apart)."""
    for child in root.iterdir():
        if child.is_dir():
            (child / "stat").unlink()
            child.rmdir()
    for pid, (name, parent, ticks) in processes.items():
        (root / str(pid)).mkdir()
        user, system = ticks - ticks // 3, ticks // 3
        fields = ["S", str(parent), *["0"] * 9, str(user), str(system), *["0"] * 10]
        (root / str(pid) / "stat").write_text(f"{pid} ({name}) {' '.join(fields)}\n")
    # user nice system idle iowait irq softirq
    (root / "stat").write_text(f"cpu  {busy - 10} 0 10 5000 70 0 0\ncpu0 1 2 3 4 5\n")


def test_each_process_is_counted_by_kind_per_request(tmp_path: Path) -> None:
    server = 100
    before_processes = {
        server: ("python3", 1, 50),
        101: ("python3", server, 1000),  # a worker
        102: ("gunicorn: worker", 101, 10),  # below a worker too
        200: ("postgres", 1, 300),
        201: ("postgres: jobbspar", 200, 40),
        300: ("redis-server", 1, 7),
        400: ("python3", 1, 999),  # another program: the rest of the machine
        500: ("postgres", 1, 5),  # ends before the second sample
    }
    _write_proc(tmp_path, before_processes, busy=10_000)
    before = cpu.sample(server, proc=tmp_path, children=lambda: 2.0)
    assert before.processes[102] == (cpu.APP_SERVER, 10 / TICKS)
    assert before.processes[201][0] == cpu.DATABASE
    assert 400 not in before.processes

    after_processes = {
        server: ("python3", 1, 50),
        101: ("python3", server, 1000 + 600),
        102: ("gunicorn: worker", 101, 10 + 200),
        200: ("postgres", 1, 300 + 30),
        201: ("postgres: jobbspar", 200, 40 + 170),
        202: ("postgres: jobbspar (new)", 200, 50),  # began meanwhile: all of it
        300: ("redis-server", 1, 7 + 10),
        400: ("python3", 1, 999 + 500),
    }
    _write_proc(tmp_path, after_processes, busy=10_000 + 2_000)
    after = cpu.sample(server, proc=tmp_path, children=lambda: 2.0 + 40 / TICKS)
    object.__setattr__(after, "at", before.at + 2_000 / TICKS / (os.cpu_count() or 1))

    found = cpu.per_request(before, after, requests=100)
    per_tick = 1000 / TICKS / 100
    assert found["ms_per_request"] == {
        cpu.APP_SERVER: round(800 * per_tick, 3),
        cpu.DATABASE: round((30 + 170 + 50) * per_tick, 3),
        cpu.REDIS: round(10 * per_tick, 3),
        cpu.LOAD_GENERATOR: round(40 * per_tick, 3),
        # 2 000 busy, of which 1 100 are the kinds above: the other program's 500 and more.
        cpu.OTHER: round((2000 - 800 - 250 - 10 - 40) * per_tick, 3),
    }
    assert found["all_ms_per_request"] == round(2000 * per_tick, 3)
    assert found["cores_busy"] == 1.0


def test_a_name_with_parentheses_and_spaces_is_read_whole(tmp_path: Path) -> None:
    _write_proc(tmp_path, {7: ("postgres: x (y) z", 1, 30)}, busy=100)
    assert cpu.sample(1, proc=tmp_path, children=lambda: 0.0).processes == {
        7: (cpu.DATABASE, 30 / TICKS)
    }


def test_no_requests_is_no_division() -> None:
    empty = cpu.CpuSample(processes={}, machine=1.0, children=0.0, at=1.0)
    found = cpu.per_request(empty, empty, requests=0)
    assert found["all_ms_per_request"] == 0.0
    assert found["cores_busy"] == 0.0


def _busy(seconds: float) -> None:
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass


def test_the_real_machine_counts_this_process_and_a_waited_child() -> None:
    """This process stands for the app server; a child it runs and waits for, for wrk."""
    spin = "import time\nend = time.process_time() + 0.3\nwhile time.process_time() < end: pass"
    child = [sys.executable, "-c", spin]

    def load() -> dict:
        _busy(0.3)
        subprocess.run(child, check=True)
        return {"requests": 10}

    found = cpu.measured(os.getpid(), load)["cpu"]
    # 0.3 s each over 10 requests: ~30 ms each per request (the clock ticks at 1/TICKS s).
    assert found["ms_per_request"][cpu.APP_SERVER] >= 28
    assert found["ms_per_request"][cpu.LOAD_GENERATOR] >= 28
    assert found["all_ms_per_request"] >= 56


def test_the_report_says_what_a_mixed_request_may_cost(capsys) -> None:
    def load(all_ms: float) -> dict:
        return {
            "cpu": {
                "ms_per_request": dict.fromkeys(cpu.KINDS, 0.0) | {cpu.APP_SERVER: all_ms},
                "all_ms_per_request": all_ms,
                "cores_busy": 0.97,
            }
        }

    print_cpu(load(1.3), load(10.0))
    out = capsys.readouterr().out
    assert "floor  app server 1.30, database 0.00" in out
    assert "a mixed request may cost 5.20 ms at 25% of the floor's req/s; it cost 10.00" in out
    print_cpu({}, load(10.0))  # a report from before the CPU was measured: nothing
    assert capsys.readouterr().out == ""
