"""A whole track in the browser, with axe on every page: create it from a need, generate the
phases, find and nominate candidates, present them, record the employer's choice, move through
training and APL, complete, record a job offer, and close the track."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.browser import assert_no_axe_violations, login
from tests.dates import today
from tests.employers.factories import (
    ContactPersonFactory,
    CriterionFactory,
    RecruitmentNeedFactory,
    ensure_occupations,
)
from tests.jobbspar.factories import TEST_PASSWORD
from tests.participants.factories import ParticipantFactory
from tracks.models import State, Track, TrackStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _move(page, state: str, name: str) -> None:
    page.get_by_role("button", name=f"Flytta till ”{state}” ({name})").click()
    expect(page.locator("#board")).to_contain_text(f"{name}: {state}")
    # The swapped board puts another button under the pointer: let its hover fade settle.
    page.mouse.move(0, 0)
    page.wait_for_timeout(250)
    assert_no_axe_violations(page)


def _move_with_form(page, state: str, name: str, fill) -> None:
    page.get_by_role("link", name=f"Flytta till ”{state}” … ({name})").click()
    assert_no_axe_violations(page)
    fill(page)
    page.get_by_role("button", name="Flytta", exact=True).click()
    page.wait_for_load_state()


def _status(page, label: str) -> None:
    page.get_by_role("button", name=f"Ändra status till ”{label}”").click()
    page.wait_for_load_state()
    assert_no_axe_violations(page)


def test_a_whole_track(page, af_coordinator, af):
    ensure_occupations()
    need = RecruitmentNeedFactory(positions=2)
    ContactPersonFactory(employer=need.employer, name="Maria Handledare")
    CriterionFactory(version__need=need, kind="swedish", mode="required", swedish_level="sfi_c")
    for name in ("Amina Hassan", "Johan Persson"):
        ParticipantFactory(
            name=name,
            registered_by=af,
            swedish_level="b1",
            presentation_consent_on=today(),
            presentation_consent_by=af_coordinator,
        )

    login(page, "af.coordinator", TEST_PASSWORD)
    page.locator("#main-nav").get_by_role("link", name="Jobbspår").click()
    assert page.title() == "Jobbspår – Jobbspår"
    assert_no_axe_violations(page)

    # Create from the need.
    page.get_by_role("link", name="Nytt jobbspår utifrån ett behov").click()
    page.get_by_label("Rekryteringsbehov").select_option(str(need.pk))
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Fortsätt").click()
    page.wait_for_load_state()
    assert_no_axe_violations(page)
    page.get_by_label("Längd i veckor").fill("5")
    page.get_by_role("button", name="Spara", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_text("Ett jobbspår är minst 7 veckor långt.").count() >= 1
    assert_no_axe_violations(page)
    page.get_by_label("Längd i veckor").fill("12")
    # A track that has already run, so its training, APL and end are behind us: the move rules
    # (docs/move-rules.md) let a participant into each only when its phase has come.
    page.get_by_label("Startdatum").fill((today() - dt.timedelta(weeks=13)).isoformat())
    page.get_by_label("Maria Handledare").check()
    page.get_by_role("button", name="Spara", exact=True).click()
    page.wait_for_load_state()
    track = Track.objects.get()
    assert page.get_by_role("heading", level=1).inner_text() == track.name
    assert_no_axe_violations(page)

    # Generate the phase plan.
    page.get_by_role("button", name="Skapa fasplan").click()
    page.wait_for_load_state()
    assert page.get_by_text("Introduktionsvecka").count() >= 1
    assert track.phases.count() == 4
    assert_no_axe_violations(page)
    _status(page, "Rekrytering")

    # Find and nominate candidates.
    page.get_by_role("link", name="Hitta kandidater").click()
    assert_no_axe_violations(page)
    for name in ("Amina Hassan", "Johan Persson"):
        page.get_by_label(f"Motivering till att nominera {name}").fill("Stort intresse för vården.")
        page.get_by_role("button", name=f"Nominera {name} till kandidatpoolen").click()
        page.wait_for_load_state()
    assert page.get_by_text("Johan Persson nominerades till kandidatpoolen.").count() == 1
    assert_no_axe_violations(page)
    page.get_by_role("link", name=track.name).click()
    assert_no_axe_violations(page)

    # Introduction week, presentation, and the employer's choice (recorded by the coordinator).
    for name in ("Amina Hassan", "Johan Persson"):
        _move(page, "I introduktionsveckan", name)
        _move(page, "Presenterad för arbetsgivaren", name)
    _move(page, "Vald", "Amina Hassan")
    _move_with_form(
        page,
        "Inte vald",
        "Johan Persson",
        lambda p: p.get_by_label("Skäl", exact=True).fill("Arbetsgivaren valde en annan kandidat."),
    )
    _move(page, "Fortsatt stöd", "Johan Persson")
    _status(page, "Pågår")

    # Training, APL, completion and a job offer.
    _move(page, "I utbildning", "Amina Hassan")
    _move(page, "I APL", "Amina Hassan")
    _move(page, "Genomfört", "Amina Hassan")

    def offer(p):
        p.get_by_label("Anställningsform").select_option("permanent")
        p.get_by_label("Anställningen börjar").fill(today().isoformat())
        p.get_by_label("Timmar per vecka").fill("37.5")
        p.get_by_label("Subventionerad anställning").select_option("unsubsidised")

    _move_with_form(page, "Erbjuden anställning", "Amina Hassan", offer)
    _move(page, "Anställd", "Amina Hassan")

    # Close the track: everyone has an outcome.
    _status(page, "Genomfört")
    track.refresh_from_db()
    assert track.status == TrackStatus.COMPLETED
    states = dict(track.participants.values_list("participant__name", "state"))
    assert states == {"Amina Hassan": State.EMPLOYED, "Johan Persson": State.CONTINUED_SUPPORT}
    assert page.get_by_text("Status: Genomfört").count() == 1
