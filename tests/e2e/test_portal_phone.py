"""The employer portal on a 320 px phone: the employer signs in, reviews the candidates, selects
two, reserves one, declines one with a reason, later records a job offer; the coordinator sees
the decisions in the pool. axe on every page; no horizontal scrolling."""

import pytest
from django.utils import translation
from playwright.sync_api import expect

from tests.browser import assert_no_axe_violations, login
from tests.employers.factories import ensure_occupations
from tests.jobbspar.factories import TEST_PASSWORD
from tests.portal.factories import portal_track
from tracks.models import State

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _check(page) -> None:
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320, page.url
    assert_no_axe_violations(page)


def _decide(page, pseudonym: str, choice: str, fill=None, check: bool = False) -> None:
    page.get_by_role("link", name=f"Besluta – {pseudonym}").click()
    page.wait_for_load_state()
    if check:
        _check(page)
    page.get_by_label(choice, exact=True).check()
    if fill:
        fill(page)
    page.get_by_role("button", name="Fortsätt").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bekräfta ert beslut")
    if check:
        _check(page)
    page.get_by_role("button", name="Bekräfta", exact=True).click()
    page.wait_for_load_state()
    expect(page.get_by_text(f"Ert beslut om {pseudonym} är sparat")).to_be_visible()


def test_employer_selects_on_a_phone_and_the_coordinator_sees_it(
    phone_page, page, employer_user, af_coordinator
):
    ensure_occupations()
    track, members = portal_track(
        organisation=employer_user.organisation,
        coordinator=af_coordinator,
        presented=4,
        completed=1,
        name="Undersköterskor Söder",
    )
    with translation.override("sv"):
        pseudonyms = [str(m.pseudonym) for m in members if m.state == State.PRESENTED]
    completed = next(m for m in members if m.state == State.COMPLETED)

    phone = phone_page
    login(phone, "employer", TEST_PASSWORD)
    phone.goto(phone.base_url + "/portal/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Era jobbspår")
    _check(phone)
    phone.get_by_role("link", name="Välj era deltagare senast").click()
    phone.wait_for_load_state()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Kandidater")
    _check(phone)
    for member in members:
        if member.state == State.PRESENTED:
            expect(phone.locator("main")).not_to_contain_text(member.participant.name)

    _decide(phone, pseudonyms[0], "Välj ut", check=True)
    _decide(phone, pseudonyms[1], "Välj ut")
    _decide(phone, pseudonyms[2], "Reserv")

    def decline(p):
        p.get_by_label("Skäl till att ni tackar nej").select_option(
            label="Kan inte arbeta de tider jobbet kräver"
        )
        p.get_by_label("Kommentar (frivillig)").fill("Tjänsten kräver nattpass.")

    _decide(phone, pseudonyms[3], "Tacka nej", fill=decline)
    _check(phone)
    expect(phone.locator("main")).to_contain_text("Ni har valt ut 2 kandidater hittills")

    # Later: the participant who completed gets a job offer.
    phone.get_by_role("link", name=track.name).click()
    phone.wait_for_load_state()
    _check(phone)
    name = completed.participant.name
    phone.get_by_role("link", name=f"Registrera ett jobberbjudande ({name})").click()
    phone.wait_for_load_state()
    _check(phone)
    phone.get_by_label("Anställningsform").select_option(label="Tillsvidareanställning")
    phone.get_by_label("Anställningen börjar").fill("2027-02-01")
    phone.get_by_label("Timmar per vecka").fill("37.5")
    phone.get_by_label("Nystartsjobb").check()
    phone.get_by_role("button", name="Spara jobberbjudandet").click()
    phone.wait_for_load_state()
    expect(phone.locator("main")).to_contain_text("Jobberbjudandet till")
    _check(phone)
    completed.refresh_from_db()
    assert completed.state == State.OFFERED
    assert completed.offer_subsidy == "nystartsjobb"

    # The coordinator sees the decisions in the pool at once.
    login(page, "af.coordinator", TEST_PASSWORD)
    page.goto(page.base_url + track.get_absolute_url())
    board = page.locator("#board")
    expect(board.get_by_text("Arbetsgivarens beslut:")).to_have_count(4)
    expect(board).to_contain_text("Kan inte arbeta de tider jobbet kräver")
    assert_no_axe_violations(page)
