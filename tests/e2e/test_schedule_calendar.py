"""A coordinator plans a combined track in the browser (training Monday to Wednesday, APL
Thursday and Friday, in parallel), reads the week view around Easter and the list, and records a
day's attendance; axe on every page, also on a phone."""

import datetime as dt

import pytest

from tests.browser import assert_no_axe_violations, login
from tests.employers.factories import ensure_occupations
from tests.jobbspar.factories import TEST_PASSWORD
from tests.participants.factories import ParticipantFactory
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tracks.models import State

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Easter week 2026: Good Friday 3 April, Easter Monday 6 April.
START = dt.date(2026, 3, 30)


def _add_strand(page, url, kind, name, starts, ends):
    page.goto(url)
    page.get_by_role("link", name="Lägg till en del").click()
    page.wait_for_load_state()
    assert_no_axe_violations(page)
    page.get_by_label("Typ av del").select_option(kind)
    if name:
        page.get_by_label("Namn").fill(name)
    page.get_by_label("Ansvarig").select_option(index=1)
    page.get_by_label("Börjar").fill(starts)
    page.get_by_label("Slutar").fill(ends)
    page.get_by_role("button", name="Spara").click()
    page.wait_for_load_state()


def _set_pattern(page, days, start, end):
    assert_no_axe_violations(page)
    for day in days:
        page.get_by_label(f"{day} från").fill(start)
        page.get_by_label(f"{day} till").fill(end)
    page.get_by_role("button", name="Spara").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("viewport", ["page", "phone_page"])
def test_a_coordinator_plans_parallel_strands_and_reads_the_calendar(
    request, viewport, af, af_coordinator
):
    page = request.getfixturevalue(viewport)
    ensure_occupations()
    track = TrackFactory(name="Kombinationsutbildning vård", start_date=START, weeks=12)
    TrackParticipantFactory(
        track=track,
        state=State.IN_TRAINING,
        participant=ParticipantFactory(registered_by=af, name="Amal Hassan"),
        nominated_by=af_coordinator,
    )
    login(page, af_coordinator.username, TEST_PASSWORD)
    schedule_url = f"{page.base_url}/schedule/tracks/{track.pk}/"
    page.goto(schedule_url)
    assert_no_axe_violations(page)

    end = (START + dt.timedelta(weeks=12, days=-1)).isoformat()
    _add_strand(page, schedule_url, "training", "Vård och omsorg", START.isoformat(), end)
    _set_pattern(page, ["Måndag", "Tisdag", "Onsdag"], "08:30", "15:00")
    _add_strand(page, schedule_url, "apl", "", START.isoformat(), end)
    _set_pattern(page, ["Torsdag", "Fredag"], "07:00", "16:00")
    assert "Vård och omsorg" in page.locator("main").inner_text()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Veckovy").click()
    page.wait_for_load_state()
    page.get_by_label("Gå till veckan med dagen").fill(START.isoformat())
    page.get_by_role("button", name="Visa", exact=True).click()
    page.wait_for_load_state()
    assert_no_axe_violations(page)
    friday = page.locator("section", has=page.get_by_role("heading", name="Fredag 3/4"))
    assert "Inga pass" in friday.inner_text()
    thursday = page.locator("section", has=page.get_by_role("heading", name="Torsdag 2/4"))
    assert "07:00–16:00" in thursday.inner_text()

    # Printed: no menus or week navigation, the five days side by side.
    page.emulate_media(media="print")
    assert not page.get_by_role("link", name="Nästa vecka").is_visible()
    assert not page.locator(".site-header").is_visible()
    tops = {
        round(box["y"])
        for box in (column.bounding_box() for column in page.locator(".calendar-week > .col").all())
        if box
    }
    assert len(tops) == 1
    page.emulate_media(media="screen")

    page.get_by_role("link", name="Nästa vecka").click()
    page.wait_for_load_state()
    monday = page.locator("section", has=page.get_by_role("heading", name="Måndag 6/4"))
    assert "Inga pass" in monday.inner_text()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Lista över pass").click()
    page.wait_for_load_state()
    # 12 weeks to 21 June: 36 training days less Easter Monday; 24 APL days less Good Friday,
    # 1 May, Ascension Day (14 May) and Midsummer Eve (19 June): 35 + 20.
    assert "55 pass, helgdagar överhoppade" in page.locator("caption").inner_text()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Veckovy").click()
    page.wait_for_load_state()
    page.goto(f"{page.url.split('?')[0]}?week=2026-04-07")
    page.get_by_role("link", name="Närvaro i Vård och omsorg 2026-04-07").click()
    page.wait_for_load_state()
    assert_no_axe_violations(page)
    page.get_by_label("Närvaro för Amal Hassan").select_option("partly")
    page.get_by_label("Frånvarande timmar för Amal Hassan").fill("1.5")
    page.get_by_role("button", name="Spara närvaron").click()
    page.wait_for_load_state()
    assert "Närvaron sparades" in page.locator("main").inner_text()
    assert_no_axe_violations(page)
