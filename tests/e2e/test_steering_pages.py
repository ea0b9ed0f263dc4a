"""A coordinator of the partnership keeps the steering group's records: the members, a meeting
with its minutes, a decision with a follow-up, a new budget; axe on every page."""

import pytest

from steering.models import Budget, SteeringDecision, SteeringMember
from tests.browser import assert_no_axe_violations, login
from tests.dates import today
from tests.jobbspar.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_keeps_the_steering_groups_records(
    page, municipal_coordinator, manager, partnership
):
    year = today().year
    login(page, municipal_coordinator.username, TEST_PASSWORD)
    page.goto(f"{page.base_url}/steering/{partnership.pk}/")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Ändra ledamöter").click()
    assert_no_axe_violations(page)
    # The whole label (name, organisation): another candidate's may hold the manager's name.
    page.get_by_label(f"{manager.get_full_name()}, {manager.organisation}", exact=True).check()
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url(f"**/steering/{partnership.pk}/")
    assert SteeringMember.objects.filter(partnership=partnership, user=manager).exists()

    page.get_by_role("link", name="Nytt möte").click()
    page.get_by_role("button", name="Spara").click()  # empty: the error summary
    assert page.locator("#error-summary").is_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Mötesdatum").fill(f"{year}-02-10")
    page.get_by_label("Dagordning").fill("1. Läget i jobbspåren\n2. Avrop ur Jobbpakten")
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url("**/steering/meetings/*/")
    assert_no_axe_violations(page)

    page.locator("#id_decision").fill("Ett spår inom lager och logistik planeras.")
    page.get_by_label("Uppföljningsdatum").fill(f"{year}-09-01")
    page.get_by_label("Ansvarig för uppföljningen").select_option(str(manager.pk))
    page.get_by_role("button", name="Registrera beslutet").click()
    page.wait_for_url("**/steering/meetings/*/")
    assert (
        "Ett spår inom lager och logistik planeras."
        in page.locator("#meeting-decisions").inner_text()
    )
    assert SteeringDecision.objects.get().responsible == manager
    assert_no_axe_violations(page)

    page.goto(f"{page.base_url}/steering/{partnership.pk}/decisions/")
    assert_no_axe_violations(page)

    page.goto(f"{page.base_url}/steering/{partnership.pk}/budgets/new/")
    page.get_by_label("Finansieringskälla").select_option("jobbpakten")
    page.get_by_label("År").fill(str(year))
    page.get_by_label("Belopp (kr)").fill("2 400 000,00")
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url("**/steering/budgets/*/")
    assert page.locator("#remaining").inner_text() == "2\xa0400\xa0000,00\xa0kr"
    assert Budget.objects.get().amount == 2400000
    assert_no_axe_violations(page)
