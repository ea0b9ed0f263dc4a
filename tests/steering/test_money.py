"""Budgets and draw-downs on a hand-built case: exact kronor, to the öre."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from steering.forms import DrawDownForm
from steering.models import Budget, Cost, DrawDown
from steering.money import budget_summary, format_kronor, record_draw_down, save_budget
from tests.steering.factories import BudgetFactory, DrawDownFactory
from tracks.models import FundingSourceKind

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def case(partnership, other_partnership):
    """Jobbpakten 2027: 1 250 000,00 kr, drawn 312 500,25 + 87 499,50. AF funds 2027:
    400 000,10, drawn 0,10. Jobbpakten 2026 and another partnership's 2027 budget must not
    count."""
    jobbpakten = BudgetFactory(partnership=partnership, amount=D("1250000.00"))
    af_funds = BudgetFactory(
        partnership=partnership, source=FundingSourceKind.EMPLOYMENT_SERVICE, amount=D("400000.10")
    )
    DrawDownFactory(budget=jobbpakten, amount=D("312500.25"))
    DrawDownFactory(
        budget=jobbpakten,
        committee="Gymnasie- och vuxenutbildningsnämnden",
        amount=D("87499.50"),
        drawn_on=dt.date(2027, 9, 30),
    )
    DrawDownFactory(budget=af_funds, amount=D("0.10"))
    last_year = BudgetFactory(partnership=partnership, year=2026, amount=D("999.99"))
    DrawDownFactory(budget=last_year, amount=D("1.00"), drawn_on=dt.date(2026, 5, 5))
    BudgetFactory(partnership=other_partnership, amount=D("5000000.00"))
    return {"jobbpakten": jobbpakten, "af_funds": af_funds}


def test_budget_drawn_and_remaining_per_source_to_the_ore(case, partnership):
    summary = budget_summary(
        Budget.objects.filter(partnership=partnership), costs=Cost.objects.all(), year=2027
    )
    figures = [
        (line.budget.source, line.budget.amount, line.drawn, line.remaining)
        for line in summary.lines
    ]
    assert figures == [
        ("employment_service", D("400000.10"), D("0.10"), D("400000.00")),
        ("jobbpakten", D("1250000.00"), D("399999.75"), D("850000.25")),
    ]
    assert (summary.budget, summary.drawn, summary.remaining) == (
        D("1650000.10"),
        D("399999.85"),
        D("1250000.25"),
    )


def test_a_year_without_budgets_sums_to_zero(case, partnership):
    summary = budget_summary(
        Budget.objects.filter(partnership=partnership), costs=Cost.objects.all(), year=2030
    )
    assert summary.lines == []
    assert summary.remaining == D("0.00")


def test_amounts_read_in_swedish_with_ore():
    with translation.override("sv"):
        assert format_kronor(D("1250000.25")) == "1\xa0250\xa0000,25\xa0kr"
        assert format_kronor(D("0.10")) == "0,10\xa0kr"
        assert format_kronor(D("850000")) == "850\xa0000,00\xa0kr"


def test_a_draw_down_may_take_exactly_what_remains_and_not_an_ore_more(case):
    budget = case["jobbpakten"]
    too_much = DrawDown(
        committee="Arbetsmarknads- och socialnämnden",
        amount=D("850000.26"),
        drawn_on=dt.date(2027, 11, 1),
        purpose="Mer än som finns",
    )
    with pytest.raises(ValidationError) as refused:
        record_draw_down(draw_down=too_much, budget=budget, by=None)
    assert "amount" in refused.value.message_dict
    assert DrawDown.objects.filter(budget=budget).count() == 2
    exact = DrawDown(
        committee="Arbetsmarknads- och socialnämnden",
        amount=D("850000.25"),
        drawn_on=dt.date(2027, 11, 1),
        purpose="Resten",
    )
    record_draw_down(draw_down=exact, budget=budget, by=None)
    summary = budget_summary(
        Budget.objects.filter(pk=budget.pk), costs=Cost.objects.all(), year=2027
    )
    assert summary.lines[0].remaining == D("0.00")


def test_a_draw_down_is_dated_in_its_budgets_year(case):
    wrong_year = DrawDown(
        committee="Nämnden", amount=D("1.00"), drawn_on=dt.date(2028, 1, 2), purpose="x"
    )
    with pytest.raises(ValidationError) as refused:
        record_draw_down(draw_down=wrong_year, budget=case["jobbpakten"], by=None)
    assert "drawn_on" in refused.value.message_dict


def test_a_budget_cannot_shrink_below_what_is_drawn(case, partnership):
    budget = Budget.objects.get(pk=case["jobbpakten"].pk)
    budget.amount = D("399999.74")
    with pytest.raises(ValidationError) as refused:
        save_budget(budget=budget, partnership=partnership)
    assert "399\xa0999,75" in refused.value.message_dict["amount"][0]
    budget.amount = D("399999.75")
    save_budget(budget=budget, partnership=partnership)
    assert Budget.objects.get(pk=budget.pk).amount == D("399999.75")


def test_one_budget_per_source_and_year(case, partnership):
    twin = Budget(source=FundingSourceKind.JOBBPAKTEN, year=2027, amount=D("1.00"))
    with pytest.raises(ValidationError):
        save_budget(budget=twin, partnership=partnership)


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("12 500,50", D("12500.50")),
        ("12\xa0500,5 kr", D("12500.50")),
        ("12500.50", D("12500.50")),
        ("0,01", D("0.01")),
    ],
)
def test_the_form_reads_kronor_as_people_write_them(typed, amount):
    form = DrawDownForm(
        {"committee": "Nämnden", "amount": typed, "drawn_on": "2027-03-01", "purpose": "x"}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == amount


@pytest.mark.parametrize("typed", ["tolv", "1,2,3", "NaN", "0", "-5", "1,001"])
def test_the_form_refuses_what_is_not_an_amount_of_kronor(typed):
    form = DrawDownForm(
        {"committee": "Nämnden", "amount": typed, "drawn_on": "2027-03-01", "purpose": "x"}
    )
    assert not form.is_valid()
    assert "amount" in form.errors
