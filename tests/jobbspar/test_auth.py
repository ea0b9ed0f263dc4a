import pytest
from django.core import mail
from django.urls import reverse

from jobbspar.demo import DEMO_PASSWORD
from jobbspar.demo import seed as seed_demo
from tests.jobbspar.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def test_login_page_is_swedish_by_default(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="sv">' in body
    assert "Logga in på Jobbspår" in body
    assert "<title>Logga in – Jobbspår</title>" in body


def test_login_page_in_english_when_chosen(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get(reverse("login")).content.decode()
    assert '<html lang="en">' in body
    assert "Sign in to Jobbspår" in body


def test_employer_signs_in_and_sees_the_start_page(client, employer_user):
    # Staff roles have a second step after the password: see test_two_factor.py.
    response = client.post(
        reverse("login"), {"username": "employer", "password": TEST_PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "Välkommen" in response.content.decode()


def test_wrong_password_gives_a_message_that_does_not_reveal_the_user(client, af_coordinator):
    known = client.post(reverse("login"), {"username": "af.coordinator", "password": "wrong"})
    unknown = client.post(reverse("login"), {"username": "nobody", "password": "wrong"})
    assert known.status_code == unknown.status_code == 200
    assert known.context["form"].errors == unknown.context["form"].errors
    assert "korrekt användarnamn och lösenord" in known.content.decode()
    assert 'value="af.coordinator"' in known.content.decode()  # nothing entered is lost


def test_start_page_requires_sign_in(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_sign_out_is_a_post_and_ends_the_session(client, af_coordinator):
    client.force_login(af_coordinator)
    assert client.get(reverse("logout")).status_code == 405
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


def test_authenticated_pages_are_never_cached(client, af_coordinator):
    client.force_login(af_coordinator)
    response = client.get(reverse("home"))
    assert "no-store" in response["Cache-Control"]


def test_password_change_enforces_twelve_characters(client, af_coordinator):
    client.force_login(af_coordinator)
    response = client.post(
        reverse("password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": "kort1", "new_password2": "kort1"},
    )
    assert response.status_code == 200
    assert "minst 12 tecken" in response.content.decode()


def test_password_reset_does_not_reveal_whether_an_account_exists(client, af_coordinator):
    known = client.post(reverse("password_reset"), {"email": af_coordinator.email})
    unknown = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/" in mail.outbox[0].body


def test_demo_users_sign_in_only_in_demo_mode(client, settings):
    settings.DEMO_MODE = True
    seed_demo()
    assert client.login(username="samordnare.af", password=DEMO_PASSWORD)
    client.logout()
    settings.DEMO_MODE = False
    assert not client.login(username="samordnare.af", password=DEMO_PASSWORD)


def test_an_inactive_account_gets_the_same_message_as_a_wrong_password(client, af_coordinator):
    af_coordinator.is_active = False
    af_coordinator.save()
    inactive = client.post(
        reverse("login"), {"username": "af.coordinator", "password": TEST_PASSWORD}
    )
    unknown = client.post(reverse("login"), {"username": "nobody", "password": TEST_PASSWORD})
    assert inactive.context["form"].errors == unknown.context["form"].errors


def test_password_reset_pages_are_identical_for_known_and_unknown_addresses(client, af_coordinator):
    known = client.post(reverse("password_reset"), {"email": af_coordinator.email}, follow=True)
    unknown = client.post(reverse("password_reset"), {"email": "nobody@example.org"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain
    assert known.templates[0].name == unknown.templates[0].name


def test_employer_passwords_must_be_strong_too(client, employer_user):
    client.force_login(employer_user)
    for weak in ["password1234", "123456789012", "employer1234"]:
        response = client.post(
            reverse("password_change"),
            {"old_password": TEST_PASSWORD, "new_password1": weak, "new_password2": weak},
        )
        assert response.status_code == 200, weak
        assert 'id="error-summary"' in response.content.decode(), weak
