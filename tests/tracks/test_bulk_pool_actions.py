"""The pool board's other bulk actions: present to the employer (with the consent check per
member), remind the employer to decide, and export; each previews first, is carried out only as
previewed (a member changed since is previewed again), and gives each member's result."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jobbspar.models import AccessLog, AccessPurpose, Notification, NotificationKind, Role
from tests.jobbspar.factories import UserFactory
from tests.participants.factories import ParticipantFactory
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tracks import bulk, workflow
from tracks.bulk_reminders import remind_employer
from tracks.models import CandidateDecision, Decision, State, Transition

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


def _consent(member, by):
    participant = member.participant
    participant.presentation_consent_on = timezone.localdate()
    participant.presentation_consent_by = by
    participant.save(update_fields=["presentation_consent_on", "presentation_consent_by"])


def _consented_pool(af, states, by, **track_kwargs):
    track, members = _pool(af, states, **track_kwargs)
    for member in members:
        _consent(member, by)
    return track, members


def _states(members):
    return [type(m).objects.get(pk=m.pk).state for m in members]


def _fingerprint(response):
    body = response.content.decode()
    marker = 'name="previewed" value="'
    start = body.index(marker) + len(marker)
    return body[start : body.index('"', start)]


# --- Present -------------------------------------------------------------------------------


def test_presenting_refuses_a_member_without_consent_with_the_reason(af, af_coordinator):
    _, members = _pool(af, [State.IN_INTRODUCTION] * 3 + [State.NOMINATED])
    for member in members[:2]:
        _consent(member, af_coordinator)
    outcomes = bulk.present_all(members, by=af_coordinator)
    assert [o.result for o in outcomes] == [
        bulk.Result.DONE,
        bulk.Result.DONE,
        bulk.Result.REFUSED,
        bulk.Result.REFUSED,
    ]
    assert "samtycket till presentation" in outcomes[2].refusal
    assert "kan inte flyttas till" in outcomes[3].refusal
    assert _states(members) == [State.PRESENTED] * 2 + [State.IN_INTRODUCTION, State.NOMINATED]
    assert Transition.objects.filter(to_state=State.PRESENTED).count() == 2


def test_present_page_previews_then_presents_as_previewed(client, af, af_coordinator):
    track, members = _pool(af, [State.IN_INTRODUCTION] * 2)
    _consent(members[0], af_coordinator)
    client.force_login(af_coordinator)
    url = reverse("tracks:bulk_present", args=[track.pk])
    choice = {"members": [m.pk for m in members]}
    preview = client.post(url, {**choice, "preview": "1"})
    body = preview.content.decode()
    assert "Presenteras inte:" in body and "Presentera 1 deltagare" in body
    assert _states(members) == [State.IN_INTRODUCTION] * 2
    done = client.post(url, {**choice, "previewed": _fingerprint(preview), "confirm": "1"})
    assert "Presenterad" in done.content.decode()
    assert _states(members) == [State.PRESENTED, State.IN_INTRODUCTION]


def test_a_member_moved_after_the_preview_is_previewed_again_not_presented(
    client, af, af_coordinator
):
    track, members = _pool(af, [State.IN_INTRODUCTION] * 2)
    for member in members:
        _consent(member, af_coordinator)
    client.force_login(af_coordinator)
    url = reverse("tracks:bulk_present", args=[track.pk])
    choice = {"members": [m.pk for m in members]}
    preview = client.post(url, {**choice, "preview": "1"})
    # Someone else moves one of them between the preview and the confirmation.
    workflow.move_participant(
        track_participant=members[1], to_state=State.NOT_SELECTED, by=af_coordinator, reason="x"
    )
    response = client.post(url, {**choice, "previewed": _fingerprint(preview), "confirm": "1"})
    assert "ändrades efter förhandsvisningen" in response.content.decode()
    assert _states(members) == [State.IN_INTRODUCTION, State.NOT_SELECTED]


# --- Remind --------------------------------------------------------------------------------


def _employer_users(track, count=2):
    return [
        UserFactory(role=Role.EMPLOYER, organisation=track.employer.organisation)
        for _ in range(count)
    ]


def test_the_employer_is_reminded_once_about_the_undecided_presented_candidates(af, af_coordinator):
    track, members = _consented_pool(
        af, [State.PRESENTED, State.PRESENTED, State.PRESENTED, State.NOMINATED], af_coordinator
    )
    users = _employer_users(track)
    CandidateDecision.objects.create(
        track_participant=members[2],
        decision=Decision.SELECT,
        decided_by=users[0],
        decided_at=timezone.now(),
    )
    outcomes = remind_employer(members, track=track, by=af_coordinator)
    assert [o.result for o in outcomes] == [bulk.Result.DONE] * 2 + [bulk.Result.REFUSED] * 2
    assert "redan fattat beslut" in outcomes[2].refusal
    assert "Väntar inte på arbetsgivarens beslut" in outcomes[3].refusal
    sent = Notification.objects.filter(kind=NotificationKind.DECISION_REMINDER)
    assert {n.recipient for n in sent} == set(users)
    body = sent.first().body
    numbers = [m.candidate_number for m in members[:2]]
    assert all(f"kandidat {n}" in body for n in numbers)
    # Names never leave the system in an e-mail.
    assert not any(m.participant.name in body for m in members)
    # A second reminder the same day is refused, and sends nothing.
    again = remind_employer(members[:2], track=track, by=af_coordinator)
    assert {o.result for o in again} == {bulk.Result.REFUSED}
    assert "redan påmints" in again[0].refusal
    assert sent.count() == 2


def test_a_reminder_is_refused_when_nobody_at_the_employer_can_be_reminded(af, af_coordinator):
    track, members = _consented_pool(af, [State.PRESENTED], af_coordinator)
    [outcome] = remind_employer(members, track=track, by=af_coordinator)
    assert outcome.result == bulk.Result.REFUSED
    assert "Ingen hos arbetsgivaren" in outcome.refusal
    assert not Notification.objects.exists()


def test_a_reminder_after_the_selection_deadline_is_refused(af, af_coordinator):
    track, members = _consented_pool(
        af,
        [State.PRESENTED],
        af_coordinator,
        selection_deadline=timezone.localdate() - dt.timedelta(days=1),
    )
    _employer_users(track)
    [outcome] = remind_employer(members, track=track, by=af_coordinator)
    assert "inte längre besluta" in outcome.refusal


def test_the_remind_preview_sends_nothing(client, af, af_coordinator):
    track, members = _consented_pool(af, [State.PRESENTED], af_coordinator)
    _employer_users(track)
    client.force_login(af_coordinator)
    url = reverse("tracks:bulk_remind", args=[track.pk])
    preview = client.post(url, {"members": [members[0].pk], "preview": "1"})
    assert "Kommer med i påminnelsen" in preview.content.decode()
    assert not Notification.objects.exists()
    client.post(
        url, {"members": [members[0].pk], "previewed": _fingerprint(preview), "confirm": "1"}
    )
    # One reminder for each of the employer's two portal users.
    assert Notification.objects.filter(kind=NotificationKind.DECISION_REMINDER).count() == 2


# --- Export --------------------------------------------------------------------------------


def test_export_gives_the_chosen_members_fields_the_user_may_see_and_logs_each(
    client, af, af_coordinator
):
    track, members = _consented_pool(
        af, [State.NOMINATED, State.PRESENTED, State.NOMINATED], af_coordinator
    )
    members[0].participant.name = "=HYPERLINK(1)"
    members[0].participant.save(update_fields=["name"])
    client.force_login(af_coordinator)
    url = reverse("tracks:bulk_export", args=[track.pk])
    choice = {"members": [members[0].pk, members[1].pk]}
    preview = client.post(url, {**choice, "preview": "1"})
    assert "Exporteras" in preview.content.decode()
    logged_before = AccessLog.objects.order_by("-pk").values_list("pk", flat=True).first()
    response = client.post(url, {**choice, "previewed": _fingerprint(preview), "confirm": "1"})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    lines = response.content.decode().lstrip("\ufeff").splitlines()
    assert lines[0].startswith("Kandidatnummer;Läge i jobbspåret;Personnummer;Namn")
    # Job coaches and coordinators of another kind see other columns; income support is not
    # a field an AF coordinator sees.
    assert "försörjningsstöd" not in lines[0].lower()
    assert len(lines) == 3
    assert "'=HYPERLINK(1)" in lines[1]
    assert members[2].participant.name not in response.content.decode()
    exported = AccessLog.objects.filter(purpose=AccessPurpose.EXPORT, pk__gt=logged_before)
    assert set(exported.values_list("object_id", flat=True)) == {
        str(members[0].participant.pk),
        str(members[1].participant.pk),
    }


def test_a_member_seen_by_pseudonym_cannot_be_exported_by_id(
    client, af, municipality, af_coordinator
):
    track, [mine] = _consented_pool(af, [State.NOMINATED], af_coordinator)
    hidden = TrackParticipantFactory(
        track=track, participant=ParticipantFactory(registered_by=municipality, name="Dold Person")
    )
    client.force_login(af_coordinator)
    url = reverse("tracks:bulk_export", args=[track.pk])
    response = client.post(url, {"members": [mine.pk, hidden.pk], "confirm": "1"})
    assert response["Content-Type"].startswith("text/html")
    assert "inte i det här spårets pool" in response.content.decode()
    assert "Dold Person" not in response.content.decode()


def test_the_board_ticks_hand_the_choice_to_the_action_page(client, af, af_coordinator):
    track, members = _pool(af, [State.IN_INTRODUCTION] * 3)
    client.force_login(af_coordinator)
    board = client.get(track.get_absolute_url()).content.decode()
    assert 'form="pool-choice" name="members"' in board
    assert reverse("tracks:bulk_present", args=[track.pk]) in board
    page = client.get(
        reverse("tracks:bulk_present", args=[track.pk]), {"members": [members[0].pk]}
    ).content.decode()
    assert page.count("checked") == 1
    everyone = client.get(reverse("tracks:bulk_present", args=[track.pk]), {"all": "1"})
    assert everyone.content.decode().count("checked") == 3


@pytest.mark.parametrize("action", ["bulk_remind", "bulk_export"])
def test_the_previews_have_a_constant_number_of_queries(client, af, af_coordinator, action):
    pools = [_consented_pool(af, [State.PRESENTED] * n, af_coordinator) for n in (1, 12)]
    for track, _members in pools:
        _employer_users(track)
    client.force_login(af_coordinator)
    _preview_queries(client, action, *pools[0])  # the session and the second factor, once
    assert _preview_queries(client, action, *pools[1]) == _preview_queries(
        client, action, *pools[0]
    )


def test_presenting_costs_the_same_queries_for_each_member(client, af, af_coordinator):
    # One locked, recorded move per member (in the rolled-back preview too): that is the point,
    # so the page costs a constant plus the same number of queries for each member.
    pools = [_consented_pool(af, [State.IN_INTRODUCTION] * n, af_coordinator) for n in (1, 2, 12)]
    client.force_login(af_coordinator)
    _preview_queries(client, "bulk_present", *pools[0])
    one, two, twelve = (_preview_queries(client, "bulk_present", *pool) for pool in pools)
    assert twelve - one == 11 * (two - one)


def _preview_queries(client, action, track, members):
    url = reverse(f"tracks:{action}", args=[track.pk])
    with CaptureQueriesContext(connection) as captured:
        response = client.post(url, {"members": [m.pk for m in members], "preview": "1"})
        assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("action", ["bulk_present", "bulk_remind", "bulk_export", "bulk_move"])
def test_a_member_of_another_track_is_refused_by_id(client, af, af_coordinator, action):
    track, [mine] = _consented_pool(af, [State.IN_INTRODUCTION], af_coordinator)
    _, [elsewhere] = _consented_pool(af, [State.IN_INTRODUCTION], af_coordinator)
    client.force_login(af_coordinator)
    response = client.post(
        reverse(f"tracks:{action}", args=[track.pk]),
        {"members": [mine.pk, elsewhere.pk], "to_state": State.PRESENTED, "confirm": "1"},
    )
    assert response.status_code == 200
    assert "inte i det här spårets pool" in response.content.decode()
    assert _states([mine, elsewhere]) == [State.IN_INTRODUCTION] * 2
    assert not Notification.objects.exists()
