"""Lund's coordinator in the browser, with axe on every page: Malmö's tracks are not in their
list, another partnership's tracks are listed as templates, and copying one makes a track of
Lund's own need."""

import pytest

from tests.browser import assert_no_axe_violations, login
from tests.employers.factories import RecruitmentNeedFactory, ensure_occupations
from tests.jobbspar.factories import TEST_PASSWORD
from tests.tracks.factories import TrackFactory
from tracks import phases
from tracks.models import Track

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_copies_another_partnerships_track_as_a_template(
    page, partnership, lund_coordinator, other_partnership
):
    ensure_occupations()
    malmo = TrackFactory(name="Undersköterskor Malmö", weeks=12)
    phases.generate_phase_plan(track=malmo)
    need = RecruitmentNeedFactory(partnership=other_partnership)

    login(page, lund_coordinator.username, TEST_PASSWORD)
    page.goto(f"{page.base_url}/tracks/")
    assert "Undersköterskor Malmö" not in page.locator("main").inner_text()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Andra partnerskaps jobbspår att kopiera som mall").click()
    page.wait_for_load_state()
    assert "Undersköterskor Malmö" in page.locator("table").inner_text()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Kopiera ”Undersköterskor Malmö” som mall").click()
    page.wait_for_load_state()
    assert_no_axe_violations(page)
    page.get_by_label("Namn på det nya jobbspåret").fill("Undersköterskor Lund")
    page.get_by_label("Rekryteringsbehov för det nya jobbspåret").select_option(str(need.pk))
    page.get_by_role("button", name="Kopiera jobbspår").click()
    page.wait_for_load_state()
    assert_no_axe_violations(page)

    copy = Track.objects.get(name="Undersköterskor Lund")
    assert (copy.partnership, copy.need, copy.copied_from) == (other_partnership, need, malmo)
    assert page.url.endswith(copy.get_absolute_url())
