"""A coordinator moves six pool members into the introduction week at once: ticks them on the
board, previews (one of seven is refused and says why), confirms, and sees the board (axe on
every page)."""

import pytest

from tests.browser import assert_no_axe_violations, login
from tests.jobbspar.factories import TEST_PASSWORD
from tests.participants.factories import ParticipantFactory
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tracks.models import State, Transition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_moves_six_pool_members_at_once(page, af, af_coordinator):
    track = TrackFactory(name="Lagerarbetare Hyllie")
    nominated = [
        TrackParticipantFactory(
            track=track, participant=ParticipantFactory(registered_by=af, name=f"Deltagare {i}")
        )
        for i in range(1, 7)
    ]
    presented = TrackParticipantFactory(
        track=track,
        state=State.PRESENTED,
        participant=ParticipantFactory(registered_by=af, name="Redan Presenterad"),
    )

    login(page, af_coordinator.username, TEST_PASSWORD)
    page.goto(page.base_url + track.get_absolute_url())
    # Ticked on the board, the choice comes along to the bulk move's page.
    for member in [*nominated, presented]:
        page.get_by_label(f"Välj {member.participant.name}", exact=True).check()
    page.get_by_role("button", name="Flytta flera deltagare på en gång…").click()
    page.wait_for_url(f"**/tracks/{track.pk}/pool/move/?*")
    assert_no_axe_violations(page)
    for member in [*nominated, presented]:
        assert page.get_by_label(member.participant.name, exact=True).is_checked()
    page.get_by_label("Flytta till").select_option(State.IN_INTRODUCTION.value)
    page.get_by_role("button", name="Förhandsvisa").click()
    page.wait_for_load_state()

    preview = page.get_by_role(
        "region", name="Förhandsvisning: flytta till ”I introduktionsveckan”"
    )
    assert preview.get_by_text("Flyttas", exact=True).count() == 6
    assert (
        "kan inte flyttas till" in preview.get_by_role("row", name="Redan Presenterad").inner_text()
    )
    assert not Transition.objects.exists()
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Flytta 6 deltagare").click()
    page.wait_for_load_state()
    assert page.get_by_text("6 deltagare flyttades.").is_visible()
    assert page.get_by_text("Flyttad", exact=True).count() == 6
    assert_no_axe_violations(page)
    assert Transition.objects.filter(to_state=State.IN_INTRODUCTION).count() == 6
    assert {m.state for m in type(presented).objects.filter(track=track)} == {
        State.IN_INTRODUCTION,
        State.PRESENTED,
    }

    page.get_by_role("link", name="Tillbaka till spåret").click()
    page.wait_for_url(f"**/tracks/{track.pk}/")
    assert "I introduktionsveckan (6)" in page.locator("#board").inner_text()
