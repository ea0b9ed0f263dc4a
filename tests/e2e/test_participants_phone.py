"""Participant pages reflow to a 320 px wide phone (WCAG 1.4.10) and stay accessible."""

import pytest

from tests.browser import assert_no_axe_violations, login
from tests.jobbspar.factories import TEST_PASSWORD
from tests.participants.factories import (
    CaseNoteFactory,
    ParticipantFactory,
    PlanItemFactory,
    WorkExperienceFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_list_and_detail_reflow_on_a_phone(phone_page, af_coordinator):
    participant = ParticipantFactory(
        name="Ali Reza Mohammadi", registered_by=af_coordinator.organisation
    )
    CaseNoteFactory(participant=participant, author=af_coordinator)
    PlanItemFactory(participant=participant, created_by=af_coordinator)
    WorkExperienceFactory(participant=participant, where="Äldreboende i Damaskus")
    page = phone_page
    login(page, "af.coordinator", TEST_PASSWORD)
    for path in ("/participants/", participant.get_absolute_url(), "/participants/new/"):
        page.goto(page.base_url + path)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 320, path
        assert_no_axe_violations(page)
