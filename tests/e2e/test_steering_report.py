"""A manager in the steering group records a draw-down and a cost, sees the remaining amount and
the cost per participant on the steering page, and opens and downloads the steering-group
report for the year (axe on every page)."""

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from steering.models import SteeringMember
from tests.browser import assert_no_axe_violations, login
from tests.dates import today
from tests.jobbspar.factories import TEST_PASSWORD
from tests.steering.factories import BudgetFactory
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tracks.models import TrackStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_manager_records_money_and_downloads_the_report(page, manager, partnership):
    year = today().year
    SteeringMember.objects.create(partnership=partnership, user=manager)
    budget = BudgetFactory(partnership=partnership, year=year, amount=Decimal("1250000.00"))
    start = dt.date(year, 2, 1)
    track = TrackFactory(
        need__partnership=partnership,
        name="Lokalvård Söder",
        status=TrackStatus.RUNNING,
        start_date=start,
    )
    for _ in range(5):
        TrackParticipantFactory(track=track, started_on=start)

    login(page, manager.username, TEST_PASSWORD)
    page.goto(f"{page.base_url}/steering/{partnership.pk}/")
    jobbpakten = page.locator("#budget-table").get_by_role("row", name="Jobbpakten")
    jobbpakten.get_by_role("link", name="Registrera avrop").click()
    page.wait_for_url(f"**/steering/budgets/{budget.pk}/draw-downs/new/")
    page.get_by_label("Nämnd").fill("Arbetsmarknads- och socialnämnden")
    page.get_by_label("Belopp (kr)").fill("100 000,50")
    page.get_by_label("Datum").fill(f"{year}-04-15")
    page.get_by_label("Syfte").fill("Språkstöd i spåret för lokalvård")
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url(f"**/steering/{partnership.pk}/?year={year}")
    jobbpakten = page.locator("#budget-table").get_by_role("row", name="Jobbpakten")
    assert jobbpakten.locator("td").nth(2).inner_text() == "1\xa0149\xa0999,50\xa0kr"

    page.get_by_role("link", name="Bokför en kostnad").click()
    page.wait_for_url(f"**/steering/{partnership.pk}/costs/new/")
    page.get_by_label("Avrop").select_option(index=1)
    page.get_by_label("Jobbspår").select_option(str(track.pk))
    page.get_by_label("Typ av kostnad").select_option("provider_invoice")
    page.get_by_label("Belopp (kr)").fill("50 000,05")
    page.get_by_label("Datum").fill(f"{year}-04-20")
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url(f"**/steering/{partnership.pk}/costs/?year={year}")

    page.goto(f"{page.base_url}/steering/{partnership.pk}/")
    jobbpakten = page.locator("#budget-table").get_by_role("row", name="Jobbpakten")
    cells = [jobbpakten.locator("td").nth(i).inner_text() for i in range(5)]
    assert cells[2:] == ["1\xa0149\xa0999,50\xa0kr", "50\xa0000,05\xa0kr", "50\xa0000,45\xa0kr"]
    # 50 000,05 kr over the track's 5 participants.
    assert "10\xa0000,01\xa0kr" in page.locator("#cost-figures").inner_text()
    assert_no_axe_violations(page)

    page.get_by_role("link", name=f"Styrgruppsrapport {year}").click()
    page.wait_for_url(f"**/steering/{partnership.pk}/report/?*")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Styrgruppsrapport")
    assert "50\xa0000,05\xa0kr" in page.locator("#report-budget-table").inner_text()
    assert_no_axe_violations(page)
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.get_by_role("button", name="Visa rapporten").is_visible()
    page.emulate_media(media="screen")

    page.get_by_label("Till").fill(f"{year}-01-31")
    page.get_by_label("Från").fill(f"{year}-02-01")
    page.get_by_role("button", name="Visa rapporten").click()
    assert "Periodens slut kan inte ligga före dess början." in page.content()
    assert_no_axe_violations(page)
    page.get_by_label("Från").fill(f"{year}-01-01")
    page.get_by_label("Till").fill(f"{year}-12-31")
    page.get_by_role("button", name="Visa rapporten").click()
    with page.expect_download() as pdf_info:
        page.get_by_role("link", name="Ladda ned som PDF").click()
    pdf = Path(pdf_info.value.path()).read_bytes()
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.trailer["/Root"]["/Lang"] == "sv"
    assert "50 000,05 kr" in " ".join(p.extract_text() for p in reader.pages).replace("\xa0", " ")
