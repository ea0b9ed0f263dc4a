"""Select, reserve or decline a presented candidate: the confirmation step, changes until the
deadline, the history, the coordinators' notification, and the coordinators applying them."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from jobbspar.models import Notification, NotificationKind
from tracks import decisions
from tracks.models import CandidateDecision, CandidateDecisionChange, Decision, State

pytestmark = pytest.mark.django_db


def _presented(own):
    return [m for m in own["members"] if m.state == State.PRESENTED]


def test_a_decision_is_saved_only_after_the_confirmation(client, employer_user, own):
    client.force_login(employer_user)
    member = _presented(own)[0]
    url = reverse("portal:decide", args=[own["track"].pk, member.pk])
    response = client.post(url, {"decision": "reserve", "comment": "Bra, men vi har få platser"})
    assert response.status_code == 200
    assert "portal/decide_confirm.html" in [t.name for t in response.templates]
    assert not CandidateDecision.objects.exists()
    response = client.post(
        url, {"decision": "reserve", "comment": "Bra, men vi har få platser", "confirmed": "yes"}
    )
    assert response.status_code == 302
    decision = CandidateDecision.objects.get(track_participant=member)
    assert decision.decision == Decision.RESERVE
    assert decision.comment == "Bra, men vi har få platser"
    assert decision.decided_by == employer_user


def test_going_back_from_the_confirmation_keeps_what_was_entered(client, employer_user, own):
    client.force_login(employer_user)
    member = _presented(own)[0]
    url = reverse("portal:decide", args=[own["track"].pk, member.pk])
    response = client.post(
        url, {"decision": "decline", "reason": "hours", "comment": "Kvällar", "edit": "1"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Kvällar" in body
    assert 'value="hours" selected' in body
    assert not CandidateDecision.objects.exists()


def test_declining_without_a_reason_is_refused_in_swedish(client, employer_user, own):
    client.force_login(employer_user)
    member = _presented(own)[0]
    url = reverse("portal:decide", args=[own["track"].pk, member.pk])
    response = client.post(url, {"decision": "decline", "comment": "Inte nu", "confirmed": "yes"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Välj ett skäl till att ni tackar nej." in body
    assert "Inte nu" in body  # nothing entered is lost
    assert not CandidateDecision.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"decision": "hire-everyone"},
        {"decision": "decline", "reason": "not-a-reason"},
        {"decision": "select", "comment": "x" * 5000},
    ],
)
def test_bad_input_gives_a_message_not_an_error(client, employer_user, own, data):
    client.force_login(employer_user)
    member = _presented(own)[0]
    url = reverse("portal:decide", args=[own["track"].pk, member.pk])
    response = client.post(url, {**data, "confirmed": "yes"})
    assert response.status_code == 200
    assert 'class="alert alert-danger' in response.content.decode() or "is-invalid" in (
        response.content.decode()
    )
    assert not CandidateDecision.objects.exists()


def test_changing_a_decision_keeps_the_history_and_notifies_each_change_once(
    employer_user, own, af_coordinator
):
    member = _presented(own)[0]
    decisions.record_decision(track_participant=member, decision="select", by=employer_user)
    decisions.record_decision(track_participant=member, decision="select", by=employer_user)
    decisions.record_decision(
        track_participant=member, decision="decline", reason="experience", by=employer_user
    )
    assert list(
        CandidateDecisionChange.objects.filter(track_participant=member).values_list(
            "decision", flat=True
        )
    ) == ["select", "decline"]
    assert CandidateDecision.objects.get(track_participant=member).decision == "decline"
    notes = Notification.objects.filter(
        kind=NotificationKind.CANDIDATE_DECISION, recipient=af_coordinator
    )
    assert notes.count() == 2
    # The e-mail names the candidate by pseudonym only.
    assert member.participant.name not in " ".join(n.body + n.subject for n in notes)


def test_no_changes_after_the_deadline(client, employer_user, own):
    track = own["track"]
    track.selection_deadline = timezone.localdate() - dt.timedelta(days=1)
    track.save()
    member = _presented(own)[0]
    with pytest.raises(decisions.DecisionRefused):
        decisions.record_decision(track_participant=member, decision="select", by=employer_user)
    client.force_login(employer_user)
    url = reverse("portal:decide", args=[track.pk, member.pk])
    response = client.post(url, {"decision": "select", "confirmed": "yes"})
    assert response.status_code == 200
    assert "kan inte längre ändras här" in response.content.decode()
    assert not CandidateDecision.objects.exists()


def test_coordinators_see_the_decisions_in_the_pool_and_apply_them(
    client, employer_user, own, af_coordinator
):
    first, second, third, fourth = _presented(own)
    decisions.record_decision(track_participant=first, decision="select", by=employer_user)
    decisions.record_decision(track_participant=second, decision="select", by=employer_user)
    decisions.record_decision(track_participant=third, decision="reserve", by=employer_user)
    decisions.record_decision(
        track_participant=fourth, decision="decline", reason="hours", by=employer_user
    )
    client.force_login(af_coordinator)
    track = own["track"]
    body = client.get(reverse("tracks:track_detail", args=[track.pk])).content.decode()
    assert "Arbetsgivarens beslut:" in body
    assert body.count("Arbetsgivarens beslut:") == 4
    response = client.post(reverse("tracks:apply_decisions", args=[track.pk]))
    assert response.status_code == 302
    for member in (first, second, third, fourth):
        member.refresh_from_db()
    assert [first.state, second.state, third.state, fourth.state] == [
        State.SELECTED,
        State.SELECTED,
        State.PRESENTED,
        State.NOT_SELECTED,
    ]
    assert "Cannot work the hours" in fourth.reason or "arbeta de tider" in fourth.reason
    # Once applied, the employer's decision on them is settled.
    with pytest.raises(decisions.DecisionRefused):
        decisions.record_decision(
            track_participant=first, decision="decline", reason="other", by=employer_user
        )


def test_a_selected_person_is_named_in_a_blind_track(client, employer_user, own, af_coordinator):
    member = _presented(own)[0]
    decisions.record_decision(track_participant=member, decision="select", by=employer_user)
    decisions.apply_decisions(track=own["track"], by=af_coordinator)
    client.force_login(employer_user)
    body = client.get(reverse("portal:candidates", args=[own["track"].pk])).content.decode()
    assert member.participant.name in body


def test_the_coordinator_sees_every_version_of_a_decision(client, employer_user, own, af):
    from jobbspar.models import Role
    from tests.jobbspar.factories import UserFactory

    member = _presented(own)[0]
    decisions.record_decision(track_participant=member, decision="reserve", by=employer_user)
    decisions.record_decision(
        track_participant=member,
        decision="decline",
        reason="language",
        comment="Tal i telefon",
        by=employer_user,
    )
    coordinator = UserFactory(role=Role.AF_COORDINATOR, organisation=af)
    client.force_login(coordinator)
    body = client.get(
        reverse("tracks:member_detail", args=[own["track"].pk, member.pk])
    ).content.decode()
    assert "Arbetsgivarens beslut" in body
    assert "Reserv" in body
    assert "Svenskan räcker inte än för arbetsplatsen" in body
    assert "Tal i telefon" in body


def test_every_coordinator_of_the_track_is_notified_in_one_insert(
    client, employer_user, own, af_coordinator, municipal_coordinator
):
    """A track with two coordinators (as in the demo): the decision reached a 500 in the test
    run, where django-zeal reported the get-or-create per coordinator as an N+1."""
    own["track"].coordinators.add(municipal_coordinator)
    member = _presented(own)[0]
    client.force_login(employer_user)
    url = reverse("portal:decide", args=[own["track"].pk, member.pk])
    response = client.post(url, {"decision": "select", "confirmed": "yes"})
    assert response.status_code == 302
    notified = Notification.objects.filter(kind=NotificationKind.CANDIDATE_DECISION)
    assert set(notified.values_list("recipient", flat=True)) == {
        af_coordinator.pk,
        municipal_coordinator.pk,
    }
