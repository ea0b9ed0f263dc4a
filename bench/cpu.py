"""Where the machine's CPU goes while a load runs: the app server (gunicorn and its workers), the
database (the PostgreSQL server and its backends), Redis, the load generator (wrk) and the rest
of the machine, in CPU milliseconds per request answered.

The mixed load's target is a share of the floor's throughput on the same cores, so it is a
bound on the CPU a mixed request may cost: at 25 % of the floor's req/s, four times the floor's
CPU per request when the floor keeps the cores busy. This shows which process has to give it
up. Read from Linux's /proc:

- each process's user and system time, and its reaped children's (`/proc/<pid>/stat`), so that
  a PostgreSQL backend or a gunicorn worker that ends between the samples is still counted, in
  its parent's, and one that begins is counted whole;
- a kind is a process tree: the app server's from gunicorn's pid, the database's from the
  postmaster's (the parent of the benchmark's own backend), Redis's from its `process_id`; a
  server not on this machine counts nothing and its share is in no row;
- the machine's busy time (`/proc/stat`: user, nice, system, irq and softirq; not the time a
  hypervisor took, "steal");
- the load generator's as this process's waited-for children (`getrusage`), since wrk has
  exited by the time the load is over: nothing else may be run and waited for meanwhile.

"other" is the machine's busy time less the kinds' (this process's own scans, other programs):
it may come out a little below zero, as the machine's time is counted a tick at a time and the
processes' exactly."""

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
    # pid: (kind, the process's CPU seconds so far with those of its children it has reaped)
    processes: dict[int, tuple[str, float]]
    machine: float  # busy CPU seconds of every core since boot
    children: float  # CPU seconds of this process's children it has waited for
    at: float  # time.monotonic()


def _process(stat: str) -> tuple[int, float]:
    """(parent's pid, CPU seconds of the process and its reaped children) from a
    /proc/<pid>/stat line. The name, between the first "(" and the last ")", may hold either."""
    fields = stat[stat.rindex(")") + 2 :].split()
    # Fields 4 (ppid) and 14-17 (utime, stime, cutime, cstime) of proc(5); `fields` begins at 3.
    return int(fields[1]), sum(int(value) for value in fields[11:15]) / _TICKS


def _machine_busy(proc: Path) -> float:
    """Busy CPU seconds of all cores: /proc/stat's user, nice, system, irq and softirq (guest
    time is already in user and nice; idle, iowait and steal are not work done here)."""
    values = [int(v) for v in (proc / "stat").read_text().splitlines()[0].split()[1:]]
    return (sum(values[0:3]) + sum(values[5:7])) / _TICKS


def sample(
    servers: dict[str, int | None],
    proc: Path = PROC,
    children: Callable[[], float] | None = None,
) -> CpuSample:
    """Every process's CPU so far, those in the tree of one of `servers` ({kind: its first
    process's pid, or None when it is not on this machine}) of that kind."""
    found: dict[int, tuple[int, float]] = {}
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            found[int(entry.name)] = _process((entry / "stat").read_text())
        except (OSError, ValueError, IndexError):
            continue  # ended while being read
    roots = {pid: kind for kind, pid in servers.items() if pid is not None}
    processes: dict[int, tuple[str, float]] = {}
    for pid, (_parent, seconds) in found.items():
        kind = _kind(pid, roots, found)
        if kind is not None:
            processes[pid] = (kind, seconds)
    return CpuSample(
        processes=processes,
        machine=_machine_busy(proc),
        children=(children or _waited_children)(),
        at=time.monotonic(),
    )


def _kind(pid: int, roots: dict[int, str], found: dict[int, tuple[int, float]]) -> str | None:
    """The kind of the first of `roots` that `pid` is or descends from."""
    ancestor, seen = pid, set()
    while ancestor in found and ancestor not in seen:
        if ancestor in roots:
            return roots[ancestor]
        seen.add(ancestor)
        ancestor = found[ancestor][0]
    return None


def _waited_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def per_request(before: CpuSample, after: CpuSample, requests: int) -> dict[str, Any]:
    """CPU milliseconds per request of each kind between two samples: each kind's processes
    after less its processes before (a process that ended was reaped by its parent, of the same
    tree, and is in the parent's time after), the load generator's as the children waited for
    meanwhile, `other` the rest of the machine's busy time, `all` the machine's, and how busy
    its cores were."""
    spent = dict.fromkeys(KINDS, 0.0)
    for sign, taken in ((1, after), (-1, before)):
        for kind, seconds in taken.processes.values():
            spent[kind] += sign * seconds
    spent[LOAD_GENERATOR] = after.children - before.children
    machine = after.machine - before.machine
    spent[OTHER] = machine - sum(spent[kind] for kind in KINDS if kind != OTHER)
    elapsed = after.at - before.at
    per = 1000 / requests if requests else 0.0
    return {
        "ms_per_request": {kind: round(seconds * per, 3) for kind, seconds in spent.items()},
        "all_ms_per_request": round(machine * per, 3),
        "cores_busy": round(machine / (elapsed * (os.cpu_count() or 1)), 3) if elapsed else 0.0,
    }


def measured(servers: dict[str, int | None], load: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """`load()` (a wrk_load result), with where the CPU went while it ran ("cpu")."""
    before = sample(servers)
    result = load()
    result["cpu"] = per_request(before, sample(servers), result["requests"])
    return result


def database_server_pid(connection: Any) -> int | None:
    """The PostgreSQL server's pid (the postmaster: the parent of this connection's backend),
    or None when the server is not on this machine or not to be seen."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    if not _named(backend, "postgres"):
        return None  # another machine's process (a number that is someone else's here)
    try:
        return _process((PROC / str(backend) / "stat").read_text())[0]
    except (OSError, ValueError, IndexError):
        return None


def redis_server_pid(url: str) -> int | None:
    """The Redis server's pid (`INFO server`), or None when it is not on this machine."""
    import redis

    try:
        pid = int(redis.Redis.from_url(url).info("server")["process_id"])
    except (redis.RedisError, KeyError, ValueError):
        return None
    return pid if _named(pid, "redis") else None


def _named(pid: int, prefix: str, proc: Path = PROC) -> bool:
    """Whether the process `pid` on this machine has a name that begins with `prefix`."""
    try:
        stat = (proc / str(pid) / "stat").read_text()
    except OSError:
        return False
    return stat[stat.index("(") + 1 :].startswith(prefix)
