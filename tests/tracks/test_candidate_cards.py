"""The candidate search's cards are written by tracks.views.cards (issue 18): every value
escaped, the sentences in Swedish, the priority and the criteria explained, and the nominate
form posting with a token the page's CSRF check takes."""

import re

import pytest
from django.urls import reverse

from tests.conftest import VerifiedClient
from tests.employers.factories import CriterionFactory
from tests.participants.factories import ParticipantFactory
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tracks.models import State, TrackParticipant

pytestmark = pytest.mark.django_db

NAME = '<i>Ann & "B"</i>'
ESCAPED = "&lt;i&gt;Ann &amp; &quot;B&quot;&lt;/i&gt;"


@pytest.fixture
def track(af):
    track = TrackFactory()
    CriterionFactory(
        version=track.profile_version,
        kind="driving_licence",
        driving_licence="B",
        mode="trained",
        weight=3,
    )
    return track


def _card(body: str, pk: int) -> str:
    found = re.search(
        rf'<section class="border rounded p-3 mb-3" aria-labelledby="candidate-{pk}">.*?</section>',
        body,
        flags=re.DOTALL,
    )
    assert found, body
    return found.group(0)


def test_a_candidate_card_escapes_translates_and_explains(track, af, af_coordinator):
    person = ParticipantFactory(name=NAME, registered_by=af, driving_licences=["B"])
    TrackParticipantFactory(
        participant=person,
        state=State.CONTINUED_SUPPORT,
        track=TrackFactory(need__occupation=track.need.occupation),
    )
    client = VerifiedClient()
    client.force_login(af_coordinator)
    url = reverse("tracks:find_candidates", args=[track.pk])
    body = client.get(url, headers={"Accept-Language": "sv"}).content.decode()
    assert NAME not in body
    card = _card(body, person.pk)
    assert f'<h2 class="h5" id="candidate-{person.pk}">{ESCAPED}</h2>' in card
    assert "<p>Poäng: 3 · " in card
    assert "Förtur: fortsatt stöd efter ett tidigare jobbspår i samma yrke." in card
    assert "<ul><li>Uppfyller: " in card
    assert f'<label class="form-label" for="motivation-{person.pk}">' in card
    assert f"Motivering till att nominera {ESCAPED}</label>" in card
    assert (
        f'Nominera <span class="visually-hidden">{ESCAPED}</span> till kandidatpoolen</button>'
        in card
    )


def test_a_card_without_priority_or_criteria_leaves_them_out(af, af_coordinator):
    track = TrackFactory()  # its profile has no criteria
    person = ParticipantFactory(name="Utan Krav", registered_by=af)
    client = VerifiedClient()
    client.force_login(af_coordinator)
    body = client.get(reverse("tracks:find_candidates", args=[track.pk])).content.decode()
    card = _card(body, person.pk)
    assert "<ul>" not in card and "<strong>" not in card


def test_the_nominate_form_posts_with_the_pages_csrf_token(track, af, af_coordinator):
    person = ParticipantFactory(name="Nina Nominerad", registered_by=af)
    client = VerifiedClient(enforce_csrf_checks=True)
    client.force_login(af_coordinator)
    body = client.get(reverse("tracks:find_candidates", args=[track.pk])).content.decode()
    card = _card(body, person.pk)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', card).group(1)
    action = re.search(r'<form method="post" action="([^"]+)"', card).group(1)
    assert action == reverse("tracks:nominate", args=[track.pk])
    data = {"participant": person.pk, "motivation": "Stort intresse."}
    assert client.post(action, data).status_code == 403
    assert client.post(action, {**data, "csrfmiddlewaretoken": token}).status_code == 302
    assert TrackParticipant.objects.filter(track=track, participant=person).exists()
