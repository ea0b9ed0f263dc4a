"""What `make bench` measures: named scenarios, one line each.

A scenario is a name, a URL builder (taking the `Fixtures` looked up in the benchmark database),
the role whose session requests it, its kind (detail / list / search / export) and its targets.
A scenario whose URL cannot be built here (NoReverseMatch: the page is not on this branch) is
reported as "not available on this branch" - never as measured. Pages another branch adds (the
employer portal, the manager dashboard) are listed below with `needs=` the URL name they wait
for; after the merge, check their URL names and parameters against the real ones.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse

# Targets (issue 18, as ratios in one run): every page's p50 within 10x the anonymous floor;
# p95 with one client: detail pages 30 ms, lists and searches 50 ms, matching 50 ms in a
# municipality (the city preset) and 150 ms nationally, the dashboard 50 ms.
DETAIL_P95_MS = 30
LIST_P95_MS = 50
FLOOR_RATIO_P50 = 10
MATCHING_P95_MS = {"national": 150, "city": 50}
DASHBOARD_P95_MS = 50
# The signed-in floor within 1.5x the anonymous floor, and that within 2x the bare floor.
SIGNED_IN_FLOOR_RATIO = 1.5
BARE_FLOOR_RATIO = 2
# Mixed pages at 8 clients: at least a quarter of the floor's req/s, p95 200 ms, no errors.
MIXED_SHARE_OF_FLOOR = 0.25
MIXED_P95_MS = 200


@dataclass(frozen=True)
class Fixtures:
    """Ids of real rows in the benchmark database, seen by the benchmark users of region 0."""

    participant: int
    participant_name_part: str
    personal_number: str
    track: int
    matching_track: int
    municipality: int
    employer_track: int
    partnership: int = 0  # the benchmark manager's partnership (its steering page)
    strand: int = 0  # the training strand of `track` (its attendance registration page)


@dataclass(frozen=True)
class Scenario:
    name: str
    url: Callable[[Fixtures], str]
    role: str  # a key of bench.sessions.BENCH_USERS, or "" for anonymous
    kind: str  # detail / list / search / export / floor
    p95_ms: float | None = None  # None: the default for the kind
    needs: str = ""  # the URL name a page from another branch waits for (documentation)
    floor_ratio: bool = True  # counts in the "p50 within 10x the floor" target

    def target_p95(self) -> float | None:
        if self.p95_ms is not None:
            return self.p95_ms
        return {"detail": DETAIL_P95_MS, "list": LIST_P95_MS, "search": LIST_P95_MS}.get(self.kind)


def _q(path: str, **params: str | int) -> str:
    return f"{path}?{urlencode(params)}" if params else path


# The floor's query and template with no middleware and no URL resolving (bench/wsgi.py).
BARE_FLOOR = Scenario("floor (bare)", lambda f: "/bench/bare/", "", "floor", floor_ratio=False)
FLOOR = Scenario("floor", lambda f: reverse("bench_floor"), "", "floor", floor_ratio=False)
FLOOR_SIGNED_IN = Scenario(
    "floor (signed in)",
    lambda f: reverse("bench_floor"),
    "af_coordinator",
    "floor",
    floor_ratio=False,
)

PAGES: list[Scenario] = [
    Scenario("start page (coordinator)", lambda f: reverse("home"), "af_coordinator", "list"),
    Scenario(
        "participant search: name",
        lambda f: _q(reverse("participants:participant_list"), q=f.participant_name_part),
        "af_coordinator",
        "search",
    ),
    Scenario(
        "participant search: personnummer",
        lambda f: _q(reverse("participants:participant_list"), q=f.personal_number),
        "af_coordinator",
        "search",
    ),
    Scenario(
        "participant search: filters",
        lambda f: _q(
            reverse("participants:participant_list"),
            status="active",
            target_group="newly_arrived",
            licence="B",
        ),
        "municipal_coordinator",
        "search",
    ),
    Scenario(
        "participant list",
        lambda f: reverse("participants:participant_list"),
        "af_coordinator",
        "list",
    ),
    Scenario(
        "participant page",
        lambda f: reverse("participants:participant_detail", args=[f.participant]),
        "af_coordinator",
        "detail",
    ),
    Scenario("employer list", lambda f: reverse("employers:list"), "af_coordinator", "list"),
    Scenario("track list", lambda f: reverse("tracks:track_list"), "af_coordinator", "list"),
    Scenario(
        "track page",
        lambda f: reverse("tracks:track_detail", args=[f.track]),
        "af_coordinator",
        "detail",
    ),
    Scenario(
        "candidate matching",
        lambda f: reverse("tracks:find_candidates", args=[f.matching_track]),
        "af_coordinator",
        "search",
        p95_ms=0,
    ),
    # --- Pages from the portal and dashboard branches.
    # Employer portal (#6): the selection page of one track, as the employer user.
    Scenario(
        "portal selection page",
        lambda f: reverse("portal:candidates", args=[f.employer_track]),
        "employer",
        "list",
        needs="portal:candidates",
    ),
    # Manager dashboard (#8): national, one municipality, with filters, and the Excel export.
    Scenario(
        "dashboard: national",
        lambda f: reverse("dashboard:dashboard"),
        "manager",
        "list",
        p95_ms=DASHBOARD_P95_MS,
        needs="dashboard:dashboard",
    ),
    Scenario(
        "dashboard: one municipality",
        lambda f: _q(reverse("dashboard:dashboard"), nominating_organisation=f.municipality),
        "manager",
        "list",
        p95_ms=DASHBOARD_P95_MS,
        needs="dashboard:dashboard",
    ),
    Scenario(
        "dashboard: with filters",
        lambda f: _q(
            reverse("dashboard:dashboard"), nominating_organisation=f.municipality, year=2025
        ),
        "manager",
        "list",
        p95_ms=DASHBOARD_P95_MS,
        needs="dashboard:dashboard",
    ),
    Scenario(
        "dashboard: Excel export",
        lambda f: reverse("dashboard:export_xlsx"),
        "manager",
        "export",
        needs="dashboard:export_xlsx",
        floor_ratio=False,
    ),
    # Steering page (#17): the manager's partnership, this year (budgets, draw-downs, costs).
    Scenario(
        "steering page",
        lambda f: reverse("steering:page", args=[f.partnership]),
        "manager",
        "list",
        needs="steering:page",
    ),
    # REST API (#19): the track list as an API client (Bearer key, read scopes) sees it.
    Scenario(
        "API: track list",
        lambda f: reverse("api:track_list"),
        "api_client",
        "list",
        needs="api:track_list",
    ),
    # Education and work combined (#16): the running track's week (every strand's sessions) and
    # the registration of a training day's attendance (the strand's latest session day).
    Scenario(
        "track calendar",
        lambda f: reverse("schedule:calendar_week", args=[f.track]),
        "af_coordinator",
        "detail",
        needs="schedule:calendar_week",
    ),
    Scenario(
        "attendance registration",
        lambda f: reverse("schedule:attendance_day", args=[f.track, f.strand]),
        "af_coordinator",
        "list",
        needs="schedule:attendance_day",
    ),
]
