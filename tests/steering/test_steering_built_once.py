"""The steering page's querysets are built once per kind of call (steering.views,
steering.figures.figures_for, jobbspar/database/prepared.py): the figures equal those the access
functions' querysets give, for every year and user; two partnerships share the statements and
each shows its own figures; nothing is refused, and the second request takes every statement
from the first."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from jobbspar.database import prepared, statements
from steering import access
from steering.figures import Period, _costed, figures_for, steering_figures
from steering.models import FiguresSnapshot
from tests.jobbspar.factories import PartnershipFactory, UserFactory
from tests.steering.factories import BudgetFactory, CostFactory, DrawDownFactory
from tests.steering.test_steering_figures import DAY, case, people  # noqa: F401 - a fixture
from tests.steering.test_steering_pages import text
from tests.tracks.factories import TrackFactory
from tracks.models import TrackStatus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_prepared")]


def _of_querysets(user, partnership, period):
    return steering_figures(
        partnership=partnership,
        period=period,
        tracks=access.tracks_for_steering(user),
        members=access.track_members_for_steering(user),
        costs=access.costs_for(user),
        target=80,
    )


def test_the_figures_built_once_are_the_access_functions_figures(
    case,  # noqa: F811
    partnership,
    municipal_coordinator,
    af_coordinator,
    manager,
    job_coach,
):
    """Three calls of each kind (learnt, spot-checked, taken; the test suite's VERIFY compares
    each statement taken with the one built for it) for each user and year, including a user who
    may not see steering figures (a job coach: all zero) and years with nothing."""
    users = [municipal_coordinator, af_coordinator, manager, job_coach]
    for user in users:
        for year in (2026, 2027, 2028):
            period = Period.year(year)
            expected = _of_querysets(user, partnership, period)
            for _ in range(4):
                assert figures_for(user, partnership.pk, period, 80) == expected
    # The hand-built case's own numbers, from the prepared path.
    seen = figures_for(municipal_coordinator, partnership.pk, Period.year(2027), 80)
    assert (seen.placement.part, seen.placement.whole) == (10, 13)
    assert seen.costs.spent == Decimal("123456.78")
    assert (seen.tracks.planned, seen.tracks.running, seen.tracks.closed) == (1, 1, 1)
    assert figures_for(job_coach, partnership.pk, Period.year(2027), 80).tracks.total == 0
    # Each bound of a period, from the kept statements: the closed track ends on 2027-01-20,
    # seven were hired on 2027-09-15.
    coordinator = municipal_coordinator
    ends = Period(dt.date(2027, 1, 20), dt.date(2027, 12, 31))
    after = Period(dt.date(2027, 1, 21), dt.date(2027, 12, 31))
    assert figures_for(coordinator, partnership.pk, ends, 80).tracks.closed == 1
    assert figures_for(coordinator, partnership.pk, after, 80).tracks.closed == 0
    assert figures_for(coordinator, partnership.pk, Period.year(2027), 80).hires.value == 7
    hired_on = Period(dt.date(2027, 1, 1), dt.date(2027, 9, 15))
    before_hired = Period(dt.date(2027, 1, 1), dt.date(2027, 9, 14))
    assert figures_for(coordinator, partnership.pk, hired_on, 80).hires.value == 7
    assert figures_for(coordinator, partnership.pk, before_hired, 80).hires.value == 0
    hired_after = Period(dt.date(2027, 9, 16), dt.date(2027, 12, 31))
    assert figures_for(coordinator, partnership.pk, hired_after, 80).hires.value == 0
    kinds = list(prepared._kinds.values())
    assert kinds and all(type(kind) is prepared._Template for kind in kinds)


def _partnership_of(municipality, pk, spent, hires):
    """A partnership of the municipality (and another AF office) with a running track of six
    participants in 2027, `hires` of them hired, and costs of `spent` kr. Its id and its track's
    are given (the ids' sizes and which of them are equal are part of a kind: two partnerships
    alike)."""
    other = PartnershipFactory(pk=pk, municipality=municipality)
    track = TrackFactory(
        pk=pk + 1, status=TrackStatus.RUNNING, start_date=DAY, need__partnership=other
    )
    people(track, 6 - hires, started_on=DAY)
    people(track, hires, started_on=DAY, employed_on=dt.date(2027, 6, 1))
    budget = BudgetFactory(partnership=other, year=2027, amount=Decimal("50000"))
    draw_down = DrawDownFactory(budget=budget, amount=Decimal("5000"))
    CostFactory(draw_down=draw_down, track=track, amount=Decimal(spent), spent_on=DAY)
    return other


def test_two_partnerships_share_the_statements_and_show_their_own_figures(
    client, municipality, municipal_coordinator, monkeypatch
):
    first = _partnership_of(municipality, 900_100, "1200", hires=1)
    second = _partnership_of(municipality, 900_200, "3000", hires=0)
    client.force_login(municipal_coordinator)

    def page(partnership):
        return text(client.get(reverse("steering:page", args=[partnership.pk]) + "?year=2027"))

    shown = page(first)
    kinds = set(prepared._kinds)
    # The partnership with its lists and one-row figures, the budgets, the costs per track and
    # the members' counts per track.
    assert len(kinds) >= 4
    assert all(type(prepared._kinds[k]) is prepared._Template for k in kinds)
    # The second partnership: the same kinds of call, none built again (counted as the process
    # sees it: no VERIFY, no spot checks).
    monkeypatch.setattr(statements, "VERIFY", False)
    monkeypatch.setattr(prepared, "SPOT_CHECKS_FIRST", 0)
    monkeypatch.setattr(prepared, "SPOT_CHECK_EVERY", 10**9)
    taken = {k: prepared._kinds[k].taken for k in kinds}
    other = page(second)
    assert set(prepared._kinds) == kinds
    assert all(prepared._kinds[k].taken == taken[k] + 1 for k in kinds)
    assert first.name in shown and second.name not in shown
    assert second.name in other and first.name not in other
    # Each its own costs, per participant (÷ 6) and per hire (fewer than five: not shown).
    assert "1 200,00 kr" in shown and "Kostnad per deltagare 200,00 kr" in shown
    assert "3 000,00 kr" in other and "Kostnad per deltagare 500,00 kr" in other
    assert "1 200,00 kr" not in other
    # And back: the first partnership's page is as it was (its figures computed again).
    FiguresSnapshot.objects.all().delete()
    assert page(first) == shown


def test_another_partnerships_coordinator_gets_no_page_from_a_kept_statement(
    client,
    case,  # noqa: F811
    partnership,
    municipal_coordinator,
    monkeypatch,
):
    # Every request after the first from the kept statements (no spot check runs the builder).
    monkeypatch.setattr(prepared, "SPOT_CHECKS_FIRST", 0)
    client.force_login(municipal_coordinator)
    url = reverse("steering:page", args=[partnership.pk])
    assert client.get(url).status_code == 200
    stranger = UserFactory(
        role=municipal_coordinator.role, organisation=PartnershipFactory().municipality
    )
    client.force_login(stranger)
    for _ in range(3):
        assert client.get(url).status_code == 404


def test_the_costed_tracks_are_padded_to_a_power_of_two():
    """Their number is part of a kind of call: any number up to 512 makes one of eleven."""
    spent = Decimal("1.00")
    assert _costed({}) == ()
    assert _costed({7: spent}) == (7,)
    assert _costed({9: spent, 3: spent, 5: spent}) == (3, 5, 9, 0)
    assert _costed(dict.fromkeys(range(1, 5), spent)) == (1, 2, 3, 4)
    assert len(_costed(dict.fromkeys(range(1, 6), spent))) == 8
    sizes = {len(_costed(dict.fromkeys(range(1, n + 1), spent))) for n in range(513)}
    assert sizes == {0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512}
