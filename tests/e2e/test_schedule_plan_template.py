"""A coordinator builds the pilot from its plan template in the browser (27 weeks, 10 APL weeks
in parallel with training, yrkessvenska alongside) and reads the calendar over Ascension Day;
axe on every page."""

import datetime as dt

import pytest

from tests.browser import assert_no_axe_violations, login
from tests.employers.factories import ensure_occupations
from tests.jobbspar.factories import TEST_PASSWORD
from tests.tracks.factories import TrackFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Monday 12 January 2026: the APL weeks (18–27) begin on 11 May, the week of Ascension Day
# (Thursday 14 May).
START = dt.date(2026, 1, 12)


def test_a_coordinator_builds_the_pilot_from_the_template(page, af_coordinator):
    ensure_occupations()
    track = TrackFactory(name="Kombinationsutbildning lager", start_date=START, weeks=27)
    login(page, af_coordinator.username, TEST_PASSWORD)
    page.goto(f"{page.base_url}/schedule/tracks/{track.pk}/")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Använd en planmall").click()
    page.wait_for_load_state()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Använd mallen").click()
    page.wait_for_load_state()
    # Nothing chosen: a clear message, and the page stays accessible.
    assert "Välj en av planmallarna" in page.locator("main").inner_text()
    assert_no_axe_violations(page)
    page.get_by_label("Kombinationsutbildning 27 veckor (10 veckor APL)").check()
    page.get_by_role("button", name="Använd mallen").click()
    page.wait_for_load_state()
    main = page.locator("main").inner_text()
    assert "lade till 5 delar" in main
    for name in ("Introduktionsvecka", "Yrkesutbildning parallellt med APL", "Yrkessvenska"):
        assert name in main
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Veckovy").click()
    page.wait_for_load_state()
    page.get_by_label("Gå till veckan med dagen").fill("2026-05-11")
    page.get_by_role("button", name="Visa", exact=True).click()
    page.wait_for_load_state()
    assert_no_axe_violations(page)

    def day(heading):
        return page.locator("section", has=page.get_by_role("heading", name=heading)).inner_text()

    assert "Yrkesutbildning parallellt med APL" in day("Måndag 11/5")
    assert "13:00–16:00" in day("Tisdag 12/5")
    assert "Inga pass" in day("Torsdag 14/5")  # Ascension Day
    friday = day("Fredag 15/5")
    assert "Arbetsplatsförlagt lärande (APL)" in friday and "07:00–16:00" in friday
    assert "Yrkesutbildning" not in friday

    page.get_by_role("link", name="Lista över pass").click()
    page.wait_for_load_state()
    # 5 introduction days, 77 training days (less Good Friday, Easter Monday and 1 May), 30
    # training days beside APL, 26 Tuesday afternoons of yrkessvenska and 18 APL days (less
    # Ascension Day and Midsummer Eve).
    assert "156 pass, helgdagar överhoppade" in page.locator("caption").inner_text()
    assert_no_axe_violations(page)
