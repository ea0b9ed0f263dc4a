"""The APL log on a 320 px phone: the employer user assigns the participant's workplace mentor
and writes the week's entry in the portal; a coordinator reads it on the participant's page and
comments, and the employer reads the comment. axe on every page; no horizontal scrolling; tap
targets of at least 44 px in the portal."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from jobbspar.models import Notification, NotificationKind
from tests.browser import assert_no_axe_violations, login
from tests.e2e.portal_layout import assert_tap_targets
from tests.employers.factories import ContactPersonFactory, ensure_occupations
from tests.jobbspar.factories import TEST_PASSWORD
from tests.participants.factories import ParticipantFactory
from tests.portal.factories import employer_of
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tracks import phases
from tracks.models import AplLogComment, AplLogEntry, State

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits(page) -> None:
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320, page.url
    assert_no_axe_violations(page)


def test_the_employer_writes_the_apl_log_and_the_coordinator_comments_on_a_phone(
    phone_page, employer_user, af, af_coordinator
):
    ensure_occupations()
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())
    track = TrackFactory(
        employer=employer_of(employer_user.organisation),
        name="Lager Hamnen",
        start_date=monday - dt.timedelta(weeks=9),
        weeks=12,
    )
    phases.generate_phase_plan(track=track)
    track.coordinators.set([af_coordinator])
    ContactPersonFactory(employer=track.employer, name="Maja Mentor")
    member = TrackParticipantFactory(
        track=track,
        state=State.IN_APL,
        participant=ParticipantFactory(
            registered_by=af,
            name="Amal Hassan",
            presentation_consent_on=today - dt.timedelta(weeks=10),
            presentation_consent_by=af_coordinator,
        ),
        nominated_by=af_coordinator,
    )

    page = phone_page
    login(page, "employer", TEST_PASSWORD)
    page.goto(f"{page.base_url}/portal/tracks/{track.pk}/participants/{member.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Amal Hassan")
    _fits(page)
    assert_tap_targets(page)

    page.get_by_role("link", name="Välj handledare").click()
    page.wait_for_load_state()
    _fits(page)
    assert_tap_targets(page)
    page.get_by_label("Handledare på arbetsplatsen").select_option(label="Maja Mentor (Enhetschef)")
    page.get_by_role("button", name="Spara handledaren").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Handledare på arbetsplatsen: Maja Mentor")).to_be_visible()

    page.get_by_role("link", name="Skriv i APL-loggen").click()
    page.wait_for_load_state()
    _fits(page)
    assert_tap_targets(page)
    page.get_by_label("Vad som gjordes").fill("Plockade order och körde truck.")
    page.get_by_label("Hur det gick").fill("Säker på truckkörningen nu.")
    page.get_by_label("Timmar på arbetsplatsen den här veckan").fill("32,5")
    page.get_by_role("button", name="Spara anteckningen").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Anteckningen i APL-loggen sparades")).to_be_visible()
    expect(page.get_by_text("Säker på truckkörningen nu.")).to_be_visible()
    _fits(page)
    assert_tap_targets(page)
    entry = AplLogEntry.objects.get(track_participant=member)
    assert (entry.recorded_by, entry.mentor.name, str(entry.hours)) == (
        employer_user,
        "Maja Mentor",
        "32.5",
    )
    assert Notification.objects.filter(
        kind=NotificationKind.APL_LOG_ENTRY, recipient=af_coordinator
    ).exists()

    # The coordinator reads the entry (who wrote it, and when) and comments.
    page.context.clear_cookies()
    login(page, "af.coordinator", TEST_PASSWORD)
    page.goto(f"{page.base_url}/tracks/{track.pk}/pool/{member.pk}/")
    expect(page.get_by_text("Säker på truckkörningen nu.")).to_be_visible()
    expect(page.get_by_text(re.compile("Skriven av .*handledare Maja Mentor"))).to_be_visible()
    _fits(page)
    page.get_by_label("Din kommentar (arbetsgivaren läser den)").fill("Bra! Vi hörs på fredag.")
    page.get_by_role("button", name=re.compile("^Kommentera")).click()
    page.wait_for_load_state()
    expect(page.get_by_text("Din kommentar sparades.")).to_be_visible()
    expect(page.get_by_text("Bra! Vi hörs på fredag.")).to_be_visible()
    _fits(page)
    assert AplLogComment.objects.get().author == af_coordinator

    # The employer reads the comment in the portal.
    page.context.clear_cookies()
    login(page, "employer", TEST_PASSWORD)
    page.goto(f"{page.base_url}/portal/tracks/{track.pk}/participants/{member.pk}/")
    expect(page.get_by_text("Bra! Vi hörs på fredag.")).to_be_visible()
    _fits(page)
