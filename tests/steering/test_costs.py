"""Costs booked on a track against a draw-down: exact kronor to the öre on a hand-built case,
never more than is left of the draw-down, and the pages that record, list and remove them."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from steering.models import Budget, Cost, CostKind, DrawDown, SteeringMember
from steering.money import budget_summary, record_cost
from tests.steering.factories import BudgetFactory, CostFactory, DrawDownFactory
from tests.steering.test_steering_pages import page_queries
from tests.tracks.factories import TrackFactory
from tracks.models import FundingSourceKind

pytestmark = pytest.mark.django_db
D = Decimal


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).replace(
        "\xa0", " "
    )


@pytest.fixture
def track(partnership):
    return TrackFactory(need__partnership=partnership, name="Lokalvård Söder")


@pytest.fixture
def case(partnership, other_partnership, track):
    """Jobbpakten 2027, 1 250 000,00 kr: draw-down A 312 500,25 with costs 100 000,10 and
    12 345,67; draw-down B 87 499,50 spent to the öre. AF funds 2027, 400 000,10: draw-down C
    0,10 with a cost of 0,05. A 2026 cost and another partnership's cost must not count."""
    jobbpakten = BudgetFactory(partnership=partnership, amount=D("1250000.00"))
    af_funds = BudgetFactory(
        partnership=partnership, source=FundingSourceKind.EMPLOYMENT_SERVICE, amount=D("400000.10")
    )
    a = DrawDownFactory(budget=jobbpakten, amount=D("312500.25"))
    b = DrawDownFactory(budget=jobbpakten, amount=D("87499.50"), drawn_on=dt.date(2027, 9, 30))
    c = DrawDownFactory(budget=af_funds, amount=D("0.10"))
    CostFactory(draw_down=a, track=track, amount=D("100000.10"))
    CostFactory(draw_down=a, track=track, kind=CostKind.LANGUAGE_SUPPORT, amount=D("12345.67"))
    CostFactory(
        draw_down=b,
        track=track,
        kind=CostKind.MENTOR_COMPENSATION,
        amount=D("87499.50"),
        spent_on=dt.date(2027, 10, 1),
    )
    CostFactory(draw_down=c, track=track, kind=CostKind.OTHER, amount=D("0.05"))
    last_year = BudgetFactory(partnership=partnership, year=2026, amount=D("999.99"))
    CostFactory(
        draw_down=DrawDownFactory(
            budget=last_year, amount=D("500.00"), drawn_on=dt.date(2026, 5, 5)
        ),
        track=track,
        amount=D("400.00"),
        spent_on=dt.date(2026, 6, 1),
    )
    CostFactory(
        draw_down=DrawDownFactory(budget=BudgetFactory(partnership=other_partnership)),
        amount=D("7777.77"),
    )
    return {"a": a, "b": b, "c": c}


def test_spent_and_drawn_not_spent_per_source_to_the_ore(case, partnership):
    summary = budget_summary(
        Budget.objects.filter(partnership=partnership), costs=Cost.objects.all(), year=2027
    )
    figures = [
        (line.budget.source, line.drawn, line.spent, line.unspent, line.remaining)
        for line in summary.lines
    ]
    assert figures == [
        ("employment_service", D("0.10"), D("0.05"), D("0.05"), D("400000.00")),
        ("jobbpakten", D("399999.75"), D("199845.27"), D("200154.48"), D("850000.25")),
    ]
    assert (summary.drawn, summary.spent, summary.unspent, summary.remaining) == (
        D("399999.85"),
        D("199845.32"),
        D("200154.53"),
        D("1250000.25"),
    )


def new_cost(amount: str, **fields) -> Cost:
    return Cost(
        kind=CostKind.PROVIDER_INVOICE,
        amount=D(amount),
        spent_on=fields.pop("spent_on", dt.date(2027, 11, 2)),
        **fields,
    )


