"""A coordinator opens a participant's own schedule from the member's page and prints it: every
session by week, Easter skipped, no menus in print. axe on the page."""

import datetime as dt

import pytest

from tests.browser import assert_no_axe_violations, login
from tests.employers.factories import ensure_occupations
from tests.jobbspar.factories import TEST_PASSWORD
from tests.participants.factories import ParticipantFactory
from tests.schedule.factories import StrandFactory, weekly
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tracks.models import State

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_prints_a_participants_schedule(page, af, af_coordinator):
    ensure_occupations()
    # Monday 30 March 2026 to Sunday 17 May: Good Friday, Easter Monday, 1 May, Ascension Day.
    track = TrackFactory(name="Lager Hamnen", start_date=dt.date(2026, 3, 30), weeks=7)
    weekly(StrandFactory(track=track, name="Lager och logistik"), range(5))
    member = TrackParticipantFactory(
        track=track,
        state=State.IN_TRAINING,
        participant=ParticipantFactory(registered_by=af, name="Amal Hassan"),
        nominated_by=af_coordinator,
    )
    login(page, af_coordinator.username, TEST_PASSWORD)
    page.goto(f"{page.base_url}/tracks/{track.pk}/pool/{member.pk}/")
    page.get_by_role("link", name="Schema att skriva ut").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Schema för Amal Hassan"
    main = page.locator("main").inner_text()
    # 35 weekdays less Good Friday, Easter Monday, 1 May and Ascension Day.
    assert "31 pass; helgdagar finns inte med i schemat." in main
    first_week = page.locator(
        "section", has=page.get_by_role("heading", name="Vecka 14")
    ).inner_text()
    assert "torsdag 2/4" in first_week and "fredag 3/4" not in first_week
    assert_no_axe_violations(page)
    page.emulate_media(media="print")
    assert not page.get_by_role("link", name="Tillbaka till deltagaren i spåret").is_visible()
    assert not page.locator(".site-header").is_visible()
