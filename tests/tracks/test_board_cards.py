"""The board's cards are written by tracks.views.board (issue 18): what each shows, to whom,
escaped and in Swedish, and that its move buttons post with a token the page's CSRF check takes."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from tests.conftest import VerifiedClient
from tests.participants.factories import ParticipantFactory
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tracks.models import CandidateDecision, Decision, DeclineReason, State

pytestmark = pytest.mark.django_db

NAME = '<i>Ann & "B"</i>'
ESCAPED = "&lt;i&gt;Ann &amp; &quot;B&quot;&lt;/i&gt;"


@pytest.fixture
def board(af, municipality, employer_user):
    track = TrackFactory()
    own = TrackParticipantFactory(
        track=track,
        participant=ParticipantFactory(name=NAME, registered_by=af),
        state=State.PRESENTED,
    )
    other = TrackParticipantFactory(
        track=track,
        participant=ParticipantFactory(name="Hemlig Person", registered_by=municipality),
        state=State.PRESENTED,
    )
    for member, comment in ((own, "<b>Bra</b>"), (other, "Kommentar om den hemliga")):
        CandidateDecision.objects.create(
            track_participant=member,
            decision=Decision.DECLINE,
            reason=DeclineReason.HOURS,
            comment=comment,
            decided_by=employer_user,
            decided_at=dt.datetime(2026, 6, 1, 10, 5, tzinfo=dt.UTC),
        )
    return track, own, other


def _card(body: str, marker: str) -> str:
    (card,) = [
        c for c in re.findall(r'<li class="border rounded p-2 mb-2">.*?</li>', body) if marker in c
    ]
    return card


def test_a_card_the_coordinator_may_see_and_move(client, board, af_coordinator):
    track, own, _other = board
    client.force_login(af_coordinator)
    body = client.get(track.get_absolute_url(), headers={"Accept-Language": "sv"}).content.decode()
    card = _card(body, f'id="choose-{own.pk}"')
    assert NAME not in body
    detail = reverse("tracks:member_detail", args=[track.pk, own.pk])
    assert f'<strong><a href="{detail}">{ESCAPED}</a></strong>' in card
    assert (
        f'<label class="form-check-label small" for="choose-{own.pk}">'
        f'Välj <span class="visually-hidden">{ESCAPED}</span></label>' in card
    )
    # The decision, its reason and comment escaped, at the time in Stockholm (summer time).
    assert (
        '<p class="small mb-1">Arbetsgivarens beslut: <strong>Tacka nej</strong> – '
        "Kan inte arbeta de tider jobbet kräver (&lt;b&gt;Bra&lt;/b&gt;), 2026-06-01 12:05</p>"
    ) in card
    move = reverse("tracks:member_move", args=[track.pk, own.pk])
    assert f'hx-post="{move}"' in card
    assert f'<span class="visually-hidden"> ({ESCAPED})</span>' in card
    assert 'name="csrfmiddlewaretoken"' in card


def test_a_card_by_pseudonym_shows_no_one_and_offers_nothing(client, board, af_coordinator):
    track, _own, other = board
    client.force_login(af_coordinator)
    body = client.get(track.get_absolute_url(), headers={"Accept-Language": "sv"}).content.decode()
    card = _card(body, f"<strong>Kandidat {other.candidate_number}</strong>")
    assert "Hemlig Person" not in body
    assert "Kommentar om den hemliga" not in body
    assert "checkbox" not in card and "<form" not in card and "<a " not in card
    assert (
        "Arbetsgivarens beslut: <strong>Tacka nej</strong>" in card
    )  # the decision, not its words


def test_who_may_not_match_sees_the_card_without_ticks_or_moves(client, board, job_coach):
    track, _own, _other = board
    client.force_login(job_coach)
    response = client.get(track.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert "Hemlig Person" in body  # the coach's own organisation's participant, by name
    assert 'type="checkbox" form="pool-choice"' not in body
    assert 'name="to_state"' not in body
    assert "?to=" not in body


def test_a_move_button_posts_with_the_pages_csrf_token(board, af_coordinator):
    """The board's forms carry the token the page was given: a move with it goes through
    Django's CSRF check (a client that enforces it), without it is refused."""
    track, own, _other = board
    client = VerifiedClient(enforce_csrf_checks=True)
    client.force_login(af_coordinator)
    member = TrackParticipantFactory(
        track=track, participant=ParticipantFactory(registered_by=own.participant.registered_by)
    )
    body = client.get(track.get_absolute_url()).content.decode()
    card = _card(body, f'id="choose-{member.pk}"')
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', card).group(1)
    url = reverse("tracks:member_move", args=[track.pk, member.pk])
    assert client.post(url, {"to_state": State.IN_INTRODUCTION}).status_code == 403
    response = client.post(url, {"to_state": State.IN_INTRODUCTION, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.state == State.IN_INTRODUCTION


def test_the_pool_rows_show_names_or_pseudonyms_and_consent_dates_only_to_who_may_see(
    client, board, af_coordinator
):
    track, own, other = board
    for member in (own, other):
        member.participant.presentation_consent_on = dt.date(2026, 5, 4)
        member.participant.presentation_consent_by = af_coordinator
        member.participant.save()
    client.force_login(af_coordinator)
    body = client.get(track.get_absolute_url(), headers={"Accept-Language": "sv"}).content.decode()
    rows = re.findall(r"<tr><td>.*?</tr>", body, flags=re.DOTALL)
    (mine,) = [r for r in rows if ESCAPED in r]
    (theirs,) = [r for r in rows if f"Kandidat {other.candidate_number}" in r]
    assert mine.startswith(f"<tr><td>{ESCAPED}</td>")
    assert "<td>Ja, registrerat 2026-05-04</td></tr>" in mine
    assert "Registrerad av " in theirs and "inget samtycke delar akten" in theirs
    assert "<td>Ja</td></tr>" in theirs and "2026-05-04" not in theirs
    assert "Hemlig Person" not in body
