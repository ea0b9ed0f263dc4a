"""An employer records a job offer for a participant in APL on a 320 px phone: the link on the
track page, the offer form (a bad hours value first, then a subsidised job), the participant's
page showing the offer; then the employer withdraws it with a reason. axe on every page; no
horizontal scrolling."""

import pytest
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


def test_employer_offers_a_job_during_apl_on_a_phone(phone_page, employer_user, af_coordinator):
    ensure_occupations()
    track, members = portal_track(
        organisation=employer_user.organisation,
        coordinator=af_coordinator,
        presented=1,
        selected=1,
        name="Undersköterskor Söder",
    )
    in_apl = next(m for m in members if m.state == State.IN_APL)
    name = in_apl.participant.name

    phone = phone_page
    login(phone, "employer", TEST_PASSWORD)
    phone.goto(phone.base_url + f"/portal/tracks/{track.pk}/")
    _check(phone)
    phone.get_by_role("link", name=f"Registrera ett jobberbjudande ({name})").click()
    phone.wait_for_load_state()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Registrera ett jobberbjudande")
    _check(phone)
    phone.get_by_label("Anställningsform").select_option(label="Tillsvidareanställning")
    phone.get_by_label("Introduktionsjobb").check()
    phone.get_by_label("Anställningen börjar").fill("2027-02-01")
    phone.get_by_label("Timmar per vecka").fill("80")
    phone.get_by_role("button", name="Spara jobberbjudandet").click()
    phone.wait_for_load_state()
    assert phone.locator(".alert-danger, [role=alert]").first.is_visible()
    _check(phone)
    phone.get_by_label("Timmar per vecka").fill("37.5")
    phone.get_by_role("button", name="Spara jobberbjudandet").click()
    phone.wait_for_load_state()
    expect(phone.locator("main")).to_contain_text("Jobberbjudandet till")
    expect(phone.locator("main")).to_contain_text("introduktionsjobb")
    _check(phone)
    in_apl.refresh_from_db()
    assert (in_apl.state, in_apl.offer_subsidy) == (State.OFFERED, "introduktionsjobb")
    assert in_apl.completed_on is None

    # Later the employer withdraws the offer, with a reason.
    phone.get_by_role("link", name="Återta jobberbjudandet").click()
    phone.wait_for_load_state()
    _check(phone)
    phone.get_by_label("Varför återtas erbjudandet?").fill("Tjänsten drogs in.")
    phone.get_by_role("button", name="Återta jobberbjudandet").click()
    phone.wait_for_load_state()
    expect(phone.locator("main")).to_contain_text("Arbetsgivaren återtog erbjudandet den")
    _check(phone)
    in_apl.refresh_from_db()
    assert (in_apl.state, in_apl.reason) == (State.OFFER_WITHDRAWN, "Tjänsten drogs in.")
