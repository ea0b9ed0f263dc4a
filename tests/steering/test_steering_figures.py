"""The steering page's figures on a hand-built case: tracks planned / running / closed in the
year, the placement rate (counts, Wilson interval, "<5") against the partnership's target, and
the cost per participant and per hire to the öre; a constant number of queries."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dashboard.outcomes import Filters, compute
from employers.models import ShortageOccupation
from jobbspar.models import Region
from steering.figures import Period, steering_figures
from steering.models import Cost, PlacementTarget, SteeringMember
from tests.employers.factories import occupation
from tests.jobbspar.factories import PartnershipFactory
from tests.steering.factories import BudgetFactory, CostFactory, DrawDownFactory
from tests.steering.test_steering_pages import page_queries, text
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tracks.models import Track, TrackParticipant, TrackStatus

pytestmark = pytest.mark.django_db
D = Decimal
DAY = dt.date(2027, 3, 1)


def page(partnership, year=2027):
    return reverse("steering:page", args=[partnership.pk]) + f"?year={year}"


def people(track, n, **milestones):
    for _ in range(n):
        TrackParticipantFactory(track=track, **milestones)


@pytest.fixture
def case(partnership):
    """2027: one planned track, one running (started in 2027: 12 completers, 9 of them offered a
    job; one more offered without completing; 13 started training, 7 hired), one closed that
    ended in January 2027, one closed in 2026 (not in the year) and another partnership's
    running track. Costs of 123 456,78 kr in 2027 on the running track, and one in 2026."""
    TrackFactory(name="Planerat", status=TrackStatus.PLANNING, start_date=dt.date(2027, 9, 6))
    running = TrackFactory(name="Pågår", status=TrackStatus.RUNNING, start_date=DAY, weeks=27)
    # 16 weeks from 2026-10-01 ends 2027-01-20: it touches 2027.
    TrackFactory(name="Avslutat", status=TrackStatus.COMPLETED, start_date=dt.date(2026, 10, 1))
    TrackFactory(name="Förra året", status=TrackStatus.FOLLOWED_UP, start_date=dt.date(2026, 1, 5))
    other = PartnershipFactory()
    TrackFactory(status=TrackStatus.RUNNING, start_date=DAY, need__partnership=other)
    done = {"started_on": DAY, "completed_on": dt.date(2027, 8, 30)}
    offer = dt.date(2027, 9, 1)
    people(running, 7, **done, offered_on=offer, employed_on=dt.date(2027, 9, 15))
    people(running, 2, **done, offered_on=offer)
    people(running, 3, **done)
    # Offered a job during the track (in APL): counts once in the placement rate, as on the
    # dashboard (dashboard/outcomes/placement.py), though they did not complete.
    people(running, 1, started_on=DAY, offered_on=offer)
    people(running, 2)  # nominated, never started
    draw_down = DrawDownFactory(budget=BudgetFactory(partnership=partnership), amount=D("500000"))
    CostFactory(draw_down=draw_down, track=running, amount=D("100000.00"))
    CostFactory(draw_down=draw_down, track=running, amount=D("23456.78"), spent_on=DAY)
    earlier = DrawDownFactory(
        budget=BudgetFactory(partnership=partnership, year=2026), drawn_on=dt.date(2026, 3, 1)
    )
    CostFactory(draw_down=earlier, track=running, spent_on=dt.date(2026, 12, 1))
    return running


def test_the_steering_page_shows_the_years_figures_exactly(client, manager, partnership, case):
    client.force_login(manager)
    body = text(client.get(page(partnership)))
    assert "Planerade (planering eller rekrytering) 1 Pågår 1 Avslutade 1" in body
    assert "Placeringsgrad 10 av 13: 77 % (50–92 %)" in body
    assert "Mål 80 %" in body
    assert "Mot målet Under målet" in body
    assert "Kostnader under perioden 123 456,78 kr" in body
    assert "Deltagare i spåren med kostnader 13 Anställda i de spåren 7" in body
    # 123 456,78 / 13 = 9 496,6753… and / 7 = 17 636,6828…: half up to the öre.
    assert "Kostnad per deltagare 9 496,68 kr Kostnad per anställning 17 636,68 kr" in body


def test_the_placement_rate_is_the_dashboards_for_the_partnership_and_year(partnership, case):
    dashboard = compute(
        Filters(
            partnership=partnership, start_from=dt.date(2027, 1, 1), start_to=dt.date(2027, 12, 31)
        )
    )
    figures = steering_figures(
        partnership=partnership,
        period=Period.year(2027),
        tracks=Track.objects.all(),
        members=TrackParticipant.objects.all(),
        costs=Cost.objects.all(),
        target=80,
    )
    assert (figures.placement.part, figures.placement.whole) == (10, 13)
    assert (dashboard.placement.part, dashboard.placement.whole) == (10, 13)
    assert PlacementTarget.objects.count() == 0


def test_the_steering_group_sets_its_target_and_the_rate_reaches_it(
    client, manager, partnership, case
):
    SteeringMember.objects.create(partnership=partnership, user=manager)
    client.force_login(manager)
    url = reverse("steering:target_edit", args=[partnership.pk])
    assert client.post(url, {"percent": "101"}).status_code == 200
    assert PlacementTarget.objects.count() == 0
    assert client.post(url, {"percent": "75"})["Location"] == reverse(
        "steering:page", args=[partnership.pk]
    )
    assert client.post(url, {"percent": "70"}).status_code == 302
    assert PlacementTarget.objects.get(partnership=partnership).percent == 70
    body = text(client.get(page(partnership)))
    assert "Mål 70 %" in body
    assert "Mot målet Målet nått" in body


def test_a_target_out_of_range_gets_a_message(client, municipal_coordinator, partnership):
    client.force_login(municipal_coordinator)
    response = client.post(reverse("steering:target_edit", args=[partnership.pk]), {"percent": "0"})
    assert response.status_code == 200
    assert "Kontrollera att detta värde är större än eller lika med 1." in text(response)


def test_small_groups_show_less_than_five_and_no_cost_per_hire(client, manager, partnership):
    track = TrackFactory(status=TrackStatus.RUNNING, start_date=DAY)
    done = {"started_on": DAY, "completed_on": dt.date(2027, 8, 30)}
    people(track, 4, **done, offered_on=dt.date(2027, 9, 1), employed_on=dt.date(2027, 9, 1))
    people(track, 3, **done)
    draw_down = DrawDownFactory(budget=BudgetFactory(partnership=partnership))
    CostFactory(draw_down=draw_down, track=track, amount=D("70000.00"))
    client.force_login(manager)
    body = text(client.get(page(partnership)))
    assert "Placeringsgrad &lt;5 av 7" in body
    assert "Inte visad (inga som avslutat, eller färre än fem)" in body
    assert "Deltagare i spåren med kostnader 7 Anställda i de spåren &lt;5" in body
    assert "Kostnad per deltagare 10 000,00 kr Kostnad per anställning –" in body


def test_the_figures_cost_the_same_queries_however_much_data(client, manager, partnership, case):
    client.force_login(manager)
    client.get(page(partnership))  # the first request of a session also renews it
    few = page_queries(client, page(partnership))
    draw_down = Cost.objects.filter(spent_on__year=2027).first().draw_down
    for status in (TrackStatus.RECRUITING, TrackStatus.RUNNING, TrackStatus.COMPLETED):
        track = TrackFactory(status=status, start_date=DAY)
        people(track, 6, started_on=DAY, completed_on=DAY, offered_on=DAY, employed_on=DAY)
        CostFactory(draw_down=draw_down, track=track, amount=D("10.00"))
    assert page_queries(client, page(partnership)) == few
    assert few[0] <= 20


def test_tracks_and_hires_in_shortage_occupations(client, manager, partnership):
    """Skåne; care assistants (5321) are a shortage occupation there from 2027-02-01. A care track
    started in March (6 hired in 2027), one started in January (before the period of the entry:
    not counted; 1 hired) and a bus-driver track (not a shortage occupation; 3 hired)."""
    partnership.region = Region.SKANE
    partnership.save()
    ShortageOccupation.objects.create(
        occupation=occupation("5321"),
        region=Region.SKANE,
        valid_from=dt.date(2027, 2, 1),
        valid_to=dt.date(2027, 12, 31),
        source="AF",
    )
    care = TrackFactory(need__occupation=occupation("5321"), start_date=DAY, status="running")
    early = TrackFactory(
        need__occupation=occupation("5321"), start_date=dt.date(2027, 1, 10), status="running"
    )
    bus = TrackFactory(need__occupation=occupation("8331"), start_date=DAY, status="running")
    hired = {"started_on": DAY, "employed_on": dt.date(2027, 9, 1)}
    people(care, 6, **hired)
    people(care, 2, started_on=DAY, employed_on=dt.date(2028, 1, 10))  # hired after the year
    people(early, 1, **hired)
    people(bus, 3, **hired)
    client.force_login(manager)
    body = text(client.get(page(partnership)))
    assert "Jobbspår i bristyrken 1 av 3" in body
    assert "Anställda i bristyrken 6 av 10: 60 %" in body


def test_a_manager_outside_the_group_sees_the_target_but_may_not_change_it(
    client, manager, partnership
):
    client.force_login(manager)
    assert "Ändra målet" not in text(client.get(page(partnership)))
    url = reverse("steering:target_edit", args=[partnership.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"percent": "50"}).status_code == 403
    assert not PlacementTarget.objects.exists()


def test_a_cost_or_a_hire_in_the_year_counts_though_its_track_started_before(partnership, case):
    """The figures read only the members of the tracks that started in the year or carry a cost
    in it, and the members hired in it: a track started in 2025 with a cost in 2027 brings its
    6 participants (4 hired) into the cost figures, and its 2 members hired in 2027 count as
    hires of the year, but none of them in the placement rate of the tracks started in 2027."""
    old = TrackFactory(status=TrackStatus.COMPLETED, start_date=dt.date(2025, 2, 3))
    people(old, 2, started_on=dt.date(2025, 2, 3), employed_on=dt.date(2027, 5, 2))
    people(old, 2, started_on=dt.date(2025, 2, 3), employed_on=dt.date(2025, 9, 1))
    people(old, 2, started_on=dt.date(2025, 2, 3), completed_on=dt.date(2025, 8, 1))
    older = TrackFactory(status=TrackStatus.FOLLOWED_UP, start_date=dt.date(2024, 2, 5))
    people(older, 5, started_on=dt.date(2024, 2, 5), employed_on=dt.date(2024, 9, 1))
    draw_down = Cost.objects.filter(spent_on__year=2027).first().draw_down
    CostFactory(draw_down=draw_down, track=old, amount=D("0.22"), spent_on=DAY)
    figures = steering_figures(
        partnership=partnership,
        period=Period.year(2027),
        tracks=Track.objects.all(),
        members=TrackParticipant.objects.all(),
        costs=Cost.objects.all(),
        target=80,
    )
    assert (figures.placement.part, figures.placement.whole) == (10, 13)
    assert figures.costs.spent == D("123457.00")
    assert (figures.costs.participants.value, figures.costs.hires.value) == (13 + 6, 7 + 4)
    assert figures.hires.value == 7 + 2


def test_the_figures_take_four_narrow_queries_and_none_repeats_the_costs_subquery(
    partnership, case
):
    """Issue 18: the costs per track once (their sum and their tracks, named by id after), the
    members' counts of the period's tracks, the hires of the period by their employment date
    alone (an OR of the two read every member of the partnership's history: 61 ms nationally
    against 5 ms, issue 17's index on (track, employed_on)), and the tracks' counts."""
    with CaptureQueriesContext(connection) as captured:
        figures = steering_figures(
            partnership=partnership,
            period=Period.year(2027),
            tracks=Track.objects.all(),
            members=TrackParticipant.objects.all(),
            costs=Cost.objects.all(),
            target=80,
        )
    assert len(captured.captured_queries) == 4
    members_sql, hires_sql = (captured.captured_queries[i]["sql"] for i in (1, 2))
    assert "steering_cost" not in members_sql and "steering_cost" not in hires_sql
    where = hires_sql.rsplit(" WHERE ", 1)[1]  # the outer query's, after the shortage subquery
    assert '"employed_on" >=' in where and " OR " not in where
    # The same figures as the page shows for the case (see the tests above).
    assert (figures.placement.part, figures.placement.whole) == (10, 13)
    assert figures.costs.spent == D("123456.78")
    assert (figures.costs.participants.value, figures.costs.hires.value) == (13, 7)
    assert figures.hires.value == 7
