"""Moving several pool members at once: the preview changes nothing and says what the single move
would say, the confirmed move is one locked, recorded transition per member, and bad input gets
a clear message."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jobbspar.models import AccessLog
from tests.participants.factories import ParticipantFactory
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tracks import bulk, workflow
from tracks.bulk_forms import choice_fingerprint
from tracks.models import State, Transition

pytestmark = pytest.mark.django_db


def _pool(af, states, **track_kwargs):
    track = TrackFactory(**track_kwargs)
    return track, [
        TrackParticipantFactory(
            track=track,
            state=state,
            participant=ParticipantFactory(registered_by=af, name=f"Deltagare {i:02d}"),
        )
        for i, state in enumerate(states)
    ]


def _states(members):
    return [type(m).objects.get(pk=m.pk).state for m in members]


def test_the_preview_changes_nothing_and_gives_each_members_outcome(af, af_coordinator):
    _, members = _pool(
        af, [State.NOMINATED, State.NOMINATED, State.PRESENTED, State.IN_INTRODUCTION]
    )
    outcomes = bulk.preview(members, to_state=State.IN_INTRODUCTION, by=af_coordinator)
    assert [o.result for o in outcomes] == [
        bulk.Result.MOVED,
        bulk.Result.MOVED,
        bulk.Result.REFUSED,
        bulk.Result.ALREADY_THERE,
    ]
    assert "kan inte flyttas till" in outcomes[2].refusal
    assert _states(members) == [
        State.NOMINATED,
        State.NOMINATED,
        State.PRESENTED,
        State.IN_INTRODUCTION,
    ]
    assert not Transition.objects.exists()


def test_the_preview_refuses_what_the_single_move_refuses_with_the_same_words(af, af_coordinator):
    _, [member] = _pool(af, [State.IN_INTRODUCTION])
    [outcome] = bulk.preview([member], to_state=State.NOT_SELECTED, by=af_coordinator)
    with pytest.raises(workflow.TransitionRefused) as single:
        workflow.move_participant(
            track_participant=member, to_state=State.NOT_SELECTED, by=af_coordinator
        )
    assert outcome.result == bulk.Result.REFUSED
    assert outcome.refusal == " ".join(single.value.messages)


def test_moving_six_is_six_recorded_transitions_and_a_refusal_leaves_the_member(af, af_coordinator):
    _, members = _pool(af, [State.NOMINATED] * 6 + [State.SELECTED])
    outcomes = bulk.move_all(
        members, to_state=State.NOT_SELECTED, by=af_coordinator, reason="Passar inte profilen"
    )
    assert [o.result for o in outcomes] == [bulk.Result.MOVED] * 6 + [bulk.Result.REFUSED]
    assert _states(members) == [State.NOT_SELECTED] * 6 + [State.SELECTED]
    transitions = Transition.objects.order_by("id")
    assert transitions.count() == 6
    assert {(t.from_state, t.to_state, t.reason, t.actor) for t in transitions} == {
        (State.NOMINATED, State.NOT_SELECTED, "Passar inte profilen", af_coordinator)
    }


def test_a_move_that_does_not_fit_the_calendar_is_refused_in_bulk(af, af_coordinator):
    # The track starts in a month: nobody goes into training today without an exception, which
    # is made one participant at a time.
    _, members = _pool(af, [State.SELECTED, State.SELECTED])
    outcomes = bulk.move_all(members, to_state=State.IN_TRAINING, by=af_coordinator)
    assert {o.result for o in outcomes} == {bulk.Result.REFUSED}
    assert "utbildningen börjar" in outcomes[0].refusal.lower()
    assert _states(members) == [State.SELECTED, State.SELECTED]


@pytest.mark.parametrize("state", [State.OFFERED, State.DECLINED, State.OFFER_WITHDRAWN])
def test_a_job_offer_and_its_answer_are_never_recorded_in_bulk(af, af_coordinator, state):
    _, members = _pool(af, [State.COMPLETED])
    for action in (bulk.move_all, bulk.preview):
        with pytest.raises(Exception, match="en deltagare i taget"):
            action(members, to_state=state, by=af_coordinator, reason="Skäl")
    assert state not in bulk.bulk_targets()


# --- The page ------------------------------------------------------------------------------


def _url(track):
    return reverse("tracks:bulk_move", args=[track.pk])


def test_the_page_lists_only_members_the_user_sees_by_name(
    client, af, municipality, af_coordinator
):
    track, [mine] = _pool(af, [State.NOMINATED])
    hidden = TrackParticipantFactory(
        track=track, participant=ParticipantFactory(registered_by=municipality, name="Dold Person")
    )
    client.force_login(af_coordinator)
    page = client.get(_url(track)).content.decode()
    assert mine.participant.name in page
    assert "Dold Person" not in page
    # Naming the hidden member by id is refused with a message, and moves nobody.
    response = client.post(
        _url(track), {"members": [mine.pk, hidden.pk], "to_state": State.IN_INTRODUCTION}
    )
    assert response.status_code == 200
    assert "inte i det här spårets pool" in response.content.decode()
    assert _states([mine, hidden]) == [State.NOMINATED, State.NOMINATED]


def test_preview_then_confirm_moves_as_previewed(client, af, af_coordinator):
    track, members = _pool(af, [State.NOMINATED, State.NOMINATED, State.PRESENTED])
    client.force_login(af_coordinator)
    choice = {"members": [m.pk for m in members], "to_state": State.IN_INTRODUCTION}
    preview = client.post(_url(track), {**choice, "preview": "1"})
    body = preview.content.decode()
    assert "Flyttas" in body and "Flyttas inte:" in body
    assert "Flytta 2 deltagare" in body
    assert _states(members) == [State.NOMINATED, State.NOMINATED, State.PRESENTED]
    # Acting on the chosen people is a logged read of each.
    assert set(
        AccessLog.objects.filter(user=af_coordinator).values_list("object_id", flat=True)
    ) == {str(m.participant.pk) for m in members}
    fingerprint = choice_fingerprint([m.pk for m in members], State.IN_INTRODUCTION, None, "")
    assert f'name="previewed" value="{fingerprint}"' in body
    done = client.post(_url(track), {**choice, "previewed": fingerprint, "confirm": "1"})
    assert done.status_code == 200
    assert "Flyttad" in done.content.decode()
    assert _states(members) == [State.IN_INTRODUCTION, State.IN_INTRODUCTION, State.PRESENTED]


def test_a_choice_changed_after_the_preview_is_previewed_again_not_moved(
    client, af, af_coordinator
):
    track, members = _pool(af, [State.NOMINATED, State.NOMINATED])
    client.force_login(af_coordinator)
    stale = choice_fingerprint([members[0].pk], State.IN_INTRODUCTION, None, "")
    response = client.post(
        _url(track),
        {
            "members": [m.pk for m in members],
            "to_state": State.IN_INTRODUCTION,
            "previewed": stale,
            "confirm": "1",
        },
    )
    assert "Valet ändrades efter förhandsvisningen" in response.content.decode()
    assert _states(members) == [State.NOMINATED, State.NOMINATED]


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"members": ["abc"], "to_state": State.IN_INTRODUCTION},
        {"members": ["99999999999999999999"], "to_state": State.IN_INTRODUCTION},
        {"members": ["1"], "to_state": "flying"},
        {"members": ["1"], "to_state": State.OFFERED},
        {"members": ["1"], "to_state": State.NOT_SELECTED, "phase": "x", "reason": "y" * 3000},
    ],
)
def test_malformed_input_gets_a_message_and_moves_nobody(client, af, af_coordinator, body):
    track, members = _pool(af, [State.NOMINATED])
    client.force_login(af_coordinator)
    response = client.post(_url(track), {**body, "confirm": "1"})
    assert response.status_code == 200
    assert "fel i formuläret" in response.content.decode()
    assert _states(members) == [State.NOMINATED]


def test_the_board_links_to_the_bulk_move(client, af, af_coordinator):
    track, _ = _pool(af, [State.NOMINATED])
    client.force_login(af_coordinator)
    assert _url(track) in client.get(track.get_absolute_url()).content.decode()


def _queries_for(client, track):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(_url(track)).status_code == 200
    return len(queries)


def test_the_page_has_a_constant_number_of_queries(client, af, af_coordinator):
    small, _ = _pool(af, [State.NOMINATED])
    large, _ = _pool(af, [State.NOMINATED] * 12)
    client.force_login(af_coordinator)
    _queries_for(client, small)  # the session and the user's second factor, once
    assert _queries_for(client, large) == _queries_for(client, small)