def test_a_draw_down_takes_costs_up_to_what_is_left_to_the_ore_and_no_more(case, track):
    # A: 312 500,25 − 112 345,77 = 200 154,48 left.
    with pytest.raises(ValidationError) as refused:
        record_cost(cost=new_cost("200154.49"), draw_down=case["a"], track=track, by=None)
    assert list(refused.value.message_dict) == ["amount"]  # the text: the view test
    with CaptureQueriesContext(connection) as captured:
        record_cost(cost=new_cost("200154.48"), draw_down=case["a"], track=track, by=None)
    locks = [q["sql"] for q in captured if "FOR UPDATE" in q["sql"]]
    assert any('FROM "steering_drawdown"' in sql for sql in locks)
    with pytest.raises(ValidationError):
        record_cost(cost=new_cost("0.01"), draw_down=case["a"], track=track, by=None)
    with pytest.raises(ValidationError):
        record_cost(cost=new_cost("0.01"), draw_down=case["b"], track=track, by=None)
    assert Cost.objects.filter(draw_down=case["a"]).count() == 3


def test_a_cost_is_on_a_track_of_the_partnership_and_in_the_draw_downs_year(
    case, other_partnership
):
    foreign_track = TrackFactory(need__partnership=other_partnership)
    with pytest.raises(ValidationError) as refused:
        record_cost(cost=new_cost("1.00"), draw_down=case["a"], track=foreign_track, by=None)
    assert "track" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        record_cost(
            cost=new_cost("1.00", spent_on=dt.date(2028, 1, 2)),
            draw_down=case["a"],
            track=TrackFactory(need__partnership=case["a"].budget.partnership),
            by=None,
        )
    assert "spent_on" in refused.value.message_dict


def page(partnership, year=2027):
    return reverse("steering:page", args=[partnership.pk]) + f"?year={year}"


def costs_page(partnership, year=2027):
    return reverse("steering:costs", args=[partnership.pk]) + f"?year={year}"


def test_the_steering_page_shows_spent_and_drawn_not_spent_to_the_ore(
    client, manager, partnership, case
):
    client.force_login(manager)
    body = text(client.get(page(partnership)))
    assert (
        "Jobbpakten 1 250 000,00 kr 399 999,75 kr 850 000,25 kr 199 845,27 kr 200 154,48 kr" in body
    )
    assert (
        "Totalt 1 650 000,10 kr 399 999,85 kr 1 250 000,25 kr 199 845,32 kr 200 154,53 kr" in body
    )


