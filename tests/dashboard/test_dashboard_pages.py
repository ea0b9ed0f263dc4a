"""The dashboard page, its filters in the URL, bad input, the exports and the report."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.dashboard.dataset import build

pytestmark = pytest.mark.django_db

URL = reverse("dashboard:dashboard")


@pytest.fixture
def data():
    return build()


def test_manager_sees_the_figures_with_counts_and_intervals(client, manager, data):
    client.force_login(manager)
    response = client.get(URL)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Resultat" in text or "Outcomes" in text
    assert 'id="dashboard-data"' in text  # the charts' data, as json_script
    assert "6 av 8" in text  # placement rate count, Swedish
    assert "41–93 %" in text  # its Wilson interval
    assert "&lt;5" in text


def test_filters_live_in_the_url_and_are_kept(client, manager, data):
    client.force_login(manager)
    response = client.get(URL, {"year": "2025", "gender": "woman", "by": "employer"})
    assert response.status_code == 200
    assert response.context["dashboard"].filters.gender == "woman"
    text = response.content.decode()
    assert 'value="2025"' in text
    assert "year=2025" in text  # export links carry the filters


@pytest.mark.parametrize(
    "query",
    [
        {"year": "twenty"},
        {"year": "1900"},
        {"year": "99999999999999999999"},
        {"start_from": "2026-13-45"},
        {"start_from": "2026-05-01", "start_to": "2026-01-01"},
        {"year": "2025", "start_from": "2025-01-01"},
        {"employer": "abc"},
        {"employer": "999999999999999999999"},
        {"track": "5", "employer": "x"},
        {"occupation": "'; drop table"},
        {"nominating_organisation": "-1"},
        {"gender": "robot"},
        {"target_group": "vip"},
        {"by": "personal_number"},
        {"target_group": "income_support"},  # not offered to managers
    ],
)
def test_bad_filter_input_gives_a_message_and_keeps_the_filters(client, manager, query):
    client.force_login(manager)
    for name in (
        "dashboard:dashboard",
        "dashboard:export_csv",
        "dashboard:export_xlsx",
        "dashboard:report",
        "dashboard:report_pdf",
    ):
        response = client.get(reverse(name), query)
        assert response.status_code == 400, (name, query)
        text = response.content.decode()
        assert "error-summary" in text
        value = next(iter(query.values()))
        assert f'value="{value}"' in text or "selected" in text or name != "dashboard:dashboard"


def test_a_track_must_belong_to_the_chosen_employer(client, manager, data):
    client.force_login(manager)
    ok = client.get(URL, {"employer": data["track_a"].employer_id, "track": data["track_a"].pk})
    assert ok.status_code == 200
    assert ok.context["dashboard"].filters.track == data["track_a"]
    wrong = client.get(URL, {"employer": data["track_b"].employer_id, "track": data["track_a"].pk})
    assert wrong.status_code == 400


def test_income_support_target_group_only_for_municipal_staff(
    client, manager, municipal_coordinator
):
    client.force_login(municipal_coordinator)
    response = client.get(URL, {"target_group": "income_support", "by": "income_support"})
    assert response.status_code == 200
    client.force_login(manager)
    assert "income_support" not in client.get(URL).content.decode()


def test_excel_export_has_the_suppressed_figures(client, manager, data):
    client.force_login(manager)
    response = client.get(reverse("dashboard:export_xlsx"), {"year": "2025"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    placement = next(row for row in values if row[1] and str(row[1]).startswith("Placeringsgrad"))
    assert placement[2:7] == [6, 8, 75.0, 40.9, 92.9]
    employed_6 = [row for row in values if row[0] == "Uppföljning efter 6 månader"]
    assert [str(employed_6[1][2]), str(employed_6[1][3])] == ["<5", "8"]
    assert any("2025" in str(row[0]) for row in values[:5])  # the filters are written down


def test_a_views_workbook_is_written_once_per_snapshot_and_language(
    client, manager, data, monkeypatch
):
    """The Excel file is kept while the view's figures are the same: asked again it is the same
    file, not written again; in English, for other filters or from a new snapshot it is
    written anew (and says so)."""
    from dashboard import exports
    from dashboard.models import DashboardSnapshot

    written = []
    real = exports.as_xlsx

    def as_xlsx(dashboard, *, filter_summary):
        written.append((dashboard.computed_at, tuple(filter_summary)))
        return real(dashboard, filter_summary=filter_summary)

    monkeypatch.setattr(exports, "as_xlsx", as_xlsx)
    client.force_login(manager)
    url = reverse("dashboard:export_xlsx")

    def cell(response, start):
        sheet = load_workbook(io.BytesIO(response.content)).active
        return next(str(c.value) for c in sheet["A"] if str(c.value or "").startswith(start))

    first = client.get(url, {"year": "2025"})
    again = client.get(url, {"year": "2025"})
    assert first.content == again.content and len(written) == 1
    assert cell(first, "Filter:")
    english = client.get(url, {"year": "2025"}, HTTP_ACCEPT_LANGUAGE="en")
    assert cell(english, "Filters:") and len(written) == 2
    assert client.get(url, {"year": "2024"}).status_code == 200 and len(written) == 3
    DashboardSnapshot.objects.all().delete()  # the figures computed anew
    assert client.get(url, {"year": "2025"}).status_code == 200
    assert len(written) == 4 and written[3][0] > written[0][0]


def test_the_kept_workbook_is_the_languages_own(data, monkeypatch):
    """The same view and filters in words, in another language or time zone, is another file."""
    from django.utils import timezone, translation

    from dashboard import exports
    from dashboard.outcomes import Filters
    from dashboard.snapshots import dashboard_for

    written = []
    real = exports.as_xlsx
    monkeypatch.setattr(
        exports, "as_xlsx", lambda *args, **kwargs: written.append(1) or real(*args, **kwargs)
    )
    dashboard = dashboard_for(Filters(), "gender")
    files = {}
    for language, zone in (("sv", "Europe/Stockholm"), ("en", "Europe/Stockholm"), ("sv", "UTC")):
        with translation.override(language), timezone.override(zone):
            for _ in range(2):
                files[language] = exports.kept_xlsx(dashboard, filter_summary=["Samma"])
    assert len(written) == 3 and files["sv"] != files["en"]


def test_csv_export(client, manager, data):
    client.force_login(manager)
    response = client.get(reverse("dashboard:export_csv"))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    funnel = {row[1]: row[2] for row in rows if row[0] == "Tratt"}
    assert funnel["Nominerad"] == "15"
    assert "<5" in funnel.values()


def test_report_print_page_and_pdf(client, manager, data):
    client.force_login(manager)
    page = client.get(reverse("dashboard:report"), {"year": "2025"})
    assert page.status_code == 200
    assert "Styrgruppsrapport" in page.content.decode()
    assert "<canvas" not in page.content.decode()
    pdf = client.get(reverse("dashboard:report_pdf"), {"year": "2025"})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Placeringsgrad" in text and "6 av 8" in text
    root = PdfReader(io.BytesIO(pdf.content)).trailer["/Root"]  # tagged (PDF/UA-1)
    assert "/StructTreeRoot" in root and root["/Lang"] == "sv"


def test_the_employer_is_found_by_name_part_or_organisation_number(client, manager, data):
    employer = data["track_a"].employer
    client.force_login(manager)
    by_number = client.get(URL, {"employer": employer.organisation_number.replace("-", "")})
    assert by_number.status_code == 200
    assert by_number.context["dashboard"].filters.employer == employer
    shown = f"{employer.name} ({employer.organisation_number})"
    assert f'value="{shown}"' in by_number.content.decode()
    for text in (employer.name.upper(), shown, str(employer.pk)):
        response = client.get(URL, {"employer": text})
        assert response.status_code == 200, text
        assert response.context["dashboard"].filters.employer == employer


def test_an_unknown_or_ambiguous_employer_is_explained_and_the_input_kept(client, manager, data):
    from tests.employers.factories import EmployerFactory

    EmployerFactory(name="Snickeri Norr AB")
    EmployerFactory(name="Snickeri Syd AB")
    client.force_login(manager)
    unknown = client.get(URL, {"employer": "Finns Inte AB", "year": "2025"})
    assert unknown.status_code == 400
    text = unknown.content.decode()
    assert "Ingen arbetsgivare matchar" in text
    assert 'value="Finns Inte AB"' in text and 'value="2025"' in text
    several = client.get(URL, {"employer": "snickeri"})
    assert several.status_code == 400
    text = several.content.decode()
    assert "Snickeri Norr AB" in text and "Snickeri Syd AB" in text
    assert client.get(URL, {"employer": "Snickeri Norr"}).status_code == 200


def test_amounts_have_swedish_thousands_separators(client, manager, data):
    client.force_login(manager)
    text = client.get(URL).content.decode()
    assert "400\xa0000 kr" in text  # the tracks' funding, a non-breaking space between


def test_csv_has_decimal_commas_for_swedish_excel(client, manager, data):
    client.force_login(manager)
    response = client.get(reverse("dashboard:export_csv"), {"year": "2025"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    placement = next(row for row in rows if row[1].startswith("Placeringsgrad"))
    assert placement[2:7] == ["6", "8", "75,0", "40,9", "92,9"]


def test_exports_are_named_after_their_filters(client, manager, data):
    client.force_login(manager)
    scope = "arbetsformedlingen-malmo-stad"  # the manager's partnership
    query = {"year": "2025", "nominating_organisation": data["malmo"].pk}
    for name, extension in (("export_xlsx", "xlsx"), ("export_csv", "csv")):
        response = client.get(reverse(f"dashboard:{name}"), query)
        assert response["Content-Disposition"] == (
            f'attachment; filename="jobbspar-utfall-{scope}-2025-malmo-stad-test.{extension}"'
        )
    report = client.get(reverse("dashboard:report_pdf"), {"year": "2025"})
    assert report["Content-Disposition"] == (
        f'attachment; filename="jobbspar-rapport-{scope}-2025.pdf"'
    )
    everything = client.get(reverse("dashboard:export_csv"))
    assert (
        everything["Content-Disposition"] == f'attachment; filename="jobbspar-utfall-{scope}.csv"'
    )
    # The manager's own partnership is the default view, and names the file.
    country = client.get(reverse("dashboard:export_csv"), {"scope": "country"})
    assert (
        country["Content-Disposition"] == 'attachment; filename="jobbspar-utfall-hela-landet.csv"'
    )
