"""An employer user reads their own employer, need, profile and agreement on a 320 px phone."""

import pytest
from django.urls import reverse

from tests.browser import assert_no_axe_violations, login
from tests.employers.factories import (
    AgreementFactory,
    CriterionFactory,
    EmployerFactory,
    RecruitmentNeedFactory,
    ensure_occupations,
)
from tests.jobbspar.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_employer_read_only_pages_reflow_on_a_phone(phone_page, employer_user):
    ensure_occupations()
    employer = EmployerFactory(organisation=employer_user.organisation)
    need = RecruitmentNeedFactory(employer=employer)
    criterion = CriterionFactory(version__need=need)
    agreement = AgreementFactory(need=need, profile_version=criterion.version)
    page = phone_page
    login(page, "employer", TEST_PASSWORD)
    for path in (
        reverse("employers:detail", args=[employer.pk]),
        reverse("employers:need_detail", args=[need.pk]),
        reverse("employers:profile", args=[need.pk]),
        reverse("employers:agreement_detail", args=[agreement.pk]),
    ):
        response = page.goto(page.base_url + path)
        assert response.status == 200, path
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 320, path
        assert_no_axe_violations(page)


def test_a_table_that_scrolls_sideways_can_be_reached_by_keyboard(phone_page, employer_user):
    ensure_occupations()
    need = RecruitmentNeedFactory(employer=EmployerFactory(organisation=employer_user.organisation))
    CriterionFactory(version__need=need)
    page = phone_page
    login(page, "employer", TEST_PASSWORD)
    page.goto(page.base_url + reverse("employers:profile", args=[need.pk]))
    region = page.locator(".table-responsive[role=region]").first
    assert region.get_attribute("tabindex") == "0"
    assert region.get_attribute("aria-label")
    region.focus()
    page.keyboard.press("ArrowRight")
    assert page.evaluate("() => document.activeElement.classList.contains('table-responsive')")
