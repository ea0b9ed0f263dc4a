"""The benchmark's instruments: the per-request clock (jobbspar/timing.py) charges every moment to
one place and says so in Server-Timing; the profile reads it back; wrk drives the server with
each job's own cookie and counts every answer that is not a 200; the bare floor answers without
middleware."""

import os
import shutil
import time
from urllib.parse import urlsplit

import pytest
from django import forms
from django.db import connection
from django.http import HttpResponse
from django.template import engines
from django.test import RequestFactory
from django.utils.module_loading import import_string

from bench import load, measure, wsgi
from bench import profile as bench_profile
from bench.measure import Sample
from bench.profile import breakdown, parse_server_timing
from bench.report import Result
from jobbspar import timing
from tests.employers.factories import ensure_occupations

pytestmark = pytest.mark.django_db


class _Form(forms.Form):
    name = forms.CharField()


def _view(request):
    with connection.cursor() as cursor:
        for _ in range(3):
            cursor.execute("SELECT pg_sleep(0.005)")
    time.sleep(0.004)  # the view's own Python
    page = engines["django"].from_string("{% for i in n %}{{ i }}{% endfor %}{{ form }}")
    return HttpResponse(page.render({"n": range(2000), "form": _Form({"name": "x"})}))


def test_every_moment_is_charged_to_one_place():
    handler = timing.ServerTimingMiddleware(_view)
    response = handler(RequestFactory().get("/"))
    places = parse_server_timing(response["Server-Timing"])
    assert response["X-Query-Count"] == "3" and places["queries"] == 3
    assert places["sql"] >= 15  # three statements of 5 ms
    assert places["rest"] >= 4
    assert places["templates"] > 0 and places["forms"] > 0
    parts = sum(v for k, v in places.items() if k not in {"total", "queries"})
    assert parts == pytest.approx(places["total"], abs=0.1)
    # Outside a timed request nothing is charged and nothing breaks.
    assert _view(RequestFactory().get("/")).status_code == 200


class _Slow:
    """A middleware that spends 6 ms of its own and has a process_view hook."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.views = 0

    def __call__(self, request):
        time.sleep(0.006)
        return self.get_response(request)

    def process_view(self, request, view, args, kwargs):
        self.views += 1


def test_each_middleware_is_timed_on_its_own(monkeypatch):
    monkeypatch.setattr(timing, "_originals", [])
    assert timing.profiled_middleware(["tests.bench.test_timing._Slow"]) == [
        "jobbspar.timing.ServerTimingMiddleware",
        "jobbspar.timing.Timed0",
    ]
    timed_class = import_string("jobbspar.timing.Timed0")
    timed = timed_class(_view)
    assert hasattr(timed, "process_view")
    timed.process_view(None, _view, (), {})
    assert timed.real.views == 1
    response = timing.ServerTimingMiddleware(timed)(RequestFactory().get("/"))
    places = parse_server_timing(response["Server-Timing"])
    assert places["mw._Slow"] >= 6
    assert places["rest"] >= 4  # the view, inside the middleware, is not the middleware's
    with pytest.raises(ImportError):
        import_string("jobbspar.timing.Timed1")
    monkeypatch.delitem(timing.__dict__, "Timed0")


def test_the_profile_takes_the_median_of_each_place():
    headers = [
        'total;dur=10.00, sql;dur=4.00;desc="3", templates;dur=2.00, mw.A;dur=1.00, rest;dur=3.00',
        'total;dur=20.00, sql;dur=8.00;desc="3", templates;dur=4.00, mw.A;dur=3.00, rest;dur=5.00',
        'total;dur=12.00, sql;dur=5.00;desc="3", templates;dur=3.00, mw.A;dur=2.00, rest;dur=2.00',
        "",
    ]
    row = breakdown(headers)
    assert row["total"] == 12 and row["sql"] == 5 and row["queries"] == 3
    assert row["templates"] == 3 and row["rest"] == 3
    assert row["middleware"] == 2 and row["each_middleware"] == {"A": 2}
    assert row["requests"] == 3
    assert breakdown(["", ""]) == {}


def test_the_profile_is_read_after_the_pages_warm_up(monkeypatch):
    """A worker's first takings of a page (learning its queries) are not in its profile."""
    served = iter(range(1000))

    def fake_fetch(port, url, cookie):
        n = next(served)
        return Sample(ms=1.0, status=200, queries=1, timing=f"total;dur={n}.00, sql;dur=1.00")

    monkeypatch.setattr(bench_profile, "fetch", fake_fetch)
    rows = bench_profile.profile(8000, [("page", "/page", "")], requests=3, warm_up=12)
    assert rows["page"]["total"] == 13 and rows["page"]["requests"] == 3


