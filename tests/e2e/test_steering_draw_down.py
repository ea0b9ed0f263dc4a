"""A manager in the steering group records a committee's draw-down from the Jobbpakten budget
and sees the remaining amount change on the steering page (axe on every page)."""

import datetime as dt
from decimal import Decimal

import pytest

from steering.models import DrawDown, SteeringMember
from tests.browser import assert_no_axe_violations, login
from tests.dates import today
from tests.jobbspar.factories import TEST_PASSWORD
from tests.steering.factories import (
    BudgetFactory,
    DrawDownFactory,
    SteeringDecisionFactory,
    SteeringMeetingFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_manager_records_a_draw_down_and_sees_the_remaining_amount_change(
    page, manager, partnership
):
    year = today().year
    SteeringMember.objects.create(partnership=partnership, user=manager)
    budget = BudgetFactory(partnership=partnership, year=year, amount=Decimal("1250000.00"))
    DrawDownFactory(budget=budget, amount=Decimal("312500.25"), drawn_on=dt.date(year, 3, 1))
    SteeringDecisionFactory(
        meeting=SteeringMeetingFactory(partnership=partnership, held_on=dt.date(year, 2, 10)),
        decision="Avropa medel till språkstöd",
        follow_up_on=dt.date(year, 12, 31),
        responsible=manager,
    )

    login(page, manager.username, TEST_PASSWORD)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Styrgrupp").click()
    page.wait_for_url("**/steering/")
    assert_no_axe_violations(page)
    page.get_by_role("link", name=partnership.name).click()
    page.wait_for_url(f"**/steering/{partnership.pk}/")
    budget_table = page.locator("#budget-table")
    jobbpakten = budget_table.get_by_role("row", name="Jobbpakten")
    assert jobbpakten.locator("td").nth(2).inner_text() == "937\xa0499,75\xa0kr"
    open_decisions = page.locator("#open-decisions")
    assert "Avropa medel till språkstöd" in open_decisions.inner_text()
    assert_no_axe_violations(page)

    jobbpakten.get_by_role("link", name="Registrera avrop").click()
    page.wait_for_url(f"**/steering/budgets/{budget.pk}/draw-downs/new/")
    assert_no_axe_violations(page)
    page.get_by_label("Nämnd").fill("Arbetsmarknads- och socialnämnden")
    page.get_by_label("Belopp (kr)").fill("100 000,50")
    page.get_by_label("Datum").fill(f"{year}-04-15")
    page.get_by_label("Syfte").fill("Språkstöd i spåret för lokalvård")
    page.get_by_role("button", name="Spara").click()

    page.wait_for_url(f"**/steering/{partnership.pk}/?year={year}")
    jobbpakten = page.locator("#budget-table").get_by_role("row", name="Jobbpakten")
    cells = [jobbpakten.locator("td").nth(i).inner_text() for i in range(3)]
    assert cells == ["1\xa0250\xa0000,00\xa0kr", "412\xa0500,75\xa0kr", "837\xa0499,25\xa0kr"]
    assert page.get_by_role("alert").or_(page.get_by_role("status")).first.is_visible()
    assert_no_axe_violations(page)
    assert DrawDown.objects.filter(budget=budget).count() == 2
