"""An AF coordinator registers a participant and shares them with the municipality by consent;
after withdrawal the municipal coordinator can no longer find them. axe on every page."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from jobbspar.identity import format_personal_number
from participants.identities import personal_number_for
from tests.browser import assert_no_axe_violations, login
from tests.jobbspar.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NUMBER = personal_number_for(dt.date(1991, 6, 14), 321)
WRONG = NUMBER[:-1] + str((int(NUMBER[-1]) + 1) % 10)  # a wrong check digit


def _sign_out(page):
    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_url("**/accounts/login/")


def _search(page, query):
    page.get_by_role("link", name="Deltagare", exact=True).first.click()
    expect(page).to_have_title("Deltagare – Jobbspår")
    page.get_by_label("Namn, personnummer eller telefon").fill(query)
    page.get_by_role("button", name="Sök", exact=True).click()
    page.wait_for_url("**q=**")  # htmx swaps the results in and then updates the address
    assert_no_axe_violations(page)


def test_register_share_find_and_withdraw(page, af_coordinator, municipal_coordinator):
    login(page, "af.coordinator", TEST_PASSWORD)
    page.get_by_role("link", name="Deltagare", exact=True).first.click()
    assert_no_axe_violations(page)

    # Register, first with a mistyped number: the error summary and the field say why.
    page.get_by_role("link", name="Registrera en deltagare").click()
    assert_no_axe_violations(page)
    page.locator("#id_personal_number").fill(WRONG[2:8] + "-" + WRONG[8:])
    page.locator("#id_name").fill("Yonas Tesfaye")
    page.locator("#id_phone").fill("070-765 43 21")
    page.get_by_role("button", name="Registrera").click()
    assert page.locator("#error-summary").is_visible()
    assert "fel kontrollsiffra" in page.locator("#error-summary").inner_text()
    assert page.locator("#id_name").input_value() == "Yonas Tesfaye"
    assert_no_axe_violations(page)
    page.locator("#id_personal_number").fill(NUMBER[2:8] + "-" + NUMBER[8:])
    page.get_by_role("button", name="Registrera").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Yonas Tesfaye"
    assert format_personal_number(NUMBER) in page.locator("main").inner_text()
    assert_no_axe_violations(page)

    # Background.
    page.get_by_role("link", name="Ändra bakgrund").click()
    assert_no_axe_violations(page)
    page.locator("#id_swedish_level").select_option(label="SFI kurs D")
    page.get_by_label("B (personbil)").check()
    page.get_by_role("button", name="Spara").click()
    assert "SFI kurs D" in page.locator("#background").inner_text()
    assert_no_axe_violations(page)

    # A case note.
    page.get_by_role("link", name="Skriv en journalanteckning").click()
    assert_no_axe_violations(page)
    page.locator("#id_kind").select_option(label="Möte")
    page.locator("#id_text").fill("Inskrivningssamtal, intresserad av bussförarjobb.")
    page.get_by_role("button", name="Spara anteckningen").click()
    assert "Inskrivningssamtal" in page.locator("#notes").inner_text()
    assert_no_axe_violations(page)

    # Consent to share with the municipality.
    page.get_by_role("link", name="Registrera samtycke till delning").click()
    assert_no_axe_violations(page)
    page.locator("#id_shared_with").select_option(label="Malmö stad")
    page.get_by_label("Skriftligt").check()
    page.get_by_role("button", name="Registrera samtycke").click()
    assert "Gäller" in page.locator("#consents").inner_text()
    assert_no_axe_violations(page)
    detail_url = page.url
    _sign_out(page)

    # The municipal coordinator now finds the participant.
    login(page, "malmo.coordinator", TEST_PASSWORD)
    _search(page, NUMBER)
    expect(page.locator("#hit-count")).to_have_text("1 träff")
    page.get_by_role("link", name="Yonas Tesfaye").click()
    assert "Inskrivningssamtal" in page.locator("#notes").inner_text()
    assert_no_axe_violations(page)
    _sign_out(page)

    # AF records the withdrawal; it takes effect at once.
    login(page, "af.coordinator", TEST_PASSWORD)
    page.goto(detail_url)
    page.get_by_role("link", name="Återkalla Malmö stad").click()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Återkalla samtycket").click()
    assert "Återkallat" in page.locator("#consents").inner_text()
    assert_no_axe_violations(page)
    _sign_out(page)

    login(page, "malmo.coordinator", TEST_PASSWORD)
    _search(page, NUMBER)
    expect(page.locator("#hit-count")).to_have_text("0 träffar")
    response = page.goto(detail_url)
    assert response.status == 404
    assert_no_axe_violations(page)