def test_wrk_script_quotes_every_cookie():
    jobs = load._lua_jobs([('/a?q="x"', 'sessionid=ab\\"c'), ("/b", "Bearer k")])
    assert '"/a?q=\\"x\\""' in jobs
    assert '["Cookie"] = "sessionid=ab\\\\\\"c"' in jobs
    assert '["Authorization"] = "Bearer k"' in jobs


@pytest.mark.skipif(
    shutil.which("wrk") is None and not os.environ.get("CI"),
    reason="needs Debian's wrk (.ci/run installs it; never skipped in CI)",
)
@pytest.mark.django_db(transaction=True)
def test_wrk_counts_every_answer_that_is_not_a_200(live_server):
    port = urlsplit(live_server.url).port
    ok = load.wrk_load(port, [("/healthz", "")], clients=1, seconds=1)
    assert ok["requests"] > 5 and ok["failures"] == 0 and ok["tool"] == "wrk"
    assert 0 < ok["p50_ms"] <= ok["p95_ms"] <= ok["p99_ms"]
    # A page that sends the anonymous visitor to sign in: a redirect is a failure here.
    mixed = load.wrk_load(port, [("/healthz", ""), ("/", "")], clients=2, seconds=1)
    assert 0 < mixed["failures"] < mixed["requests"]


def test_the_bare_floor_answers_without_middleware():
    ensure_occupations()
    statuses = []
    body = b"".join(
        wsgi.application(
            {"PATH_INFO": "/bench/bare/", "REQUEST_METHOD": "GET"},
            lambda status, headers: statuses.append((status, dict(headers))),
        )
    )
    [(status, headers)] = statuses
    assert status == "200 OK" and headers["Content-Length"] == str(len(body))
    assert b"5321" in body
    assert "Server-Timing" not in headers and "X-Frame-Options" not in headers


def _result(name, kind, p50, *, beside=None, p95=0.0, target_p95=None, in_floor_target=True):
    from bench.report import Result

    return Result(
        name=name,
        kind=kind,
        role="",
        p50_ms=p50,
        p95_ms=p95,
        floor_beside_p50_ms=beside,
        target_p95_ms=target_p95,
        in_floor_target=in_floor_target,
    )


def test_a_page_is_judged_against_the_floor_timed_beside_it():
    from bench.report import judge_against_floors

    results = [
        _result("floor (bare)", "floor", 1.0),
        _result("floor", "floor", 1.5),
        _result("floor (signed in)", "floor", 2.4),
        # The machine slowed down after the first floor: the floor beside the page is 2.5 ms.
        _result("track page", "detail", 20.0, beside=2.5, p95=31.0, target_p95=30),
        # It sped up again: the floor beside it is 1.0 ms, so 12 ms is 12x.
        _result("participant page", "detail", 12.0, beside=1.0, p95=20.0, target_p95=30),
        # Outside the 10x target (an export), still given its ratio.
        _result("export", "export", 30.0, beside=1.5, in_floor_target=False),
        _result("not on this branch", "detail", 0.0),
    ]
    results[-1].available = False
    judge_against_floors(results, floor_ratio=10, bare_ratio=2, signed_in_ratio=1.5)
    bare, floor, signed_in, track, person, export, missing = results
    assert track.ratio_to_floor_beside_p50 == pytest.approx(8.0)
    assert track.ratio_to_floor_p50 == pytest.approx(20.0 / 1.5)  # kept beside it
    assert track.targets == {"p50 within 10x the floor beside it": True, "p95 <= 30 ms": False}
    assert person.ratio_to_floor_beside_p50 == pytest.approx(12.0)
    assert person.targets["p50 within 10x the floor beside it"] is False
    assert export.ratio_to_floor_beside_p50 == pytest.approx(20.0)
    assert export.targets == {}
    assert missing.targets == {} and missing.ratio_to_floor_p50 is None
    assert floor.ratio_to_floor_p50 == pytest.approx(1.5)
    assert floor.targets == {"within 2x the bare floor": True}
    assert signed_in.ratio_to_floor_p50 == pytest.approx(1.6)
    assert signed_in.targets == {"within 1.5x the floor": False}
    assert bare.targets == {}


