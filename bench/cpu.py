"""Where the machine's CPU goes while a load runs: the app server (gunicorn and its workers), the
database (every `postgres` process), Redis, the load generator (wrk) and the rest of the
machine, in CPU milliseconds per request answered.

The mixed load's target is a share of the floor's throughput on the same cores, so it is a
bound on the CPU a mixed request may cost: at 25 % of the floor's req/s, four times the floor's
CPU per request. This shows which process has to give it up. Read from Linux's /proc: each
process's user and system time (`/proc/<pid>/stat`), the machine's busy time (`/proc/stat`), and
the load generator's as this process's waited-for children (`getrusage`), since wrk has exited
by the time the load is over."""

from __future__ import annotations

import os
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROC = Path("/proc")
APP_SERVER, DATABASE, REDIS, LOAD_GENERATOR, OTHER = (
    "app server",
    "database",
    "Redis",
    "load generator",
    "other",
)
KINDS = (APP_SERVER, DATABASE, REDIS, LOAD_GENERATOR, OTHER)
_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class CpuSample:
    processes: dict[int, tuple[str, float]]  # pid: (kind, CPU seconds so far)
    machine: float  # busy CPU seconds of every core since boot
    children: float  # CPU seconds of this process's children it has waited for
    at: float  # time.monotonic()


def _process(stat: str) -> tuple[str, int, float]:
    """(name, parent's pid, user + system CPU seconds) from a /proc/<pid>/stat line. The name is
    between the first "(" and the last ")" (it may hold either)."""
    name = stat[stat.index("(") + 1 : stat.rindex(")")]
    fields = stat[stat.rindex(")") + 2 :].split()
    # Fields 4 (ppid), 14 (utime) and 15 (stime) of proc(5); `fields` begins at field 3.
    return name, int(fields[1]), (int(fields[11]) + int(fields[12])) / _TICKS


def _machine_busy(proc: Path) -> float:
    """Busy CPU seconds of all cores: /proc/stat's first line less idle and iowait."""
    values = [int(v) for v in (proc / "stat").read_text().splitlines()[0].split()[1:]]
    return (sum(values) - values[3] - values[4]) / _TICKS


def sample(
    server_pid: int,
    proc: Path = PROC,
    children: Callable[[], float] | None = None,
) -> CpuSample:
    """Every process's CPU so far, each of a kind: the app server is `server_pid` and its
    descendants; the database and Redis go by their process names."""
    found: dict[int, tuple[str, int, float]] = {}
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            found[int(entry.name)] = _process((entry / "stat").read_text())
        except (OSError, ValueError, IndexError):
            continue  # ended while being read
    processes: dict[int, tuple[str, float]] = {}
    for pid, (name, _parent, seconds) in found.items():
        kind = _kind(pid, name, server_pid, found)
        if kind is not None:
            processes[pid] = (kind, seconds)
    return CpuSample(
        processes=processes,
        machine=_machine_busy(proc),
        children=(children or _waited_children)(),
        at=time.monotonic(),
    )


def _kind(
    pid: int, name: str, server_pid: int, found: dict[int, tuple[str, int, float]]
) -> str | None:
    ancestor, seen = pid, set()
    while ancestor in found and ancestor not in seen:
        if ancestor == server_pid:
            return APP_SERVER
        seen.add(ancestor)
        ancestor = found[ancestor][1]
    if name.startswith("postgres"):
        return DATABASE
    if name.startswith("redis"):
        return REDIS
    return None


def _waited_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def per_request(before: CpuSample, after: CpuSample, requests: int) -> dict[str, Any]:
    """CPU milliseconds per request of each kind between two samples (a process that began
    between them counts whole; one that ended is lost, so the rest of the machine holds it), the
    load generator's as the children waited for meanwhile, `other` what the machine spent
    besides, `all` the machine's, and how busy its cores were."""
    spent = dict.fromkeys(KINDS, 0.0)
    for pid, (kind, seconds) in after.processes.items():
        earlier = before.processes.get(pid)
        spent[kind] += seconds - (earlier[1] if earlier and earlier[0] == kind else 0.0)
    spent[LOAD_GENERATOR] = after.children - before.children
    machine = after.machine - before.machine
    spent[OTHER] = max(0.0, machine - sum(spent[kind] for kind in KINDS if kind != OTHER))
    elapsed = after.at - before.at
    per = 1000 / requests if requests else 0.0
    return {
        "ms_per_request": {kind: round(seconds * per, 3) for kind, seconds in spent.items()},
        "all_ms_per_request": round(machine * per, 3),
        "cores_busy": round(machine / (elapsed * (os.cpu_count() or 1)), 3) if elapsed else 0.0,
    }


def measured(server_pid: int, load: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """`load()` (a wrk_load result), with where the CPU went while it ran ("cpu")."""
    before = sample(server_pid)
    result = load()
    result["cpu"] = per_request(before, sample(server_pid), result["requests"])
    return result