def test_a_member_records_a_cost_in_swedish_kronor(client, manager, partnership, case, track):
    SteeringMember.objects.create(partnership=partnership, user=manager)
    client.force_login(manager)
    response = client.post(
        reverse("steering:cost_create", args=[partnership.pk]),
        {
            "draw_down": case["a"].pk,
            "track": track.pk,
            "kind": "language_support",
            "amount": "100 000,01 kr",
            "spent_on": "2027-11-02",
            "note": "Tolk",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == costs_page(partnership)
    cost = Cost.objects.get(note="Tolk")
    assert (cost.amount, cost.recorded_by, cost.track) == (D("100000.01"), manager, track)
    assert "Jobbpakten 1 250 000,00 kr 399 999,75 kr 850 000,25 kr 299 845,28 kr 100 154,47 kr" in (
        text(client.get(page(partnership)))
    )


def test_an_overbooking_is_refused_with_what_is_left(
    client, municipal_coordinator, partnership, case, track
):
    client.force_login(municipal_coordinator)
    response = client.post(
        reverse("steering:cost_create", args=[partnership.pk]),
        {
            "draw_down": case["a"].pk,
            "track": track.pk,
            "kind": "other",
            "amount": "200 154,49",
            "spent_on": "2027-11-02",
        },
    )
    assert response.status_code == 200
    assert "Kostnaden är större än det som återstår av avropet (200 154,48 kr)" in text(response)
    assert Cost.objects.filter(draw_down=case["a"]).count() == 2


def test_another_partnerships_draw_down_or_track_is_no_choice(
    client, municipal_coordinator, partnership, other_partnership, case, track
):
    foreign = DrawDownFactory(
        budget=BudgetFactory(partnership=other_partnership, source=FundingSourceKind.EU)
    )
    client.force_login(municipal_coordinator)
    url = reverse("steering:cost_create", args=[partnership.pk])
    body = {"kind": "other", "amount": "1,00", "spent_on": "2027-11-02"}
    for choice in (
        {"draw_down": foreign.pk, "track": track.pk},
        {"draw_down": case["a"].pk, "track": TrackFactory(need__partnership=other_partnership).pk},
        {"draw_down": "x", "track": track.pk},
    ):
        response = client.post(url, {**body, **choice})
        assert response.status_code == 200
    assert Cost.objects.count() == 6


def test_the_list_shows_the_years_costs_and_a_coordinator_removes_one(
    client, municipal_coordinator, partnership, case
):
    client.force_login(municipal_coordinator)
    body = text(client.get(costs_page(partnership)))
    assert "Lokalvård Söder" in body
    assert "12 345,67 kr" in body
    assert "400,00 kr" not in body  # 2026
    assert "7 777,77 kr" not in body  # another partnership's
    assert "Totalt 199 845,32 kr" in body
    assert "Totalt 400,00 kr" in text(client.get(costs_page(partnership, 2026)))
    mistaken = Cost.objects.get(amount=D("12345.67"))
    response = client.post(reverse("steering:cost_delete", args=[mistaken.pk]))
    assert response.status_code == 302
    assert response["Location"] == costs_page(partnership)
    assert not Cost.objects.filter(pk=mistaken.pk).exists()
    assert "Totalt 187 499,65 kr" in text(client.get(costs_page(partnership)))


def test_a_draw_down_with_costs_is_not_removed(client, municipal_coordinator, case):
    client.force_login(municipal_coordinator)
    response = client.post(reverse("steering:draw_down_delete", args=[case["b"].pk]), follow=True)
    assert response.status_code == 200
    assert "Det finns kostnader bokförda mot avropet; ta bort dem först." in text(response)
    assert DrawDown.objects.filter(pk=case["b"].pk).exists()


def test_a_manager_outside_the_group_reads_costs_but_does_not_book_or_remove(
    client, manager, partnership, case
):
    client.force_login(manager)
    response = client.get(costs_page(partnership))
    assert response.status_code == 200
    assert reverse("steering:cost_create", args=[partnership.pk]) not in response.content.decode()
    assert client.get(reverse("steering:cost_create", args=[partnership.pk])).status_code == 403
    cost = Cost.objects.filter(draw_down=case["a"]).first()
    assert client.post(reverse("steering:cost_delete", args=[cost.pk])).status_code == 403
    assert Cost.objects.filter(pk=cost.pk).exists()


def test_the_pages_cost_the_same_queries_however_many_costs(
    client, manager, partnership, case, track
):
    def queries(url) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    client.force_login(manager)
    queries(page(partnership))  # the first request of a session also renews it
    few = (page_queries(client, page(partnership)), queries(costs_page(partnership)))
    for source in (FundingSourceKind.EU, FundingSourceKind.COMMITTEE):
        draw_down = DrawDownFactory(budget=BudgetFactory(partnership=partnership, source=source))
        for _ in range(3):
            CostFactory(draw_down=draw_down, track=TrackFactory(need__partnership=partnership))
    assert (page_queries(client, page(partnership)), queries(costs_page(partnership))) == few


def test_a_cost_on_new_years_eve_and_one_on_new_years_day_are_in_their_own_years(
    client, municipal_coordinator, partnership, track
):
    budget = BudgetFactory(partnership=partnership, year=2026, amount=D("5000.00"))
    draw_down = DrawDownFactory(budget=budget, amount=D("5000.00"), drawn_on=dt.date(2026, 1, 2))
    CostFactory(draw_down=draw_down, track=track, amount=D("31.12"), spent_on=dt.date(2026, 12, 31))
    CostFactory(draw_down=draw_down, track=track, amount=D("1.01"), spent_on=dt.date(2027, 1, 1))
    client.force_login(municipal_coordinator)
    in_2026 = text(client.get(costs_page(partnership, 2026)))
    in_2027 = text(client.get(costs_page(partnership, 2027)))
    assert "Totalt 31,12 kr" in in_2026 and "1,01 kr" not in in_2026
    assert "Totalt 1,01 kr" in in_2027 and "31,12 kr" not in in_2027
