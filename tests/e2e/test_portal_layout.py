"""The employer portal's layout: every link and button is a tap target of at least 44 x 44 px on
a 320 px phone (some were 19 px), and the header stays on one line at 1280 px. axe on each page."""

import pytest
from django.urls import reverse

from tests.browser import assert_no_axe_violations, login
from tests.e2e.portal_layout import assert_tap_targets, header_rows
from tests.employers.factories import ensure_occupations
from tests.jobbspar.factories import TEST_PASSWORD
from tests.portal.factories import portal_track
from tracks.models import State

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _portal_urls(track, members) -> list[str]:
    presented = next(m for m in members if m.state == State.PRESENTED)
    in_apl = next(m for m in members if m.state == State.IN_APL)
    return [
        reverse("portal:home"),
        reverse("portal:track", args=[track.pk]),
        reverse("portal:candidates", args=[track.pk]),
        reverse("portal:decide", args=[track.pk, presented.pk]),
        reverse("portal:participant", args=[track.pk, in_apl.pk]),
        reverse("portal:offer", args=[track.pk, in_apl.pk]),
        reverse("portal:agreement", args=[track.pk]),
    ]


def test_portal_tap_targets_on_a_phone_and_one_line_header_on_a_desktop(
    phone_page, page, employer_user, af_coordinator
):
    ensure_occupations()
    track, members = portal_track(
        organisation=employer_user.organisation,
        coordinator=af_coordinator,
        presented=2,
        selected=1,
        completed=1,
        name="Undersköterskor Söder",
    )
    urls = _portal_urls(track, members)
    login(phone_page, "employer", TEST_PASSWORD)
    login(page, "employer", TEST_PASSWORD)
    for url in urls:
        phone_page.goto(phone_page.base_url + url)
        assert phone_page.evaluate("() => document.documentElement.scrollWidth") <= 320, url
        assert_tap_targets(phone_page)
        page.goto(page.base_url + url)
        assert header_rows(page) == 1, f"the header wraps at 1280 px on {url}"
        assert_no_axe_violations(page)
    phone_page.get_by_role("button", name="Visa meny").click()  # the menu, opened
    assert_tap_targets(phone_page)
