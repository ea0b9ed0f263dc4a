"""The employer on a 320 px phone subscribes to a track's APL days: from the page "APL-dagar"
to the explanation, the address shown once, fetched by a calendar program without signing in,
and revoked. axe on every page; no horizontal scrolling; tap targets of at least 44 px."""

import urllib.error
import urllib.request

import icalendar
import pytest
from playwright.sync_api import expect

from schedule.models import CalendarFeed, StrandKind
from tests.browser import assert_no_axe_violations, login
from tests.e2e.portal_layout import assert_tap_targets
from tests.employers.factories import ensure_occupations
from tests.jobbspar.factories import TEST_PASSWORD
from tests.portal.factories import employer_of
from tests.schedule.factories import StrandFactory, weekly
from tests.tracks.factories import TrackFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _check(page) -> None:
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320, page.url
    assert_tap_targets(page)
    assert_no_axe_violations(page)


def _fetch(url: str) -> tuple[int, bytes]:
    """As a calendar program: no cookie, no sign-in."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - the test server
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def test_an_employer_subscribes_to_the_apl_days_and_revokes_the_address(phone_page, employer_user):
    ensure_occupations()
    track = TrackFactory(employer=employer_of(employer_user.organisation), name="Lager Hamnen")
    apl = StrandFactory(
        track=track, kind=StrandKind.APL, name="", responsible="employer", place="Lagret"
    )
    weekly(apl, [3, 4], "07:00", "16:00")

    page = phone_page
    login(page, "employer", TEST_PASSWORD)
    page.goto(page.base_url + "/schedule/employer/apl/")
    page.get_by_role(
        "link", name="Prenumerera på APL-dagarna i Lager Hamnen i din kalender"
    ).click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Prenumerera på kalendern för Lager Hamnen"
    )
    _check(page)
    page.get_by_role("button", name="Skapa adressen").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dina kalenderprenumerationer")
    address = page.get_by_label("Kalenderadress").input_value()
    _check(page)

    status, body = _fetch(address)
    assert status == 200
    events = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert events and {e.decoded("dtstart").weekday() for e in events} == {3, 4}

    # Shown once: after a reload the address is gone from the page.
    page.reload()
    expect(page.get_by_label("Kalenderadress")).to_have_count(0)
    page.get_by_role("link", name="Återkalla adressen för Lager Hamnen").click()
    page.wait_for_load_state()
    _check(page)
    page.get_by_role("button", name="Ja, återkalla").click()
    page.wait_for_load_state()
    expect(
        page.get_by_text("Kalenderadressen för Lager Hamnen fungerar inte längre.")
    ).to_be_visible()
    expect(page.get_by_text("Du har ingen kalenderprenumeration.")).to_be_visible()
    _check(page)
    assert _fetch(address)[0] == 404
    assert CalendarFeed.objects.get().revoked_at is not None
