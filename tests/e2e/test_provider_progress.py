"""An education provider user records a participant's progress on a phone (a course module done):
a missing field is named, then the entry is saved and listed among their organisation's entries
(axe on every page; nothing wider than 320 px). The staff's reading is tested in
tests/schedule/test_progress_entries.py."""

import datetime as dt

import pytest
from django.utils import timezone

from schedule.models import ProgressEntry
from tests.browser import assert_no_axe_violations, login
from tests.jobbspar.factories import TEST_PASSWORD
from tests.participants.factories import ParticipantFactory
from tests.schedule.factories import StrandFactory, weekly
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tracks.models import State

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_provider_records_progress_on_a_phone(phone_page, af, af_coordinator, provider_user):
    page = phone_page
    today = timezone.localdate()
    track = TrackFactory(
        name="Kombinationsutbildning vård", start_date=today - dt.timedelta(weeks=2)
    )
    strand = StrandFactory(
        track=track,
        name="Vård och omsorg",
        provider=provider_user.organisation.education_provider,
        starts_on=today - dt.timedelta(weeks=2),
    )
    weekly(strand, range(5), "08:30", "12:00")
    TrackParticipantFactory(
        track=track,
        state=State.IN_TRAINING,
        participant=ParticipantFactory(registered_by=af, name="Amal Hassan"),
        nominated_by=af_coordinator,
    )

    login(page, provider_user.username, TEST_PASSWORD)
    page.get_by_role("link", name="Era utbildningar").first.click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Registrera framsteg i Vård och omsorg").click()
    page.wait_for_load_state()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Spara framstegen").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").is_visible()  # the error summary names what is missing
    assert_no_axe_violations(page)
    page.get_by_label("Deltagare").select_option(label="Amal Hassan")
    page.get_by_label("Genomgått eller uppnått").fill("Modul 3: Basal hygien klar")
    page.get_by_label("Anteckning").fill("Godkänd på provet.")
    page.get_by_role("button", name="Spara framstegen").click()
    page.wait_for_load_state()
    main = page.locator("main").inner_text()
    assert "Framstegen för Amal Hassan sparades." in main
    assert "Modul 3: Basal hygien klar" in main
    assert_no_axe_violations(page)
    # Nothing runs wider than the phone's screen.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    entry = ProgressEntry.objects.get()
    assert entry.recorded_by == provider_user and entry.day == today
