"""What a benchmark run found: a result per scenario, and the table printed at the end."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bench.scenarios import MIXED_SHARE_OF_FLOOR


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
    # The anonymous floor timed in turns with this page (bench.measure.time_scenario: the median
    # of its rounds' p50s, each in beside_round_p50_ms), and the page's p50 against it: what the
    # 10x target is judged on (docs/benchmark.md).
    floor_beside_p50_ms: float | None = None
    beside_round_p50_ms: list[float] = field(default_factory=list)
    ratio_to_floor_beside_p50: float | None = None
    target_p95_ms: float | None = None
    # The p99 of the page's warm-up before it was timed (bench.measure.time_scenario): what the
    # first requests of each worker cost, outside the p50 and p95 judged.
    warm_up_p99_ms: float = 0.0
    # The p50 of each round a floor or page was timed in (bench.measure.time_floors, time_scenario).
    round_p50_ms: list[float] = field(default_factory=list)
    in_floor_target: bool = True
    targets: dict[str, bool] = field(default_factory=dict)


def judge_against_floors(
    results: list[Result], *, floor_ratio: float, bare_ratio: float, signed_in_ratio: float
) -> None:
    """Each page's p50 as a multiple of the floor, with its p95 target, set on the results.

    `results` starts with the bare floor, the floor and the signed-in floor, timed in turns
    (bench.measure.time_floors). A page is judged against the floor timed in turns with it
    (bench.measure.time_scenario; the machine's speed moves by up to 2x within minutes, so the
    run's first floor can be from a faster or a slower moment); its ratio to the run's first
    floor is kept beside it."""
    bare, floor, signed_in = results[0], results[1], results[2]
    for result in results:
        if not result.available or result.kind == "floor":
            continue
        result.ratio_to_floor_p50 = result.p50_ms / floor.p50_ms
        beside = result.floor_beside_p50_ms or floor.p50_ms
        result.ratio_to_floor_beside_p50 = result.p50_ms / beside
        if result.in_floor_target:
            result.targets[f"p50 within {floor_ratio:g}x the floor beside it"] = (
                result.ratio_to_floor_beside_p50 <= floor_ratio
            )
        if result.target_p95_ms:
            result.targets[f"p95 <= {result.target_p95_ms:g} ms"] = (
                result.p95_ms <= result.target_p95_ms
            )
    floor.ratio_to_floor_p50 = floor.p50_ms / bare.p50_ms
    floor.targets[f"within {bare_ratio:g}x the bare floor"] = floor.ratio_to_floor_p50 <= bare_ratio
    signed_in.ratio_to_floor_p50 = signed_in.p50_ms / floor.p50_ms
    signed_in.targets[f"within {signed_in_ratio:g}x the floor"] = (
        signed_in.ratio_to_floor_p50 <= signed_in_ratio
    )


def print_table(report: dict[str, Any]) -> None:
    def mark(value: bool) -> str:
        return "met" if value else "NOT MET"

    print(
        f"\nJobbspår benchmark, preset {report['preset']}, {report['when']}, "
        f"{report['machine']['cpus']} CPUs, load {report['machine']['load_average_at_end'][0]:.1f}"
    )
    print(
        f"floor p50 {report['floor_p50_ms']:.1f} ms (bare floor {report['bare_floor_p50_ms']:.1f} "
        f"ms); load from {report['load_generator']}"
    )
    commits = report.get("synchronous_commit")
    if commits is None:
        print("commits: not recorded\n")
    else:
        durable = (
            " (NOT a deployment's: commits do not wait for the disk)" if commits == "off" else ""
        )
        print(f"commits: synchronous_commit={commits}{durable}\n")
    header = (
        f"{'scenario':<36} {'p50':>7} {'p95':>7} {'p99':>7} {'x floor':>7} {'x beside':>8} "
        f"{'req/s':>6} {'warm-up p99':>11} "
        f"{'queries':>8}  targets"
    )
    print(header)
    print("-" * len(header))
    for r in report["scenarios"]:
        if not r["available"]:
            print(f"{r['name']:<36} {'not available on this branch (not measured)':>50}")
            continue
        ratio = f"{r['ratio_to_floor_p50']:.1f}" if r["ratio_to_floor_p50"] else "-"
        beside = r.get("ratio_to_floor_beside_p50")
        beside_ratio = f"{beside:.1f}" if beside else "-"
        queries = ",".join(str(q) for q in r["queries_per_request"]) or "-"
        targets = "; ".join(f"{k}: {mark(v)}" for k, v in r["targets"].items())
        fails = f" FAILED {r['failures']}/{r['requests']} {r['statuses']}" if r["failures"] else ""
        print(
            f"{r['name']:<36} {r['p50_ms']:7.1f} {r['p95_ms']:7.1f} {r['p99_ms']:7.1f} "
            f"{ratio:>7} {beside_ratio:>8} {r['req_per_s_1_client']:6.1f} "
            f"{r.get('warm_up_p99_ms', 0.0):11.1f} {queries:>8}  "
            f"{targets}{fails}"
        )
    f8 = report["floor_8_clients"]
    print(
        f"\nfloor, {f8['clients']} clients       : {f8['req_per_s']:6.1f} req/s, "
        f"p95 {f8['p95_ms']:.1f} ms"
    )
    for m in [report["mixed_1_client"], report["mixed_8_clients"], *report["mixed_more_clients"]]:
        share = m["req_per_s"] / f8["req_per_s"] if f8["req_per_s"] else 0
        print(
            f"mixed pages, {m['clients']:>2} clients: {m['req_per_s']:6.1f} req/s "
            f"({share:.0%} of the floor's), p50 {m['p50_ms']:.1f} ms, p95 {m['p95_ms']:.1f} ms, "
            f"p99 {m['p99_ms']:.1f} ms, failures {m['failures']}"
        )
    print_cpu(report["floor_8_clients"], report["mixed_8_clients"], report["machine"]["cpus"])
    print(f"peak RSS per worker (MB): {report['peak_rss_mb_per_worker']}")
    s = report["reminder_sweep"]
    print(
        f"reminder sweep: {s['due_rows']} due rows in {s['seconds']} s "
        f"({s['rows_per_s']} rows/s, {s.get('workers', 1)} sweeps at once), "
        f"left {s['left_pending']}, "
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


def print_cpu(floor: dict[str, Any], mixed: dict[str, Any], cores: int) -> None:
    """Where the CPU went (bench/cpu.py), and what the mixed load's target leaves a mixed
    request: at MIXED_SHARE_OF_FLOOR of the floor's req/s, the cores' time over that many
    requests a second."""
    if "cpu" not in floor or "cpu" not in mixed:
        return
    print("CPU per request (ms):")
    for name, load in (("floor", floor), ("mixed", mixed)):
        parts = ", ".join(f"{kind} {ms:.2f}" for kind, ms in load["cpu"]["ms_per_request"].items())
        print(
            f"  {name:<6} {load['clients']:>2} clients: {parts};"
            f" all {load['cpu']['all_ms_per_request']:.2f}"
            f" (cores {load['cpu']['cores_busy']:.0%} busy)"
        )
    if floor["req_per_s"]:
        allowed = cores * 1000 / (MIXED_SHARE_OF_FLOOR * floor["req_per_s"])
        print(
            f"  a mixed request may cost {allowed:.2f} ms of the {cores} cores' time at"
            f" {MIXED_SHARE_OF_FLOOR:.0%} of the floor's req/s; it cost"
            f" {mixed['cpu']['all_ms_per_request']:.2f}"
        )
