"""Property-based tests: generated input to the sign-in, password and code forms never gives a
server error, and a refused form keeps what was typed (except passwords)."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import VerifiedClient

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Any text, including control characters, NUL, right-to-left marks and other scripts' digits.
ANY_TEXT = st.text(max_size=300)
FIELD_VALUE = st.one_of(ANY_TEXT, st.just(""), st.text(alphabet="٠١٢٣٤٥٦٧٨٩", max_size=8))


@FUZZ
@given(username=FIELD_VALUE, password=FIELD_VALUE)
def test_login_form(af_coordinator, username, password):
    response = VerifiedClient().post(reverse("login"), {"username": username, "password": password})
    assert response.status_code in {200, 429}
    if response.status_code == 200:
        assert 'id="error-summary"' in response.content.decode()


@FUZZ
@given(email=FIELD_VALUE)
def test_password_reset_form(email):
    response = VerifiedClient().post(reverse("password_reset"), {"email": email})
    assert response.status_code in {200, 302}


@FUZZ
@given(old=FIELD_VALUE, new1=FIELD_VALUE, new2=FIELD_VALUE)
def test_password_change_form(af_coordinator, old, new1, new2):
    client = VerifiedClient()
    client.force_login(af_coordinator)
    response = client.post(
        reverse("password_change"),
        {"old_password": old, "new_password1": new1, "new_password2": new2},
    )
    assert response.status_code == 200  # the old password is never guessed
    assert 'id="error-summary"' in response.content.decode()


@FUZZ
@given(
    uid=st.text(
        alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
        min_size=1,
        max_size=40,
    ),
    new1=FIELD_VALUE,
    new2=FIELD_VALUE,
)
def test_password_reset_confirm_form(uid, new1, new2):
    url = reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": "set-password"})
    response = VerifiedClient().post(url, {"new_password1": new1, "new_password2": new2})
    assert response.status_code in {200, 302}


@FUZZ
@given(code=FIELD_VALUE)
def test_two_factor_code_forms(af_coordinator, code):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.jobbspar.factories import TEST_PASSWORD

    client = VerifiedClient()
    client.post(reverse("login"), {"username": "af.coordinator", "password": TEST_PASSWORD})
    setup = client.post(reverse("two_factor_setup"), {"code": code})
    assert setup.status_code == 200
    TOTPDevice.objects.filter(user=af_coordinator).update(confirmed=True)
    verify = client.post(reverse("two_factor_verify"), {"code": code})
    assert verify.status_code == 200
    TOTPDevice.objects.filter(user=af_coordinator).delete()
