"""An education provider user records a week of attendance at their own strand on a phone: the
start page, last week's sessions, each day's attendance (a sick day and a late arrival among
them); axe on every page. They never see the track's other strands."""

import datetime as dt

import pytest
from django.utils import timezone

from schedule.models import Attendance
from schedule.sessions import monday_of
from tests.browser import assert_no_axe_violations, login
from tests.employers.factories import ensure_occupations
from tests.jobbspar.factories import TEST_PASSWORD
from tests.participants.factories import ParticipantFactory
from tests.schedule.factories import StrandFactory, weekly
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tracks.models import State

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_provider_records_a_week_of_attendance_on_a_phone(
    phone_page, af, af_coordinator, provider_user
):
    page = phone_page
    ensure_occupations()
    last_monday = monday_of(timezone.localdate()) - dt.timedelta(weeks=1)
    track = TrackFactory(name="Kombinationsutbildning vård", start_date=last_monday, weeks=12)
    strand = StrandFactory(
        track=track,
        name="Vård och omsorg",
        provider=provider_user.organisation.education_provider,
    )
    weekly(strand, range(5), "08:30", "12:00")
    apl = StrandFactory(track=track, kind="apl", name="", responsible="employer")
    weekly(apl, range(5), "13:00", "16:00")
    names = ["Amal Hassan", "Bo Ek"]
    for name in names:
        TrackParticipantFactory(
            track=track,
            state=State.IN_TRAINING,
            participant=ParticipantFactory(registered_by=af, name=name),
            nominated_by=af_coordinator,
        )

    login(page, provider_user.username, TEST_PASSWORD)
    page.get_by_role("link", name="Era utbildningar").first.click()
    page.wait_for_load_state()
    assert "Vård och omsorg" in page.locator("main").inner_text()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Veckans tillfällen").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Föregående vecka").click()
    page.wait_for_load_state()
    assert_no_axe_violations(page)
    week_url = page.url
    links = page.get_by_role("link", name="Närvaro i Vård och omsorg")
    days = links.count()
    assert 3 <= days <= 5  # five weekdays, less any public holiday
    for index in range(days):
        page.goto(week_url)
        page.get_by_role("link", name="Närvaro i Vård och omsorg").nth(index).click()
        page.wait_for_load_state()
        main = page.locator("main").inner_text()
        assert "Amal Hassan" in main
        amal = page.get_by_role("group", name="Amal Hassan")
        bo = page.get_by_role("group", name="Bo Ek")
        if index == 1:
            amal.get_by_label("Närvaro", exact=True).select_option("absent_valid")
            amal.get_by_label("Orsak till frånvaro").select_option("sick")
        else:
            amal.get_by_label("Närvaro", exact=True).select_option("present")
        if index == 0:
            bo.get_by_label("Närvaro", exact=True).select_option("partly")
            bo.get_by_label("Frånvarande timmar (sen ankomst eller gick tidigare)").fill("1")
        else:
            bo.get_by_label("Närvaro", exact=True).select_option("present")
        assert_no_axe_violations(page)
        page.get_by_role("button", name="Spara närvaron").click()
        page.wait_for_load_state()
        assert "Närvaron sparades" in page.locator("main").inner_text()
        assert_no_axe_violations(page)
        # Nothing runs wider than the phone's screen.
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 320

    recorded = Attendance.objects.filter(strand=strand)
    assert recorded.count() == 2 * days
    assert set(recorded.values_list("recorded_by", flat=True)) == {provider_user.pk}
    assert recorded.filter(status="absent_valid", reason="sick").count() == 1
    assert recorded.filter(status="partly").count() == 1
    assert not Attendance.objects.filter(strand=apl).exists()