def _fake_wrk_and_check(monkeypatch, answers, *, requests, p95_times, queries):
    """wrk answering each call with the next of `answers` as its p50, `p95_times` it as its p95
    and once more as its p99, and the Python client's check answering `queries`. Returns the
    list of wrk's calls (job and seconds), filled as they are made."""
    calls = []
    answers = iter(answers)

    def fake_wrk(port, jobs, *, clients, seconds):
        calls.append((jobs[0], seconds))
        ms = next(answers)
        return {
            "requests": requests,
            "failures": 0,
            "p50_ms": ms,
            "p95_ms": ms * p95_times,
            "p99_ms": ms * (p95_times + 1),
            "req_per_s": 1000 / ms if ms else 0.0,
        }

    monkeypatch.setattr(load, "wrk_load", fake_wrk)
    monkeypatch.setattr(
        measure,
        "measure",
        lambda *args, **kwargs: {
            "requests": 6,
            "failures": 0,
            "statuses": {"200": 6},
            "queries_per_request": queries,
        },
    )
    return calls


def test_a_page_is_warmed_up_then_timed_in_turns_with_the_floor_beside_it(monkeypatch):
    """Each worker's first takings of a page (learning its queries, compiling its templates)
    fall in the warm-up, whose p99 is kept on its own; the page and the floor beside it are then
    timed in turns, so a slow moment falls on both: the page's p50 and p95 and the floor beside
    it are the medians of their rounds'."""
    # The warm-up, then four rounds of (page, floor), every other one in reverse; the machine is
    # twice as slow in the second round, and no floor request answers in the fourth.
    calls = _fake_wrk_and_check(
        monkeypatch,
        [100.0, *(9.0, 1.0), *(2.0, 18.0), *(10.0, 1.2), *(0.0, 8.0)],
        requests=50,
        p95_times=1,
        queries=[5],
    )
    result = Result(name="page", kind="detail", role="af_coordinator", url="/page")
    measure.time_scenario(result, 8000, "sessionid=x", seconds=4, floor_url="/floor")
    page, floor = ("/page", "sessionid=x"), ("/floor", "")
    jobs = [job for job, _ in calls]
    assert jobs == [page, page, floor, floor, page, page, floor, floor, page]
    assert [seconds for _, seconds in calls[1:]] == [1] * 8  # whole seconds, for wrk
    assert result.warm_up_p99_ms == 200.0
    assert result.round_p50_ms == [9.0, 18.0, 10.0, 8.0]
    assert result.beside_round_p50_ms == [1.0, 2.0, 1.2, 0.0]
    assert (result.p50_ms, result.p95_ms) == (9.5, 9.5)
    assert result.floor_beside_p50_ms == 1.2  # of the rounds in which the floor answered
    assert result.requests == 6 + 50 + 8 * 50  # the floor's beside it too
    from bench.report import judge_against_floors

    floors = [
        Result(name="floor (bare)", kind="floor", role="", url="/bare", p50_ms=0.6),
        Result(name="floor", kind="floor", role="", url="/floor", p50_ms=1.0),
        Result(name="floor (signed in)", kind="floor", role="x", url="/floor", p50_ms=1.4),
    ]
    judge_against_floors([*floors, result], floor_ratio=10, bare_ratio=2, signed_in_ratio=1.5)
    assert result.ratio_to_floor_beside_p50 == pytest.approx(9.5 / 1.2)
    assert result.ratio_to_floor_p50 == pytest.approx(9.5)


