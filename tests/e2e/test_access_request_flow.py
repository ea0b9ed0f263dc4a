"""The municipal coordinator types a personnummer AF registered and asks for access (naming the
consent collected); AF's coordinator finds the request on the start page and releases it, no
wider than asked; then the municipal coordinator sees the record. axe on every page."""

import datetime as dt

import pytest

from participants.identities import personal_number_for
from tests.browser import assert_no_axe_violations, login
from tests.jobbspar.factories import TEST_PASSWORD
from tests.participants.factories import CaseNoteFactory, ParticipantFactory
from tests.tracks.factories import TrackFactory, TrackParticipantFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NUMBER = personal_number_for(dt.date(1988, 2, 9), 457)


def _sign_out(page):
    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_url("**/accounts/login/")


def test_ask_release_and_see_the_record(page, af, af_coordinator, municipal_coordinator):
    person = ParticipantFactory(registered_by=af, personal_number=NUMBER, name="Aster Gebremedhin")
    CaseNoteFactory(participant=person, author=af_coordinator, text="Hemlig anteckning")

    login(page, "malmo.coordinator", TEST_PASSWORD)
    page.get_by_role("link", name="Deltagare", exact=True).first.click()
    page.get_by_role("link", name="Registrera en deltagare").click()
    page.locator("#id_personal_number").fill(NUMBER[2:8] + "-" + NUMBER[8:])
    page.locator("#id_name").fill("Aster G")
    page.get_by_role("button", name="Registrera").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Begär åtkomst till akten"
    assert "Aster Gebremedhin" not in page.content()
    assert_no_axe_violations(page)
    page.get_by_label("Skriftligt").check()
    page.get_by_label("Uppgifter, bakgrund och plan, utan journalanteckningar").check()
    page.get_by_role("button", name="Skicka begäran").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Begäranden om åtkomst"
    assert "Väntar på den registrerande organisationen" in page.locator("main").inner_text()
    assert "Aster" not in page.content()
    assert_no_axe_violations(page)
    _sign_out(page)

    login(page, "af.coordinator", TEST_PASSWORD)
    page.get_by_role("link", name="Malmö stad begär åtkomst till Aster Gebremedhin").first.click()
    assert_no_axe_violations(page)
    # The scope asked for is the widest that can be released.
    assert page.get_by_label("Alla uppgifter, journalanteckningar inräknade").count() == 0
    page.get_by_role("button", name="Lämna ut", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Aster Gebremedhin"
    assert "Frisläppt" in page.locator("#consents").inner_text()
    assert_no_axe_violations(page)
    _sign_out(page)

    login(page, "malmo.coordinator", TEST_PASSWORD)
    page.goto(page.base_url + person.get_absolute_url())
    assert page.get_by_role("heading", level=1).inner_text() == "Aster Gebremedhin"
    assert "Hemlig anteckning" not in page.content()
    assert_no_axe_violations(page)


def test_the_track_job_coach_sees_why_a_pseudonym_and_asks_by_member_id(
    page, af, af_coordinator, job_coach
):
    """Issue 21: the pseudonym says why and offers the request in place."""
    track = TrackFactory(name="Undersköterskor Söder")
    track.job_coaches.add(job_coach)
    member = TrackParticipantFactory(
        track=track,
        participant=ParticipantFactory(registered_by=af, name="Rahel Mekonnen"),
        nominated_by=af_coordinator,
    )
    login(page, "coach", TEST_PASSWORD)
    page.goto(page.base_url + track.get_absolute_url())
    pool = page.locator("table", has_text="Kandidat").first
    assert "Registrerad av Arbetsförmedlingen; inget samtycke delar akten" in pool.inner_text()
    assert_no_axe_violations(page)
    page.get_by_role("link", name=f"Begär åtkomst ({member.pseudonym})").click()
    assert "Rahel" not in page.content()
    assert_no_axe_violations(page)
    page.get_by_label("Muntligt vid ett möte").check()
    page.get_by_label("Uppgifter, bakgrund och plan, utan journalanteckningar").check()
    page.get_by_role("button", name="Skicka begäran").click()
    assert "Åtkomst begärd – väntar på svar." in page.locator("main").inner_text()
    assert "Rahel" not in page.content()
    assert_no_axe_violations(page)
