"""Two-factor sign-in: required for staff roles, offered to employer users, enforced everywhere."""

import datetime as dt
import re
import time

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from jobbspar import two_factor
from jobbspar.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET
from jobbspar.demo import seed as seed_demo
from tests.jobbspar.factories import TEST_PASSWORD
from tests.otp import code_for, code_for_device

pytestmark = pytest.mark.django_db

WRONG_CODE_MESSAGE = "Koden är fel eller har gått ut"


def sign_in(client, username, password=TEST_PASSWORD, next_url=None):
    data = {"username": username, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("login"), data, follow=True)


def confirmed_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="App", confirmed=True)


def test_coordinator_without_device_is_sent_to_enrolment_and_cannot_reach_the_start_page(
    af_coordinator,
):
    client = Client()
    response = sign_in(client, "af.coordinator")
    assert response.redirect_chain[-1][0].startswith(reverse("two_factor_setup"))
    for url in [reverse("home"), reverse("password_change"), "/admin/"]:
        blocked = client.get(url)
        assert blocked.status_code == 302, url
        assert blocked["Location"].startswith(reverse("two_factor_setup")), url


@pytest.mark.parametrize("persona", ["municipal_coordinator", "job_coach", "manager", "admin_user"])
def test_every_staff_role_must_enrol(request, persona):
    user = request.getfixturevalue(persona)
    client = Client()
    client.post(reverse("login"), {"username": user.username, "password": TEST_PASSWORD})
    response = client.get(reverse("home"))
    assert response["Location"].startswith(reverse("two_factor_setup"))


def test_exempt_pages_open_before_the_second_factor(af_coordinator):
    client = Client()
    sign_in(client, "af.coordinator")
    for name in ["accessibility", "password_reset", "two_factor_setup"]:
        assert client.get(reverse(name)).status_code == 200, name
    assert client.get(reverse("healthz")).status_code in {200, 503}
    assert client.get("/static/no-such-file.js").status_code == 404  # not sent to enrolment


def test_enrolment_shows_secret_and_qr_code_then_ten_recovery_codes(af_coordinator):
    client = Client()
    sign_in(client, "af.coordinator")
    page = client.get(reverse("two_factor_setup"))
    body = page.content.decode()
    device = TOTPDevice.objects.get(user=af_coordinator, confirmed=False)
    secret = two_factor.secret_base32(device)
    assert re.sub(r"<[^>]+>|\s", "", body).count(secret) == 1  # shown as text, in groups
    assert 'src="data:image/svg+xml;base64,' in body
    assert 'alt="QR-kod' in body
    assert "<script>" not in body and "style=" not in body
    # Reloading shows the same secret: the unconfirmed device is reused.
    client.get(reverse("two_factor_setup"))
    assert TOTPDevice.objects.filter(user=af_coordinator).count() == 1

    response = client.post(
        reverse("two_factor_setup"), {"code": code_for(secret), "next": "/"}, follow=True
    )
    assert response.redirect_chain[-1][0].startswith(reverse("two_factor_recovery_codes"))
    codes = response.context["codes"]
    assert len(codes) == 10 == len(set(codes))
    for code in codes:
        assert code in response.content.decode()
    assert client.get(reverse("home")).status_code == 200
    # The codes are shown once only.
    again = client.get(reverse("two_factor_recovery_codes"))
    assert again.status_code == 302


def test_wrong_enrolment_code_keeps_the_device_unconfirmed(af_coordinator):
    client = Client()
    sign_in(client, "af.coordinator")
    client.get(reverse("two_factor_setup"))
    response = client.post(reverse("two_factor_setup"), {"code": "000000"})
    assert response.status_code == 200
    assert WRONG_CODE_MESSAGE in response.content.decode()
    assert not two_factor.has_device(af_coordinator)
    assert client.get(reverse("home"))["Location"].startswith(reverse("two_factor_setup"))