def test_a_page_without_a_floor_beside_it_is_timed_in_rounds_alone(monkeypatch):
    calls = _fake_wrk_and_check(
        monkeypatch, [50.0, 3.0, 4.0, 5.0, 6.0], requests=10, p95_times=2, queries=[2]
    )
    result = Result(name="page", kind="detail", role="", url="/page")
    measure.time_scenario(result, 8000, "", seconds=8, floor_url=None)
    assert [job for job, _ in calls] == [("/page", "")] * 5
    assert [seconds for _, seconds in calls[1:]] == [2] * 4
    assert (result.p50_ms, result.p95_ms) == (4.5, 9.0)
    assert result.floor_beside_p50_ms is None and result.beside_round_p50_ms == []


def test_the_floors_are_timed_in_turns_and_judged_on_the_rounds_medians(monkeypatch):
    """Each floor is checked and warmed up, then the three are timed in turns, round after round;
    a floor's p50 is the median of its rounds', so a slow moment falls on all three alike."""
    # The warm-ups, then four rounds of (bare, floor, signed in), every other one in reverse;
    # the machine is twice as slow in the second round.
    calls = _fake_wrk_and_check(
        monkeypatch,
        [
            *(50.0, 60.0, 70.0),
            *(0.5, 1.0, 1.4),
            *(2.8, 2.0, 1.0),
            *(0.6, 1.1, 1.5),
            *(1.4, 1.0, 0.5),
        ],
        requests=10,
        p95_times=2,
        queries=[1],
    )
    bare, floor, signed_in = (
        Result(name="floor (bare)", kind="floor", role="", url="/bare"),
        Result(name="floor", kind="floor", role="", url="/floor"),
        Result(name="floor (signed in)", kind="floor", role="af_coordinator", url="/floor"),
    )
    measure.time_floors([(bare, ""), (floor, ""), (signed_in, "sessionid=x")], 8000, seconds=4)
    jobs = [job for job, _ in calls]
    assert jobs[:3] == [("/bare", ""), ("/floor", ""), ("/floor", "sessionid=x")]  # warm-ups
    forth, back = jobs[:3], jobs[:3][::-1]
    assert jobs[3:] == forth + back + forth + back  # in turns, none always first or last
    assert [seconds for _, seconds in calls[3:]] == [1] * 12  # whole seconds, for wrk
    assert bare.round_p50_ms == [0.5, 1.0, 0.6, 0.5]
    assert (bare.p50_ms, floor.p50_ms, signed_in.p50_ms) == (0.55, 1.05, 1.45)
    assert (floor.p95_ms, floor.p99_ms) == (2.1, pytest.approx(3.15))
    assert signed_in.warm_up_p99_ms == 210.0
    assert floor.requests == 6 + 10 + 4 * 10 and floor.queries_per_request == [1]
    from bench.report import judge_against_floors

    judge_against_floors(
        [bare, floor, signed_in], floor_ratio=10, bare_ratio=2, signed_in_ratio=1.5
    )
    assert floor.ratio_to_floor_p50 == pytest.approx(1.05 / 0.55)
    assert signed_in.targets == {"within 1.5x the floor": True}


def test_a_floor_round_is_a_whole_share_of_the_seconds():
    assert measure.floor_round_seconds(4) == 1
    assert measure.floor_round_seconds(10) == 2  # 2.5 s, as wrk takes whole seconds
    assert measure.floor_round_seconds(12) == 3
    assert measure.floor_round_seconds(1) == 1  # never none
