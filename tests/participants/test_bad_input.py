"""No search text or registration input, however odd, gives a server error."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    text=st.one_of(
        st.text(max_size=120),
        st.from_regex(r"[0-9+\- ()]{0,20}", fullmatch=True),
        st.just("\x00"),
    )
)
def test_any_search_text_is_answered(client, af_coordinator, text):
    client.force_login(af_coordinator)
    response = client.get(reverse("participants:participant_list"), {"q": text})
    assert response.status_code == 200


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(number=st.text(max_size=30), email=st.text(max_size=60), phone=st.text(max_size=40))
def test_any_registration_input_is_answered(client, af_coordinator, number, email, phone):
    client.force_login(af_coordinator)
    response = client.post(
        reverse("participants:participant_create"),
        {
            "personal_number": number,
            "name": "Test Testsson",
            "email": email,
            "phone": phone,
            "gender": "woman",
            "status": "active",
        },
    )
    assert response.status_code in {200, 302}
