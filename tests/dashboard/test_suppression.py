"""Groups of fewer than five show "<5", and a hidden group cannot be found by subtraction."""

import pytest

from dashboard.outcomes import Figure, Filters, Rate, compute, protect_column, wilson_interval
from participants.models import Gender
from tests.dashboard.dataset import TODAY, build


def test_small_counts_are_hidden_zero_is_shown():
    assert [Figure(n).display for n in (0, 1, 4, 5, 12)] == ["0", "<5", "<5", "5", "12"]


def test_rate_of_a_small_group_or_small_part_shows_no_percentage():
    assert Rate(3, 4).percent_display == "<5" and Rate(3, 4).interval is None
    assert Rate(3, 20).percent is None and Rate(3, 20).part_display == "<5"
    assert Rate(3, 20).whole_display == "20"
    assert Rate(0, 0).percent_display == "–"
    assert Rate(5, 20).percent_display == "25 %"
    assert Rate(0, 20).percent_display == "0 %"


def test_secondary_suppression_hides_the_next_smallest_group():
    column = [Figure(3), Figure(7), Figure(40), Figure(0)]
    protect_column(column)
    assert [f.display for f in column] == ["<5", "<5", "40", "0"]
    two_hidden = [Figure(3), Figure(2), Figure(40)]
    protect_column(two_hidden)
    assert [f.display for f in two_hidden] == ["<5", "<5", "40"]


def test_wilson_interval_known_values():
    # Newcombe (1998), example: 81 of 263 -> 0.2553 to 0.3662.
    low, high = wilson_interval(81, 263)
    assert (round(low, 4), round(high, 4)) == (0.2553, 0.3662)
    assert wilson_interval(0, 10) == (0.0, pytest.approx(0.2775, abs=1e-4))
    assert wilson_interval(0, 0) is None


@pytest.mark.django_db
def test_breakdown_hides_the_small_group_and_its_complement():
    build()
    dashboard = compute(Filters(), breakdown_by="gender", today=TODAY)
    rows = {row.label: row for row in dashboard.breakdown}
    woman, man = rows[str(Gender.WOMAN.label)], rows[str(Gender.MAN.label)]
    # Completed: women 5, men 3. Men are hidden, so women are hidden too (else 8 - 5 = 3).
    assert man.completed.display == "<5"
    assert woman.completed.display == "<5"
    assert woman.placement.percent is None and man.placement.percent is None
    assert woman.nominated.display == "10" and man.nominated.display == "5"


@pytest.mark.django_db
def test_a_view_of_fewer_than_five_people_hides_every_figure():
    data = build()
    dashboard = compute(Filters(track=data["track_b"]), today=TODAY)
    assert dashboard.suppressed
    assert all(figure.display in ("<5", "0") for _k, _l, figure in dashboard.funnel)
    newly = compute(Filters(target_group="newly_arrived"), today=TODAY)
    assert [f.display for _k, _l, f in newly.funnel][:3] == ["<5", "<5", "<5"]
