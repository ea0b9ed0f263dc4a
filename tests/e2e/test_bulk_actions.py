"""Bulk actions in the browser (axe on every page): a coordinator ticks members on the pool board
and presents them to the employer (one without a consent is refused and says why), then chooses
everyone on the board and exports them as CSV; and nominates participants ticked on the
participant list to a track chosen in the confirmation step."""

from pathlib import Path

import pytest
from django.utils import timezone

from tests.browser import assert_no_axe_violations, login
from tests.jobbspar.factories import TEST_PASSWORD
from tests.participants.factories import ParticipantFactory
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tracks.models import State, TrackParticipant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _person(af, by, name, *, consent=True):
    return ParticipantFactory(
        registered_by=af,
        name=name,
        presentation_consent_on=timezone.localdate() if consent else None,
        presentation_consent_by=by if consent else None,
    )


def test_coordinator_presents_and_exports_from_the_pool_board(page, af, af_coordinator):
    track = TrackFactory(name="Lagerarbetare Hyllie")
    ready = [
        TrackParticipantFactory(
            track=track,
            state=State.IN_INTRODUCTION,
            participant=_person(af, af_coordinator, f"Redo {i}"),
        )
        for i in (1, 2)
    ]
    unconsented = TrackParticipantFactory(
        track=track,
        state=State.IN_INTRODUCTION,
        participant=_person(af, af_coordinator, "Utan Samtycke", consent=False),
    )

    login(page, af_coordinator.username, TEST_PASSWORD)
    page.goto(page.base_url + track.get_absolute_url())
    for member in [*ready, unconsented]:
        page.get_by_label(f"Välj {member.participant.name}", exact=True).check()
    page.get_by_role("button", name="Presentera för arbetsgivaren…").click()
    page.wait_for_url(f"**/tracks/{track.pk}/pool/present/?*")
    assert_no_axe_violations(page)
    for member in [*ready, unconsented]:
        assert page.get_by_label(member.participant.name, exact=True).is_checked()
    page.get_by_role("button", name="Förhandsvisa").click()
    page.wait_for_load_state()
    preview = page.get_by_role("region", name="Förhandsvisning: presentera för arbetsgivaren")
    assert preview.get_by_text("Presenteras", exact=True).count() == 2
    refused = preview.get_by_role("row", name="Utan Samtycke").inner_text()
    assert "Presenteras inte:" in refused and "samtycket till presentation" in refused
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Presentera 2 deltagare").click()
    page.wait_for_load_state()
    assert page.get_by_text("2 deltagare presenterades för arbetsgivaren.").is_visible()
    assert_no_axe_violations(page)
    assert {m.state for m in TrackParticipant.objects.filter(track=track)} == {
        State.PRESENTED,
        State.IN_INTRODUCTION,
    }

    # Export: everyone on the board at once (the "choose everyone" box needs the script).
    page.get_by_role("link", name="Tillbaka till spåret").click()
    page.wait_for_url(f"**/tracks/{track.pk}/")
    page.get_by_label("Välj alla på tavlan").check()
    assert page.get_by_label("Välj Utan Samtycke", exact=True).is_checked()
    page.get_by_role("button", name="Exportera som CSV…").click()
    page.wait_for_url(f"**/tracks/{track.pk}/pool/export/?*")
    page.get_by_role("button", name="Förhandsvisa").click()
    page.wait_for_load_state()
    assert_no_axe_violations(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Ladda ner 3 deltagare som CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("Kandidatnummer;Läge i jobbspåret;")
    assert all(name in text for name in ("Redo 1", "Redo 2", "Utan Samtycke"))


def test_coordinator_nominates_from_the_participant_list(page, af, af_coordinator):
    track = TrackFactory(name="Undersköterska Rosengård")
    TrackFactory(name="Bussförare Fosie")
    ready = [_person(af, af_coordinator, f"Kandidat {i}") for i in (1, 2)]
    unconsented = _person(af, af_coordinator, "Inget Samtycke", consent=False)
    _person(af, af_coordinator, "Inte Vald")

    login(page, af_coordinator.username, TEST_PASSWORD)
    page.goto(page.base_url + "/participants/")
    assert_no_axe_violations(page)
    for person in [*ready, unconsented]:
        page.get_by_label(f"Välj {person.name}", exact=True).check()
    page.get_by_role("button", name="Nominera till ett spår…").click()
    page.wait_for_url("**/tracks/nominate/?*")
    assert page.get_by_text("Inte Vald").count() == 0
    page.get_by_label("Jobbspår", exact=False).select_option(
        label=f"{track.name} ({track.employer.name})"
    )
    page.get_by_label("Motivering").fill("Intresserade av vården, svenska B1")
    page.get_by_role("button", name="Förhandsvisa").click()
    page.wait_for_load_state()
    preview = page.get_by_role(
        "region", name="Förhandsvisning: nominera till ”Undersköterska Rosengård”"
    )
    assert preview.get_by_text("Nomineras", exact=True).count() == 2
    assert (
        "samtycke till presentation"
        in preview.get_by_role("row", name="Inget Samtycke").inner_text()
    )
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Nominera 2 deltagare").click()
    page.wait_for_load_state()
    assert page.get_by_text("2 deltagare nominerades.").is_visible()
    assert_no_axe_violations(page)
    assert sorted(
        TrackParticipant.objects.filter(track=track).values_list("participant__name", flat=True)
    ) == ["Kandidat 1", "Kandidat 2"]