def test_coordinator_with_device_enters_the_right_code_and_reaches_the_page_asked_for(
    af_coordinator,
):
    device = confirmed_device(af_coordinator)
    client = Client()
    response = sign_in(client, "af.coordinator", next_url="/?from=test")
    assert response.redirect_chain[-1][0].startswith(reverse("two_factor_verify"))
    assert client.get(reverse("home"))["Location"].startswith(reverse("two_factor_verify"))
    response = client.post(
        reverse("two_factor_verify"),
        {"code": code_for_device(device), "next": reverse("home")},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "Välkommen" in response.content.decode()


def test_wrong_code_gets_a_clear_swedish_message(af_coordinator):
    confirmed_device(af_coordinator)
    client = Client()
    sign_in(client, "af.coordinator")
    response = client.post(reverse("two_factor_verify"), {"code": "123456"})
    body = response.content.decode()
    assert response.status_code == 200
    assert WRONG_CODE_MESSAGE in body
    assert 'id="error-summary"' in body
    assert client.get(reverse("home")).status_code == 302


def test_empty_and_garbage_codes_are_refused_without_error(af_coordinator):
    confirmed_device(af_coordinator)
    client = Client()
    sign_in(client, "af.coordinator")
    empty = client.post(reverse("two_factor_verify"), {"code": ""})
    assert "Ange koden" in empty.content.decode()
    for garbage in ["١٢٣٤٥٦", "x" * 40, "' OR 1=1 --", "\x00"]:
        response = client.post(reverse("two_factor_verify"), {"code": garbage})
        assert response.status_code == 200, garbage


def test_repeated_wrong_codes_are_throttled(af_coordinator):
    device = confirmed_device(af_coordinator)
    client = Client()
    sign_in(client, "af.coordinator")
    with time_machine.travel(time.time(), tick=False):
        client.post(reverse("two_factor_verify"), {"code": "123456"})
        response = client.post(reverse("two_factor_verify"), {"code": code_for_device(device)})
        assert "För många felaktiga koder" in response.content.decode()
    with time_machine.travel(time.time() + 5, tick=False):
        response = client.post(reverse("two_factor_verify"), {"code": code_for_device(device)})
        assert response.status_code == 302


def test_a_recovery_code_works_once(af_coordinator):
    confirmed_device(af_coordinator)
    codes = two_factor.new_recovery_codes(af_coordinator)
    first = Client()
    sign_in(first, "af.coordinator")
    response = first.post(reverse("two_factor_verify"), {"code": codes[0].upper()}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "9 reservkoder kvar" in response.content.decode()
    assert StaticToken.objects.filter(token=codes[0]).count() == 0

    second = Client()
    sign_in(second, "af.coordinator")
    with time_machine.travel(time.time() + 5, tick=False):
        response = second.post(reverse("two_factor_verify"), {"code": codes[0]})
    assert WRONG_CODE_MESSAGE in response.content.decode()
    assert second.get(reverse("home")).status_code == 302


def test_new_session_key_after_the_second_factor(af_coordinator):
    device = confirmed_device(af_coordinator)
    client = Client()
    sign_in(client, "af.coordinator")
    before = client.session.session_key
    client.post(reverse("two_factor_verify"), {"code": code_for_device(device)})
    assert client.session.session_key != before


def test_employer_user_is_not_forced_but_is_offered_two_factor(employer_user):
    client = Client()
    response = sign_in(client, "employer")
    assert response.redirect_chain[-1][0] == reverse("home")
    body = response.content.decode()
    assert "Slå på tvåstegsverifiering" in body
    assert reverse("two_factor_setup") in body
    setup = client.get(reverse("two_factor_setup"))
    assert setup.status_code == 200
    assert "frivilligt" in setup.content.decode()


def test_employer_user_who_enrolled_must_enter_the_code(employer_user):
    confirmed_device(employer_user)
    client = Client()
    sign_in(client, "employer")
    assert client.get(reverse("home"))["Location"].startswith(reverse("two_factor_verify"))


def test_verify_page_does_not_redirect_off_site(af_coordinator):
    device = confirmed_device(af_coordinator)
    client = Client()
    sign_in(client, "af.coordinator")
    response = client.post(
        reverse("two_factor_verify"),
        {"code": code_for_device(device), "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("home")


def test_demo_users_share_the_documented_secret(client, settings):
    settings.DEMO_MODE = True
    seed_demo()
    seed_demo()  # idempotent
    assert TOTPDevice.objects.filter(name="Demo authenticator", confirmed=True).count() == 8
    plain = Client()
    sign_in(plain, "samordnare.af", DEMO_PASSWORD)
    response = plain.post(
        reverse("two_factor_verify"), {"code": code_for(DEMO_TOTP_SECRET)}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("home")


def test_make_run_prints_the_demo_secret():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "scripts" / "run.py"
    spec = importlib.util.spec_from_file_location("run_script", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    text = module.banner("8000")
    assert DEMO_TOTP_SECRET in text
    assert DEMO_PASSWORD in text


@pytest.mark.parametrize("method", ["get", "post"])
def test_no_page_outside_the_exempt_list_opens_before_the_second_factor(af_coordinator, method):
    """Walks every URL pattern: an unverified coordinator is sent to enrolment from all of them
    except the short list of pages needed to sign in, out or recover."""
    from django.urls import resolve

    from jobbspar.middleware import TWO_FACTOR_EXEMPT_URL_NAMES
    from tests.test_bad_input import _routes, garbage_urls

    client = Client()
    checked = 0
    for route in [*_routes(), "admin/", "admin/jobbspar/user/"]:
        url = garbage_urls(route)[0]
        if resolve(url).url_name in TWO_FACTOR_EXEMPT_URL_NAMES:
            continue
        client.post(reverse("login"), {"username": "af.coordinator", "password": TEST_PASSWORD})
        response = getattr(client, method)(url)
        assert response.status_code == 302, f"{method} {url}"
        assert response["Location"].startswith(reverse("two_factor_setup")), f"{method} {url}"
        checked += 1
    assert checked >= 5


@pytest.mark.parametrize("has_device", [True, False])
def test_no_menu_and_no_counts_before_the_second_step(af_coordinator, af, has_device):
    """The code page (and enrolment) shows neither the menu nor the unread count: the sign-in
    is not done until the second step is."""
    from django.utils import timezone

    from jobbspar import notifications
    from jobbspar.models import NotificationKind

    notifications.notify(
        recipient=af_coordinator,
        kind=NotificationKind.ACTION_ITEM_DUE,
        obj=af,
        due_on=timezone.localdate(),
        send_after=timezone.now() - dt.timedelta(hours=1),
        message=notifications.Message(subject="Åtgärd förfaller", body="Boka lokal."),
        url="/",
    )
    device = confirmed_device(af_coordinator) if has_device else None
    client = Client()
    page = sign_in(client, "af.coordinator").content.decode()
    assert 'id="main-nav"' not in page
    assert reverse("participants:participant_list") not in page
    assert reverse("notification_list") not in page
    assert "olästa" not in page
    if device is not None:
        response = client.post(
            reverse("two_factor_verify"), {"code": code_for_device(device)}, follow=True
        )
        page = response.content.decode()
        assert 'id="main-nav"' in page
        assert reverse("participants:participant_list") in page
        assert "olästa" in page  # the count, once signed in
