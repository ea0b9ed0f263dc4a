"""The two-step sign-in in a real browser: enrolment, recovery codes and the code page, with axe."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.browser import assert_no_axe_violations
from tests.jobbspar.factories import TEST_PASSWORD
from tests.otp import code_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in_with_password(page, username):
    page.goto(page.base_url + "/accounts/login/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state()


def test_coordinator_enrols_then_signs_in_with_a_code(page, af_coordinator):
    sign_in_with_password(page, "af.coordinator")
    assert page.title() == "Slå på tvåstegsverifiering – Jobbspår"
    qr = page.get_by_role("img", name="QR-kod för att lägga till Jobbspår")
    assert qr.get_attribute("src").startswith("data:image/svg+xml;base64,")
    assert page.evaluate("() => document.querySelector('img.qr-code').naturalWidth") > 0
    assert_no_axe_violations(page)

    page.locator("#id_code").fill("000000")
    page.get_by_role("button", name="Slå på tvåstegsverifiering").click()
    assert page.get_by_role("alert").filter(has_text="Koden är fel").is_visible()
    assert_no_axe_violations(page)

    secret = page.locator(".secret-key").inner_text().replace(" ", "")
    page.wait_for_timeout(1_100)  # past the one-second throttle after a wrong code
    page.locator("#id_code").fill(code_for(secret))
    page.get_by_role("button", name="Slå på tvåstegsverifiering").click()
    assert page.title() == "Dina reservkoder – Jobbspår"
    assert page.locator(".recovery-codes li").count() == 10
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Jag har sparat koderna – fortsätt").click()
    assert page.title() == "Start – Jobbspår"
    assert TOTPDevice.objects.get(user=af_coordinator).confirmed

    page.get_by_role("button", name="Logga ut").click()
    sign_in_with_password(page, "af.coordinator")
    assert page.title() == "Ange din kod – Jobbspår"
    assert_no_axe_violations(page)
    page.goto(page.base_url + "/")
    assert page.title() == "Ange din kod – Jobbspår"  # nothing else opens before the code
    page.locator("#id_code").fill(code_for(secret, at=__import__("time").time() + 30))
    page.get_by_role("button", name="Fortsätt").click()
    assert page.title() == "Start – Jobbspår"


def test_login_helper_enrols_then_uses_the_same_app_next_time(page, job_coach):
    from tests.browser import login

    login(page, "coach", TEST_PASSWORD)  # enrols through the page
    assert page.title() == "Start – Jobbspår"
    page.get_by_role("button", name="Logga ut").click()
    login(page, "coach", TEST_PASSWORD)  # now asked for a code from the same app
    assert page.title() == "Start – Jobbspår"
