"""A manager in the steering group books a cost on a track against a draw-down and sees spent and
drawn-but-not-spent change on the steering page, and the cost in the year's list (axe on every
page)."""

import datetime as dt
from decimal import Decimal

import pytest

from steering.models import Cost, SteeringMember
from tests.browser import assert_no_axe_violations, login
from tests.dates import today
from tests.jobbspar.factories import TEST_PASSWORD
from tests.steering.factories import BudgetFactory, DrawDownFactory
from tests.tracks.factories import TrackFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_manager_books_a_cost_and_sees_what_is_spent(page, manager, partnership):
    year = today().year
    SteeringMember.objects.create(partnership=partnership, user=manager)
    budget = BudgetFactory(partnership=partnership, year=year, amount=Decimal("1250000.00"))
    draw_down = DrawDownFactory(
        budget=budget, amount=Decimal("312500.25"), drawn_on=dt.date(year, 3, 1)
    )
    track = TrackFactory(need__partnership=partnership, name="Lokalvård Söder")

    login(page, manager.username, TEST_PASSWORD)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Styrgrupp").click()
    page.wait_for_url("**/steering/")
    page.get_by_role("link", name=partnership.name).click()
    page.wait_for_url(f"**/steering/{partnership.pk}/")
    page.get_by_role("link", name="Bokför en kostnad").click()
    page.wait_for_url(f"**/steering/{partnership.pk}/costs/new/")
    assert_no_axe_violations(page)
    page.get_by_label("Avrop").select_option(str(draw_down.pk))
    page.get_by_label("Jobbspår").select_option(str(track.pk))
    page.get_by_label("Typ av kostnad").select_option("language_support")
    page.get_by_label("Belopp (kr)").fill("12 345,67")
    page.get_by_label("Datum").fill(f"{year}-04-15")
    page.get_by_role("button", name="Spara").click()

    page.wait_for_url(f"**/steering/{partnership.pk}/costs/?year={year}")
    assert "Lokalvård Söder" in page.locator("#cost-table").inner_text()
    assert_no_axe_violations(page)
    page.get_by_role("link", name=f"Styrgrupp, {partnership.name}").click()
    jobbpakten = page.locator("#budget-table").get_by_role("row", name="Jobbpakten")
    cells = [jobbpakten.locator("td").nth(i).inner_text() for i in range(5)]
    assert cells == [
        "1\xa0250\xa0000,00\xa0kr",
        "312\xa0500,25\xa0kr",
        "937\xa0499,75\xa0kr",
        "12\xa0345,67\xa0kr",
        "300\xa0154,58\xa0kr",
    ]
    assert_no_axe_violations(page)
    assert Cost.objects.get().amount == Decimal("12345.67")
