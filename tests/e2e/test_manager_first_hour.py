"""The manager's first hour on the demo data (user "chef"), on a 1280 px desktop and a 320 px
phone: the outcome figures, a year filter, and the exports. The funnel, the placement rate, the
lead-time medians and the funding shown are checked against the database (computed here from
the definitions in docs/dashboard-measures.md), the funnel chart's labels are all drawn and fit
(nothing cut or overlapping), and axe runs on every page."""

import csv
import io
import statistics
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import Sum
from openpyxl import load_workbook
from playwright.sync_api import expect

from jobbspar.demo import DEMO_PASSWORD
from tests.browser import assert_no_axe_violations, login
from tests.dashboard.lead_times import lead_times_from_rows
from tracks.models import FundingSource, Track, TrackParticipant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MILESTONES = [
    ("Nominerad", None),
    ("Utvalda av arbetsgivaren", "selected_on"),
    ("Började utbildningen", "started_on"),
    ("Genomförde jobbspåret", "completed_on"),
    ("Erbjuden anställning", "offered_on"),
    ("Anställda (började arbeta)", "employed_on"),
]

# Every label of the funnel chart is drawn, fits beside the bars and has room for its lines.
FUNNEL_LABELS_JS = """() => {
    const chart = Chart.getChart(document.querySelector('canvas[data-chart=funnel]'));
    const scale = chart.scales.y;
    const font = Chart.helpers.toFont(scale.options.ticks.font);
    const lines = chart.data.labels.map(label => [].concat(label));
    chart.ctx.save();
    chart.ctx.font = font.string;
    const widest = Math.max(...lines.flat().map(line => chart.ctx.measureText(line).width));
    chart.ctx.restore();
    return {
        labels: lines.length,
        ticks: scale.ticks.length,
        widest: widest,
        room: scale.width - scale.options.ticks.padding,
        tallest: Math.max(...lines.map(l => l.length)) * font.lineHeight,
        spacing: scale.height / lines.length,
        left: scale.left,
    };
}"""


def _shown(count: int) -> str:
    return "<5" if 0 < count < 5 else str(count)


def _funnel(members) -> dict[str, int]:
    return {
        label: members.count() if field is None else members.exclude(**{field: None}).count()
        for label, field in MILESTONES
    }


def _medians(tracks) -> tuple[float | None, float | None]:
    """Median days from a track's first planning meeting to its start, and to its first hire on
    or after the start (tests/dashboard/lead_times.py)."""
    to_start, to_hire = lead_times_from_rows(tracks)
    return (
        statistics.median(to_start) if to_start else None,
        statistics.median(to_hire) if to_hire else None,
    )


def _check_funnel_chart(page) -> None:
    page.wait_for_function(
        "() => window.Chart && Chart.getChart(document.querySelector('canvas[data-chart=funnel]'))"
    )
    fit = page.evaluate(FUNNEL_LABELS_JS)
    assert fit["ticks"] == fit["labels"], fit  # none skipped
    assert fit["left"] >= 0 and fit["widest"] <= fit["room"] + 1, fit  # none cut
    assert fit["tallest"] <= fit["spacing"], fit  # none overlapping


def _check_figures(page, members, tracks) -> None:
    main = page.locator("main")
    funnel = page.locator("#funnel-table")
    for label, count in _funnel(members).items():
        row = funnel.locator("tr").filter(has=page.get_by_role("rowheader", name=label, exact=True))
        expect(row.locator("td")).to_have_text(_shown(count))
    completed = members.exclude(completed_on=None).count()
    offered = members.exclude(offered_on=None).count()
    placement = page.locator("#outcome-table").get_by_role("row", name="Placeringsgrad")
    expect(placement).to_contain_text(f"{offered} av {completed}")
    to_start, to_hire = _medians(tracks)
    for median in (to_start, to_hire):
        if median is not None:
            assert median >= 0, "a lead time cannot be negative"
            expect(main).to_contain_text(f"median {round(median)} dagar")
    funding = FundingSource.objects.filter(track__in=tracks).aggregate(total=Sum("amount"))
    total = f"{funding['total'] or 0:,}".replace(",", "\xa0")
    expect(main).to_contain_text(f"{total} kr")


def test_manager_first_hour_on_a_desktop_and_a_phone(page, phone_page, settings):
    settings.DEMO_MODE = True
    call_command("seed_demo")
    login(page, "chef", DEMO_PASSWORD)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Resultat").click()
    page.wait_for_url("**/dashboard/")
    _check_figures(page, TrackParticipant.objects.all(), list(Track.objects.all()))
    _check_funnel_chart(page)
    assert_no_axe_violations(page)

    # A year: the figures are those of the tracks that started that year.
    year = Track.objects.values_list("start_date__year", flat=True).order_by("start_date").first()
    page.get_by_label("År då jobbspåret startade").fill(str(year))
    page.get_by_role("button", name="Visa").click()
    page.wait_for_url(f"**/dashboard/?*year={year}*")
    in_year = TrackParticipant.objects.filter(track__start_date__year=year)
    _check_figures(page, in_year, list(Track.objects.filter(start_date__year=year)))
    _check_funnel_chart(page)
    assert_no_axe_violations(page)

    # The exports: named after the filter, with the same figures (decimal commas in the CSV).
    completed = in_year.exclude(completed_on=None).count()
    offered = in_year.exclude(offered_on=None).count()
    with page.expect_download() as excel:
        page.get_by_role("link", name="Exportera vyn till Excel").click()
    assert (
        excel.value.suggested_filename == f"jobbspar-utfall-af-malmo-malmo-stad-{year}.xlsx"
    )  # partnership, year
    sheet = load_workbook(io.BytesIO(Path(excel.value.path()).read_bytes())).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    placement = next(r for r in rows if str(r[1]).startswith("Placeringsgrad"))
    assert placement[2:4] == [offered, completed]
    with page.expect_download() as text:
        page.get_by_role("link", name="Exportera vyn som CSV").click()
    assert text.value.suggested_filename == f"jobbspar-utfall-af-malmo-malmo-stad-{year}.csv"
    lines = Path(text.value.path()).read_text(encoding="utf-8-sig")
    placement = next(
        r
        for r in csv.reader(io.StringIO(lines), delimiter=";")
        if r[1].startswith("Placeringsgrad")
    )
    percent = round(100 * offered / completed, 1)
    assert placement[2:5] == [str(offered), str(completed), str(percent).replace(".", ",")]

    # On a phone: the same figures, a readable funnel chart, nothing wider than the screen.
    login(phone_page, "chef", DEMO_PASSWORD)
    phone_page.goto(phone_page.base_url + "/dashboard/")
    _check_figures(phone_page, TrackParticipant.objects.all(), list(Track.objects.all()))
    _check_funnel_chart(phone_page)
    assert phone_page.evaluate("() => document.documentElement.scrollWidth") <= 320
    assert_no_axe_violations(phone_page)
