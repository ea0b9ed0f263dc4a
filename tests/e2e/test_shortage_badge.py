"""A coordinator sees that a recruitment need and its track are in a shortage occupation of the
partnership's county, with the source (axe on both pages)."""

import datetime as dt

import pytest

from employers.models import ShortageOccupation
from jobbspar.models import Region
from tests.browser import assert_no_axe_violations, login
from tests.dates import today
from tests.employers.factories import RecruitmentNeedFactory, occupation
from tests.jobbspar.factories import TEST_PASSWORD
from tests.tracks.factories import TrackFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_sees_the_shortage_occupation_badge(page, af_coordinator, partnership):
    partnership.region = Region.SKANE
    partnership.save()
    day = today()
    ShortageOccupation.objects.create(
        occupation=occupation("5321"),
        region=Region.SKANE,
        valid_from=day - dt.timedelta(days=30),
        valid_to=day + dt.timedelta(days=365),
        source="Arbetsförmedlingen, Yrkesprognos (Skåne län)",
    )
    need = RecruitmentNeedFactory(occupation=occupation("5321"))
    track = TrackFactory(need=need, employer=need.employer, start_date=day)

    login(page, af_coordinator.username, TEST_PASSWORD)
    page.goto(f"{page.base_url}/employers/needs/{need.pk}/")
    badge = page.get_by_text("Bristyrke", exact=True)
    assert badge.is_visible()
    assert "Yrkesprognos (Skåne län)" in page.locator("main").inner_text()
    assert_no_axe_violations(page)
    page.goto(page.base_url + track.get_absolute_url())
    assert page.get_by_text("Bristyrke", exact=True).is_visible()
    assert_no_axe_violations(page)
