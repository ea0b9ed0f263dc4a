"""Each demo role signs in through the real login form and gets an accessible start page."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from jobbspar.demo import DEMO_PASSWORD
from jobbspar.demo import seed as seed_demo
from jobbspar.models import Notification
from tests.browser import assert_no_axe_violations, login
from tests.jobbspar.factories import TEST_PASSWORD, meeting_reminder

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLES = ["samordnare.af", "samordnare.malmo", "jobbcoach", "arbetsgivare", "chef", "admin"]


def test_login_page_is_accessible(page):
    page.goto(page.base_url + "/accounts/login/")
    assert page.title() == "Logga in – Jobbspår"
    assert_no_axe_violations(page)


def test_every_demo_role_signs_in_to_an_accessible_start_page(page, settings):
    settings.DEMO_MODE = True
    seed_demo()
    for username in ROLES:
        login(page, username, DEMO_PASSWORD)
        assert page.title() == "Start – Jobbspår", username
        assert page.get_by_role("heading", level=1).inner_text().startswith("Välkommen")
        assert_no_axe_violations(page)
        page.get_by_role("button", name="Logga ut").click()
        page.wait_for_url("**/accounts/login/")


def test_skip_link_moves_focus_to_main_content(page, settings, af_coordinator):
    login(page, "af.coordinator", "correct-horse-battery-staple")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.textContent.trim()")
    assert focused == "Hoppa till huvudinnehållet"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"


def test_language_switch_to_english_and_back(page):
    page.goto(page.base_url + "/accounts/login/")
    page.get_by_role("button", name="English").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Sign in to Jobbspår"
    assert page.evaluate("() => document.documentElement.lang") == "en"
    page.get_by_role("button", name="Svenska").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Logga in på Jobbspår"


def test_more_than_99_unread_read_99_plus_on_a_phone(phone_page, af_coordinator):
    """Past 99 unread notifications the header's badge reads "99+" and a screen reader hears
    "fler än 99 olästa", in the opened menu on a 320 px phone, with no axe violation."""
    now = timezone.now()
    Notification.objects.bulk_create(
        meeting_reminder(af_coordinator, n, send_after=now) for n in range(120)
    )
    login(phone_page, "af.coordinator", TEST_PASSWORD)
    phone_page.get_by_role("button", name="Visa meny").click()
    link = phone_page.get_by_role("link", name="Aviseringar fler än 99 olästa")
    expect(link).to_be_visible()
    expect(link.locator(".badge")).to_have_text("99+ fler än 99 olästa")
    box = link.locator(".badge").bounding_box()
    assert box is not None and box["x"] + box["width"] <= 320
    assert_no_axe_violations(phone_page)
