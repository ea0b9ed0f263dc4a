"""The employer on a 320 px phone: opens the page "APL-dagar", then records a week of APL
attendance for the two people they selected, and corrects one entry; each entry says who and
when. axe on every page; no horizontal scrolling; tap targets of at least 44 px."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from schedule.models import Attendance, StrandKind
from schedule.sessions import monday_of, sessions_of
from tests.browser import assert_no_axe_violations, login
from tests.e2e.portal_layout import assert_tap_targets
from tests.employers.factories import ensure_occupations
from tests.jobbspar.factories import TEST_PASSWORD
from tests.participants.factories import ParticipantFactory
from tests.portal.factories import employer_of
from tests.schedule.factories import StrandFactory, weekly
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tracks.models import State

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _check(page) -> None:
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320, page.url
    assert_tap_targets(page)
    assert_no_axe_violations(page)


def test_an_employer_records_a_week_of_apl_attendance_on_a_phone(
    phone_page, employer_user, af, af_coordinator
):
    ensure_occupations()
    # Last week, whatever today is: every APL day of it has passed.
    last_monday = monday_of(timezone.localdate()) - dt.timedelta(weeks=1)
    track = TrackFactory(
        employer=employer_of(employer_user.organisation),
        name="Lagerarbete Hamnen",
        start_date=last_monday - dt.timedelta(weeks=3),
        weeks=8,
    )
    apl = StrandFactory(
        track=track, kind=StrandKind.APL, name="", responsible="employer", place="Lagret"
    )
    weekly(apl, range(5), "07:00", "16:00")
    for name in ("Amal Hassan", "Bo Ek"):
        TrackParticipantFactory(
            track=track,
            state=State.IN_APL,
            participant=ParticipantFactory(
                registered_by=af,
                name=name,
                presentation_consent_on=last_monday - dt.timedelta(weeks=4),
                presentation_consent_by=af_coordinator,
            ),
            nominated_by=af_coordinator,
        )
    days = [
        s.day for s in sessions_of(apl, within=(last_monday, last_monday + dt.timedelta(days=4)))
    ]

    page = phone_page
    login(page, "employer", TEST_PASSWORD)
    page.goto(page.base_url + "/schedule/employer/apl/")
    expect(page.get_by_role("heading", level=1)).to_have_text("APL-dagar")
    assert "Lagerarbete Hamnen" in page.locator("main").inner_text()
    _check(page)

    page.get_by_role("link", name="Registrera närvaro i Lagerarbete Hamnen").click()
    page.wait_for_load_state()
    page.goto(f"{page.url.split('?')[0]}?week={last_monday.isoformat()}")
    _check(page)
    first = days[0].strftime("%-d/%-m")
    page.get_by_label(f"Närvaro för Amal Hassan den {first}").select_option("present")
    page.get_by_label(f"Närvaro för Bo Ek den {first}").select_option("absent_valid")
    page.get_by_role("button", name="Spara närvaron").click()
    page.wait_for_load_state()
    # Bo's absence needs a reason: the error summary, nothing saved.
    expect(page.get_by_text("Närvaron sparades inte")).to_be_visible()
    _check(page)
    assert not Attendance.objects.filter(strand=apl).exists()
    bo_reason = page.locator("fieldset", has_text="Bo Ek").first.get_by_label("Orsak till frånvaro")
    bo_reason.select_option("sick")
    page.get_by_role("button", name="Spara närvaron").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Närvaron sparades.")).to_be_visible()
    _check(page)
    assert Attendance.objects.filter(strand=apl, recorded_by=employer_user).count() == 2

    # A correction: Bo came after all; the entry says who changed it.
    page.get_by_label(f"Närvaro för Bo Ek den {first}").select_option("present")
    page.get_by_role("button", name="Spara närvaron").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Närvaron sparades.")).to_be_visible()
    bo = page.locator("fieldset", has_text="Bo Ek").first.inner_text()
    assert "Ändrad" in bo
    _check(page)
