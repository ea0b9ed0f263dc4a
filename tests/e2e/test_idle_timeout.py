"""WCAG 2.2.1: a warning before the idle timeout, a way to stay signed in, and a clear ending."""

import pytest

from tests.browser import assert_no_axe_violations, login
from tests.jobbspar.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_warning_appears_and_stay_signed_in_renews_the_session(page, settings, employer_user):
    settings.SESSION_COOKIE_AGE = 8
    settings.SESSION_IDLE_WARNING_SECONDS = 5
    login(page, "employer", TEST_PASSWORD)
    assert page.title() == "Start – Jobbspår"
    dialog = page.get_by_role("dialog", name="Du loggas snart ut")
    dialog.wait_for(state="visible", timeout=6_000)
    stay = dialog.get_by_role("button", name="Fortsätt vara inloggad")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == (
        "Fortsätt vara inloggad"
    )
    assert_no_axe_violations(page)
    stay.click()
    dialog.wait_for(state="hidden")
    # Past the original 8 seconds: the session lives on because "stay signed in" renewed it.
    page.wait_for_timeout(5_500)
    page.goto(page.base_url + "/")
    assert page.title() == "Start – Jobbspår"


def test_when_time_runs_out_the_user_lands_on_the_login_page_with_a_message(
    page, settings, employer_user
):
    settings.SESSION_COOKIE_AGE = 6
    settings.SESSION_IDLE_WARNING_SECONDS = 5
    login(page, "employer", TEST_PASSWORD)
    page.get_by_role("dialog", name="Du loggas snart ut").wait_for(state="visible")
    page.wait_for_url("**/accounts/login/?timed_out=1", timeout=10_000)
    assert page.get_by_role("status").filter(has_text="Du loggades ut").is_visible()
    assert_no_axe_violations(page)
    page.goto(page.base_url + "/")
    assert "/accounts/login/" in page.url


def test_activity_in_another_tab_keeps_this_tab_from_warning_and_signing_out(
    page, settings, employer_user
):
    settings.SESSION_COOKIE_AGE = 8
    settings.SESSION_IDLE_WARNING_SECONDS = 5
    login(page, "employer", TEST_PASSWORD)
    other = page.context.new_page()
    page.wait_for_timeout(2_000)
    other.goto(page.base_url + "/accessibility/")  # a request in the other tab, 2 s later
    page.wait_for_timeout(1_500)  # 3.5 s after this tab loaded: past its own warning time
    dialog = page.get_by_role("dialog", name="Du loggas snart ut")
    assert not dialog.is_visible()
    other_dialog = other.get_by_role("dialog", name="Du loggas snart ut")
    other_dialog.wait_for(state="visible", timeout=6_000)
    dialog.wait_for(state="visible", timeout=2_000)
    other_dialog.get_by_role("button", name="Fortsätt vara inloggad").click()
    dialog.wait_for(state="hidden", timeout=2_000)  # closed here too: the session was renewed
    assert page.url.endswith("/")
