"""A coordinator's journey through the employer side, with axe on every page visited:
register an employer, record a need, build a requirement profile (one required, one trained
criterion), book a planning meeting and download its invitation, draft and confirm the
agreement, and open its PDF."""

import io
from pathlib import Path

import icalendar
import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from employers.models import Agreement, AgreementStatus, Criterion, Employer
from tests.browser import assert_no_axe_violations, login
from tests.employers.factories import EmployerFactory, ensure_occupations
from tests.jobbspar.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _save(page, name="Spara"):
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def test_coordinator_journey_from_employer_to_agreement_pdf(page, af_coordinator):
    ensure_occupations()
    login(page, "af.coordinator", TEST_PASSWORD)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name="Arbetsgivare"
    ).click()
    assert page.title() == "Arbetsgivare – Jobbspår"
    assert_no_axe_violations(page)

    # Register the employer; a wrong check digit is explained and nothing is lost.
    page.get_by_role("link", name="Registrera arbetsgivare").click()
    assert_no_axe_violations(page)
    page.get_by_label("Namn").fill("Vårdbolaget Väster AB")
    page.get_by_label("Organisationsnummer").fill("556677-8898")
    page.get_by_label("Sektor").select_option("private")
    page.get_by_label("Arbetsplatser").fill("Boendet Väster, Västra Hamnen, Malmö")
    _save(page)
    assert page.get_by_role("alert").get_by_text("fel kontrollsiffra").count() == 1
    assert page.get_by_label("Namn").input_value() == "Vårdbolaget Väster AB"
    assert_no_axe_violations(page)
    page.get_by_label("Organisationsnummer").fill("5566778899")
    _save(page)
    assert page.get_by_role("heading", level=1).inner_text() == "Vårdbolaget Väster AB"
    assert page.get_by_text("556677-8899").count() == 1
    assert_no_axe_violations(page)

    # A contact person.
    page.get_by_role("link", name="Lägg till kontaktperson").click()
    page.get_by_label("Namn").fill("Eva Holm")
    page.get_by_label("Roll").fill("Verksamhetschef")
    page.get_by_label("E-post").fill("eva.holm@example.org")
    page.get_by_label("Telefon").fill("040-123 45 67")
    assert_no_axe_violations(page)
    _save(page)

    # Record the need, finding the occupation with the server-side search.
    page.get_by_role("link", name="Registrera rekryteringsbehov").click()
    page.get_by_label("Sök yrken på namn eller kod").fill("hemtjänst")
    page.get_by_role("button", name="Begränsa yrkeslistan").click()
    page.wait_for_load_state()
    assert_no_axe_violations(page)
    page.get_by_label("Yrke (SSYK 2012)").select_option(
        label="5321 Undersköterskor, hemtjänst, hemsjukvård och äldreboende"
    )
    page.get_by_label("Antal tjänster").fill("6")
    page.get_by_label("Önskad start").fill("2030-09-01")
    page.get_by_label("Tidshorisont").select_option("6_months")
    page.get_by_label("Anställningsform").select_option("permanent")
    page.get_by_label("Arbetstid").select_option("shifts")
    page.get_by_label("Skiftarbete").check()
    _save(page)
    assert "Rekryteringsbehov: Undersköterskor" in page.get_by_role("heading", level=1).inner_text()
    assert_no_axe_violations(page)

    # The requirement profile: one criterion required at selection, one trained in the track.
    page.get_by_role("link", name="Öppna kravprofilen").click()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Lägg till krav").click()
    assert_no_axe_violations(page)
    page.get_by_label("Typ av krav").select_option("swedish")
    assert page.get_by_label("Certifikat").is_hidden()  # only the chosen kind's fields show
    page.get_by_label("Svenskanivå").select_option("sfi_c")
    page.get_by_label("Krav vid urval").check()
    _save(page, "Lägg till krav")
    page.get_by_role("link", name="Lägg till krav").click()
    page.get_by_label("Typ av krav").select_option("certificate")
    page.get_by_label("Certifikat").select_option("delegation")
    page.get_by_label("Tränas under spåret").check()
    page.get_by_label("Vikt").fill("4")
    _save(page, "Lägg till krav")
    table = page.get_by_role("table", name="Krav, version 1")
    assert table.get_by_text("Krav vid urval").count() == 1
    assert table.get_by_text("Tränas under spåret").count() == 1
    assert_no_axe_violations(page)
    assert set(Criterion.objects.values_list("mode", flat=True)) == {"required", "trained"}

    # Book a planning meeting for the need and download its invitation.
    page.get_by_role(
        "link",
        name="Undersköterskor, hemtjänst, hemsjukvård och äldreboende, Vårdbolaget Väster AB",
    ).click()
    page.get_by_role("link", name="Boka avstämningsmöte").click()
    assert_no_axe_violations(page)
    page.get_by_label("Rubrik").fill("Första avstämning")
    page.get_by_label("Börjar").fill("2030-03-27T09:00")
    page.get_by_label("Slutar").fill("2030-03-27T10:00")
    page.get_by_label("Plats").fill("Boendet Väster")
    page.get_by_label("Eva Holm (Verksamhetschef)").check()
    _save(page)
    assert page.get_by_role("heading", level=1).inner_text() == "Första avstämning"
    assert_no_axe_violations(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Ladda ner kallelse (.ics)").click()
    calendar = icalendar.Calendar.from_ical(Path(download_info.value.path()).read_bytes())
    (event,) = calendar.walk("VEVENT")
    assert event["DTSTART"].params["TZID"] == "Europe/Stockholm"
    assert event.decoded("DTSTART").hour == 9

    # Draft the agreement, confirm it for every party, and open the PDF.
    page.get_by_role("link", name="Undersköterskor, hemtjänst, hemsjukvård och äldreboende").click()
    page.get_by_role("link", name="Skriv utkast till överenskommelse").click()
    assert_no_axe_violations(page)
    page.get_by_label("Antal handledare").fill("2")
    page.get_by_label("Arbetsförmedlingen åtar sig att").fill("Identifiera kandidater")
    page.get_by_label("Kommunen åtar sig att").fill("Jobbcoachning under spåret")
    page.get_by_label("Mötesfrekvens").fill("Varannan vecka")
    _save(page)
    assert page.get_by_role("heading", level=1).inner_text() == "Överenskommelse, version 1"
    assert_no_axe_violations(page)
    for party, name in [
        ("Arbetsgivare", "Eva Holm, verksamhetschef"),
        ("Arbetsförmedlingen", "Rosa Gustafsson, samordnare"),
        ("Kommun", "Sara Franck, samordnare"),
    ]:
        page.get_by_label("Part").select_option(label=party)
        page.get_by_label("Bekräftad av (namn och titel)").fill(name)
        _save(page, "Registrera bekräftelse")
    assert page.get_by_role("status").get_by_text("Överenskommen").count() == 1
    assert_no_axe_violations(page)
    assert Agreement.objects.get().status == AgreementStatus.AGREED

    page.get_by_role("link", name="Utskriftsversion").click()
    assert_no_axe_violations(page)
    page.go_back()
    pdf_url = page.get_by_role("link", name="Öppna som PDF").get_attribute("href")
    response = page.request.get(page.base_url + pdf_url)
    assert response.headers["content-type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(response.body())).pages
    text = " ".join(" ".join(p.extract_text().split()) for p in pages)
    assert "Överenskommelse om lokalt jobbspår – Vårdbolaget Väster AB" in text
    assert "Eva Holm, verksamhetschef" in text
    assert Employer.objects.get().changes.count() >= 8


def test_occupation_search_narrows_the_list_as_you_type(page, af_coordinator):
    ensure_occupations()
    employer = EmployerFactory()
    login(page, "af.coordinator", TEST_PASSWORD)
    page.goto(f"{page.base_url}/employers/{employer.pk}/needs/new/")
    page.get_by_label("Sök yrken på namn eller kod").fill("spårvagn")
    expect(page.locator("#occupation-count")).to_have_text("1 yrke matchar.")
    options = page.get_by_label("Yrke (SSYK 2012)").locator("option").all_inner_texts()
    assert options == ["---------", "8331 Buss- och spårvagnsförare"]
    assert_no_axe_violations(page)
