"""The placement rate and the 12-month outcome split by subsidised / unsubsidised employment, on
a hand-built case whose answers are known: counts, Wilson intervals, "<5" and the secondary
suppression across the parts."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from dashboard.outcomes import Filters, compute
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tracks.models import FollowUp, FollowUpSituation, State, Subsidy

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 1)
START = dt.date(2025, 3, 1)
DUE = dt.date(2026, 7, 1)


def _completer(track, subsidy=None):
    offered = {} if subsidy is None else {"offered_on": START + dt.timedelta(days=105)}
    return TrackParticipantFactory(
        track=track,
        state=State.CONTINUED_SUPPORT,
        completed_on=START + dt.timedelta(days=100),
        offer_subsidy=subsidy or "",
        **offered,
    )


def _follow_up(member, situation, subsidy=""):
    FollowUp.objects.create(
        track_participant=member,
        months=12,
        due_on=DUE,
        situation=situation,
        subsidy=subsidy,
        self_sufficient=False,
        answered_at=timezone.make_aware(dt.datetime(2026, 7, 5, 10)),
    )


def build(*, not_recorded_offers: int = 0):
    """20 completers: 6 offered a subsidised job (3 nystartsjobb, 2 wage subsidy, 1 other), 7 an
    unsubsidised one, 7 no offer; plus `not_recorded_offers` offers without the subsidy.
    12 follow-ups at 12 months, answered in time: 5 employed subsidised, 5 employed
    unsubsidised, 2 job seekers."""
    track = TrackFactory(start_date=START)
    subsidies = [Subsidy.NYSTARTSJOBB] * 3 + [Subsidy.WAGE_SUBSIDY] * 2 + [Subsidy.OTHER]
    subsidies += [Subsidy.UNSUBSIDISED] * 7 + [None] * 7
    members = [_completer(track, subsidy) for subsidy in subsidies]
    members += [_completer(track, "") for _ in range(not_recorded_offers)]
    for member in members[:5]:
        _follow_up(member, FollowUpSituation.EMPLOYED_AT_TRACK_EMPLOYER, Subsidy.NYSTARTSJOBB)
    for member in members[6:11]:
        _follow_up(member, FollowUpSituation.EMPLOYED_ELSEWHERE, Subsidy.UNSUBSIDISED)
    for member in members[13:15]:
        _follow_up(member, FollowUpSituation.JOB_SEEKER)
    return track


def test_the_placement_rate_splits_by_subsidy_with_wilson_intervals():
    build()
    dashboard = compute(Filters(), today=TODAY)
    assert (dashboard.placement.part, dashboard.placement.whole) == (13, 20)
    placement = dashboard.subsidy.placement
    assert (placement["subsidised"].part, placement["subsidised"].whole) == (6, 20)
    assert placement["subsidised"].percent == pytest.approx(30.0)
    low, high = placement["subsidised"].interval
    assert (low, high) == (pytest.approx(14.55, abs=0.01), pytest.approx(51.90, abs=0.01))
    assert (placement["unsubsidised"].part, placement["unsubsidised"].whole) == (7, 20)
    low, high = placement["unsubsidised"].interval
    assert (low, high) == (pytest.approx(18.12, abs=0.01), pytest.approx(56.71, abs=0.01))
    assert placement["not_recorded"].part == 0 and placement["not_recorded"].shown


def test_the_12_month_outcome_splits_by_subsidy():
    build()
    dashboard = compute(Filters(), today=TODAY)
    twelve = next(row for row in dashboard.follow_ups if row.months == 12)
    assert (twelve.employed.part, twelve.employed.whole) == (10, 12)
    employed = dashboard.subsidy.employed_12
    for part in ("subsidised", "unsubsidised"):
        assert (employed[part].part, employed[part].whole) == (5, 12)
        assert employed[part].interval_display == "19–68 %"
    assert employed["not_recorded"].part == 0


def test_a_part_under_five_is_hidden_and_so_is_the_next_smallest():
    # Two offers without a recorded subsidy: "<5"; the subsidised 6 would give them away
    # (15 offered - 7 - 6), so it is hidden too; the unsubsidised 7 stays.
    build(not_recorded_offers=2)
    placement = compute(Filters(), today=TODAY).subsidy.placement
    assert placement["not_recorded"].percent_display == "<5"
    assert placement["subsidised"].part_display == "<5"
    assert placement["subsidised"].interval is None
    assert placement["unsubsidised"].percent_display == "32 %"  # 7 of 22


def test_the_whole_split_is_hidden_for_fewer_than_five_completers():
    track = TrackFactory(start_date=START)
    for subsidy in (Subsidy.NYSTARTSJOBB, Subsidy.UNSUBSIDISED, None):
        _completer(track, subsidy)
    split = compute(Filters(), today=TODAY).subsidy
    assert all(rate.whole_display == "<5" for rate in split.placement.values())
    assert all(rate.percent is None for rate in split.placement.values())


def test_the_dashboard_page_shows_the_split(client, manager):
    build()
    client.force_login(manager)
    page = client.get(reverse("dashboard:dashboard")).content.decode()
    table = page[page.index('id="subsidy-table"') :]
    table = table[: table.index("</table>")]
    assert "Subventionerad (nystartsjobb" in table
    assert "Osubventionerad" in table
    assert "Subvention ej registrerad" in table
