"""Every measure on the hand-built data set (tests/dashboard/dataset.py) whose answers are known."""

import datetime as dt

import pytest

from dashboard.outcomes import Filters, compute
from tests.dashboard.dataset import TODAY, build
from tracks.models import PhaseKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    return build()


def _funnel(dashboard):
    return {key: figure for key, _label, figure in dashboard.funnel}


def test_funnel_counts_everyone_who_ever_reached_each_step(data):
    funnel = _funnel(compute(Filters(), today=TODAY))
    assert {key: f.value for key, f in funnel.items()} == {
        "nominated": 15,
        "selected": 11,
        "started": 10,
        "completed": 8,
        "offered": 6,
        # The data set sets milestones directly: its "declined" member has no declined_on.
        "declined": 0,
        "withdrawn": 0,
        "employed": 5,
        "employed_6m": 2,
        "employed_12m": 5,
    }
    assert funnel["employed_6m"].display == "<5"
    assert funnel["employed_12m"].display == "5"


def test_placement_and_hired_rates_with_wilson_interval(data):
    dashboard = compute(Filters(), today=TODAY)
    assert (dashboard.placement.part, dashboard.placement.whole) == (6, 8)
    assert dashboard.placement.percent == pytest.approx(75.0)
    low, high = dashboard.placement.interval
    assert low == pytest.approx(40.93, abs=0.01) and high == pytest.approx(92.85, abs=0.01)
    assert dashboard.placement.interval_display == "41–93 %"
    assert (dashboard.hired.part, dashboard.hired.whole) == (5, 8)
    assert dashboard.hired.percent == pytest.approx(62.5)


def test_follow_ups_unknown_is_never_success(data):
    rows = {row.months: row for row in compute(Filters(), today=TODAY).follow_ups}
    twelve = rows[12]
    assert twelve.due.value == 8
    # 5 employed in time; the one answered 31 days late and the unanswered one are unknown.
    assert (twelve.employed.part, twelve.employed.whole) == (5, 8)
    assert twelve.unknown.value == 2 and twelve.unknown.display == "<5"
    assert twelve.studying.part == 1 and twelve.studying.percent_display == "<5"
    assert twelve.self_sufficient.part == 4 and twelve.self_sufficient.percent is None
    assert twelve.pending.value == 0
    six = rows[6]
    assert (six.due.value, six.employed.part, six.unknown.value) == (8, 2, 6)
    three = rows[3]
    # One due and still within its answer window (pending, not unknown); one not yet due.
    assert (three.due.value, three.pending.value, three.unknown.value) == (1, 1, 0)
    assert three.employed.whole_display == "<5"


def test_discontinued_by_phase_and_reasons_only_when_five_gave_them(data):
    dashboard = compute(Filters(), today=TODAY)
    assert [(label, f.value, f.display) for label, f in dashboard.discontinued] == [
        (str(PhaseKind.TRAINING.label), 2, "<5")
    ]
    assert dashboard.discontinued_reasons == []


def test_reasons_listed_when_five_people_gave_the_same(data):
    from tests.tracks.factories import TrackParticipantFactory
    from tracks.models import State

    track = data["track_a"]
    for _index in range(5):
        TrackParticipantFactory(
            track=track,
            state=State.CONTINUED_SUPPORT,
            discontinued_on=dt.date(2025, 4, 1),
            reason="Fick annat arbete",
        )
    reasons = compute(Filters(), today=TODAY).discontinued_reasons
    assert [(reason, figure.value) for _phase, reason, figure in reasons] == [
        ("Fick annat arbete", 5)
    ]


def test_tracks_positions_time_and_cost(data):
    dashboard = compute(Filters(), today=TODAY)
    per_year = {row["year"]: row for row in dashboard.tracks_per_year}
    assert (per_year[2024]["tracks"], per_year[2024]["started"]) == (1, 0)
    assert (per_year[2025]["tracks"], per_year[2025]["started"]) == (1, 10)
    assert per_year[2025]["per_track"] == 10
    positions = dashboard.positions
    assert (positions["agreed"], positions["offered_in_agreed"].value) == (6, 6)
    assert (positions["need_positions"], positions["offered"].value) == (16, 6)
    # First planning meeting 2025-01-01 (not the later one), start 2025-03-01, first hire on
    # day 120 after the start (2025-06-29).
    assert dashboard.timing["meeting_to_start"] == 59
    assert dashboard.timing["meeting_to_hire"] == 179
    cost = dashboard.cost
    assert cost["funding"] == 400_000
    assert cost["per_participant"] == 40_000  # 400 000 ÷ 10 who started (track B has no funding)
    assert cost["per_hire"] == 80_000  # 400 000 ÷ 5 employed


def test_filters_year_employer_track_gender_target_group_and_nominator(data):
    assert (
        _funnel(
            compute(
                Filters(start_from=dt.date(2025, 1, 1), start_to=dt.date(2025, 12, 31)), today=TODAY
            )
        )["nominated"].value
        == 12
    )
    assert (
        _funnel(compute(Filters(employer=data["track_b"].employer), today=TODAY))["nominated"].value
        == 3
    )
    assert _funnel(compute(Filters(track=data["track_a"]), today=TODAY))["completed"].value == 8
    women = compute(Filters(gender="woman"), today=TODAY)
    assert _funnel(women)["nominated"].value == 10
    assert (women.placement.part, women.placement.whole) == (4, 5)
    assert women.cost["per_participant"] is None and women.cost["subgroup"]
    malmo = compute(Filters(nominating_organisation=data["malmo"]), today=TODAY)
    assert _funnel(malmo)["nominated"].value == 5
    newly = compute(Filters(target_group="newly_arrived"), today=TODAY)
    assert _funnel(newly)["nominated"].value == 3
    occupation = compute(Filters(occupation=data["track_a"].need.occupation), today=TODAY)
    assert _funnel(occupation)["nominated"].value >= 12


def test_empty_group_shows_dashes_not_errors(data):
    dashboard = compute(
        Filters(start_from=dt.date(2020, 1, 1), start_to=dt.date(2020, 12, 31)), today=TODAY
    )
    assert dashboard.empty
    assert dashboard.placement.percent is None
    assert dashboard.placement.percent_display == "–"
    assert dashboard.breakdown == []
    assert dashboard.cost["per_participant"] is None
    assert dashboard.timing["meeting_to_start"] is None
