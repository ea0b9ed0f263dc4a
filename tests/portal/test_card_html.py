"""The employer's candidate cards are written by portal.cards.card_html (issue 18): every value
escaped, the motivation's lines kept, the employer's decision shown with its comment, and the
link to decide only on the candidates page while the selection is open."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tracks.models import CandidateDecision, Decision, DeclineReason, State

pytestmark = pytest.mark.django_db


def _cards(body: str) -> dict[str, str]:
    return {
        found.group(1): found.group(0)
        for found in re.finditer(r'<article class="card[^"]*" id="card-(\d+)".*?</article>', body)
    }


def test_cards_escape_keep_lines_and_show_the_decision(client, employer_user, own):
    track = own["track"]
    first, second = [m for m in own["members"] if m.state == State.PRESENTED][:2]
    first.motivation = 'Rad ett <script>x</script>\nRad "två"'
    first.save()
    CandidateDecision.objects.create(
        track_participant=second,
        decision=Decision.DECLINE,
        reason=DeclineReason.HOURS,
        comment="<b>Kvällar</b>",
        decided_by=employer_user,
        decided_at=timezone.now(),
    )
    client.force_login(employer_user)
    url = reverse("portal:candidates", args=[track.pk])
    body = client.get(url, headers={"Accept-Language": "sv"}).content.decode()
    assert "<script>" not in body and "<b>Kvällar" not in body
    cards = _cards(body)
    card = cards[str(first.pk)]
    assert "Rad ett &lt;script&gt;x&lt;/script&gt;<br>Rad &quot;två&quot;" in card
    assert '<span class="badge text-bg-warning">Inte beslutat än</span>' in card
    decide = reverse("portal:decide", args=[track.pk, first.pk])
    assert f'<a class="btn btn-primary" href="{decide}">Besluta' in card
    declined = cards[str(second.pk)]
    assert "Ert beslut: Tacka nej</span>" in declined
    assert " – &lt;b&gt;Kvällar&lt;/b&gt;</p>" in declined
    assert ">Ändra ert beslut<" in declined
    # Blind track: a pseudonym, not the name, until selected.
    assert second.participant.name not in body
    assert f'id="card-title-{second.pk}">Kandidat {second.candidate_number}</h2>' in declined


def test_the_decide_page_shows_the_card_without_a_link_to_itself(client, employer_user, own):
    track = own["track"]
    member = next(m for m in own["members"] if m.state == State.PRESENTED)
    client.force_login(employer_user)
    body = client.get(reverse("portal:decide", args=[track.pk, member.pk])).content.decode()
    (card,) = _cards(body).values()
    assert "btn btn-primary" not in card
    assert f'id="card-title-{member.pk}"' in card
