"""A manager reads the outcomes: filters by year and target group, reads the table beside the
chart, exports the view to Excel (opened and checked here) and prints the steering-group report;
filters and breaks down by shortage occupation. Charts draw under the strict CSP (no violations
reported), and axe finds nothing."""

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from participants.models import Participant
from tests.browser import assert_no_axe_violations, login
from tests.dashboard.dataset import build
from tests.jobbspar.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_manager_filters_reads_exports_and_prints(page, manager):
    data = build()
    # Everyone in track A is newly arrived, so the filtered view is large enough to show.
    Participant.objects.filter(track_memberships__track=data["track_a"]).update(newly_arrived=True)
    csp_errors = []
    page.on(
        "console",
        lambda message: (
            csp_errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    login(page, manager.username, TEST_PASSWORD)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Resultat").click()
    page.wait_for_url("**/dashboard/")
    assert page.title() == "Resultat – Jobbspår"
    assert_no_axe_violations(page)

    page.get_by_label("År då jobbspåret startade").fill("2025")
    page.get_by_label("Målgrupp").select_option(label="Nyanländ")
    page.get_by_role("button", name="Visa").click()
    page.wait_for_url("**/dashboard/?*year=2025*")
    assert "target_group=newly_arrived" in page.url
    assert page.get_by_label("År då jobbspåret startade").input_value() == "2025"

    # The chart is drawn (Chart.js, fed by json_script) and the table beside it has its numbers.
    page.wait_for_function(
        "() => window.Chart && Chart.getChart(document.querySelector('canvas[data-chart=funnel]'))"
    )
    funnel = page.locator("#funnel-table")
    assert funnel.locator("caption").inner_text().startswith("Personer som någon gång")
    completed = funnel.get_by_role("row", name="Genomförde jobbspåret")
    assert completed.locator("td").inner_text() == "8"
    assert funnel.get_by_role("row", name="Nominerad").locator("td").inner_text() == "12"
    outcome = page.locator("#outcome-table").get_by_role("row", name="Placeringsgrad")
    assert "6 av 8" in outcome.inner_text() and "41–93 %" in outcome.inner_text()
    assert_no_axe_violations(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Exportera vyn till Excel").click()
    sheet = load_workbook(io.BytesIO(Path(download_info.value.path()).read_bytes())).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    placement = next(r for r in rows if str(r[1]).startswith("Placeringsgrad (erbjudna"))
    assert placement[2:4] == [6, 8]
    assert any("Nyanländ" in str(r[0]) for r in rows[:4])

    page.get_by_role("link", name="Styrgruppsrapport (utskrift)").click()
    page.wait_for_url("**/dashboard/report/?*")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Styrgruppsrapport")
    assert_no_axe_violations(page)
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert page.locator("#funnel-table").is_visible()
    page.emulate_media(media="screen")
    with page.expect_download() as pdf_info:
        page.get_by_role("link", name="Ladda ned som PDF").click()
    assert Path(pdf_info.value.path()).read_bytes().startswith(b"%PDF")
    assert csp_errors == []


def test_manager_finds_an_employer_by_typing_part_of_its_name(page, manager):
    from tests.employers.factories import EmployerFactory

    data = build()
    employer = data["track_a"].employer
    employer.name = "Vårdbolaget Syd AB"
    employer.save()
    EmployerFactory(name="Vårdbolaget Norr AB")
    login(page, manager.username, TEST_PASSWORD)
    page.goto(f"{page.base_url}/dashboard/")
    page.get_by_label("Arbetsgivare").fill("vårdbolaget")
    page.get_by_role("button", name="Visa").click()
    page.wait_for_url("**/dashboard/?*employer=*")
    alert = page.get_by_role("alert")
    assert "Flera arbetsgivare matchar" in alert.inner_text()
    assert "Vårdbolaget Norr AB" in alert.inner_text()
    assert page.get_by_label("Arbetsgivare").input_value() == "vårdbolaget"
    assert_no_axe_violations(page)

    page.get_by_label("Arbetsgivare").fill("Vårdbolaget Syd")
    page.get_by_role("button", name="Visa").click()
    page.wait_for_url("**/dashboard/?*employer=V*")
    shown = page.get_by_label("Arbetsgivare").input_value()
    assert shown == f"Vårdbolaget Syd AB ({employer.organisation_number})"
    tracks = page.get_by_label("Jobbspår", exact=True).locator("option").all_inner_texts()
    assert data["track_a"].name in tracks
    assert page.locator("#funnel-table").is_visible()
    assert_no_axe_violations(page)


def test_manager_filters_and_breaks_down_by_shortage_occupation(page, manager):
    import datetime as dt

    from employers.models import ShortageOccupation
    from jobbspar.models import Region

    data = build()
    track = data["track_a"]
    track.partnership.region = Region.SKANE
    track.partnership.save(update_fields=["region"])
    ShortageOccupation.objects.create(
        occupation=track.need.occupation,
        region=Region.SKANE,
        valid_from=dt.date(2025, 1, 1),
        valid_to=dt.date(2025, 12, 31),
        source="AF:s yrkesprognos 2025",
    )
    login(page, manager.username, TEST_PASSWORD)
    page.goto(f"{page.base_url}/dashboard/?scope=country")
    page.locator("#id_shortage").select_option(label="Endast bristyrken")
    page.locator("#id_by").select_option(label="Bristyrke eller annat yrke")
    page.get_by_role("button", name="Visa").click()
    page.wait_for_url("**/dashboard/?*shortage=1*")
    breakdown = page.locator("#breakdown-table")
    assert breakdown.get_by_role("rowheader", name="Bristyrke", exact=True).count() == 1
    assert breakdown.get_by_role("rowheader", name="Annat yrke", exact=True).count() == 0
    assert_no_axe_violations(page)
    page.goto(f"{page.base_url}/dashboard/?shortage=ja")
    assert "Välj alla yrken eller endast bristyrken" in page.get_by_role("alert").inner_text()
    assert_no_axe_violations(page)
