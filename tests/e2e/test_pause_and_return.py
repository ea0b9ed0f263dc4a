"""A coordinator pauses a participant in training for sick leave with a planned return, sees the
pause on the participant's track page and the board (the reason on the page, not on the board),
and brings them back to training from the board (axe on every page)."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.browser import assert_no_axe_violations, login
from tests.jobbspar.factories import TEST_PASSWORD
from tests.participants.factories import ParticipantFactory
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tracks.models import State

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_pauses_and_brings_back_a_participant(page, af, af_coordinator):
    today = timezone.localdate()
    track = TrackFactory(name="Vårdspåret Rosengård", start_date=today - dt.timedelta(weeks=3))
    member = TrackParticipantFactory(
        track=track,
        state=State.IN_TRAINING,
        participant=ParticipantFactory(registered_by=af, name="Amal Hassan"),
    )
    planned = today + dt.timedelta(days=21)

    login(page, af_coordinator.username, TEST_PASSWORD)
    page.goto(page.base_url + f"/tracks/{track.pk}/pool/{member.pk}/")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Flytta deltagaren").click()
    page.wait_for_load_state()
    page.get_by_label("Flytta till").select_option(State.PAUSED.value)
    page.get_by_role("button", name="Flytta").click()
    page.wait_for_load_state()
    # Without the reason and the planned return: the form says what is missing.
    assert page.get_by_text("Behövs för en paus.").first.is_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Orsak till pausen").select_option("sick_leave")
    page.get_by_label("Planerad återgång").fill(planned.isoformat())
    page.get_by_role("button", name="Flytta").click()
    page.wait_for_url(f"**/tracks/{track.pk}/")
    board = page.locator("#board")
    assert "Pausad (1)" in board.inner_text()
    assert f"Pausad, planerad återgång {planned.isoformat()}" in board.inner_text()
    assert "Sjukskrivning" not in board.inner_text()
    assert_no_axe_violations(page)

    page.goto(page.base_url + f"/tracks/{track.pk}/pool/{member.pk}/")
    main = page.locator("main").inner_text()
    assert "Sjukskrivning" in main and "Pausad från" in main
    assert_no_axe_violations(page)

    page.goto(page.base_url + track.get_absolute_url())
    page.get_by_role("button", name="Återgå till ”I utbildning” (Amal Hassan)").click()
    page.get_by_text("Amal Hassan: I utbildning").wait_for()
    assert "I utbildning (1)" in page.locator("#board").inner_text()
    assert_no_axe_violations(page)
    member.refresh_from_db()
    assert member.state == State.IN_TRAINING
    assert list(member.transitions.values_list("to_state", flat=True)) == [
        State.PAUSED,
        State.IN_TRAINING,
    ]
