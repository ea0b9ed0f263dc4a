"""The employer portal follows the consent to presentation to the minute, the coordinators apply
only the decisions on people they may see, and nobody learns from the pool or a decision e-mail
what their organisation may not know."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from jobbspar.models import Notification, NotificationKind
from participants.models import AccessRequest
from tests.identity_numbers import shows_identity_number
from tests.participants.factories import ParticipantFactory
from tests.tracks.factories import TrackParticipantFactory
from tracks import decisions
from tracks.models import CandidateDecision, State

pytestmark = pytest.mark.django_db


def _presented(own):
    return [m for m in own["members"] if m.state == State.PRESENTED]


def _municipal_member(own, municipal_coordinator):
    """A presented candidate the municipality registered (AF sees them by pseudonym)."""
    return TrackParticipantFactory(
        track=own["track"],
        participant=ParticipantFactory(
            registered_by=municipal_coordinator.organisation,
            name="Khadija Omar",
            presentation_consent_on=timezone.localdate() - dt.timedelta(days=12),
            presentation_consent_by=municipal_coordinator,
        ),
        state=State.PRESENTED,
        nominated_by=municipal_coordinator,
    )


def test_a_withdrawn_presentation_consent_removes_the_candidate_at_once(
    client, employer_user, own, af_coordinator
):
    member = _presented(own)[0]
    decisions.record_decision(
        track_participant=member, decision="reserve", comment="Kanske", by=employer_user
    )
    decide = reverse("portal:decide", args=[own["track"].pk, member.pk])
    candidates = reverse("portal:candidates", args=[own["track"].pk])
    client.force_login(employer_user)
    assert client.get(decide).status_code == 200
    shown = len(client.get(candidates).context["cards"])

    client.force_login(af_coordinator)
    url = reverse("participants:presentation_consent", args=[member.participant_id])
    assert client.post(url, {"action": "withdraw"}).status_code == 302

    client.force_login(employer_user)
    assert client.get(decide).status_code == 404
    cards = client.get(candidates).context["cards"]
    assert len(cards) == shown - 1
    assert member.pk not in {card.member_id for card in cards}
    assert client.post(decide, {"decision": "select", "confirmed": "yes"}).status_code == 404
    assert not CandidateDecision.objects.filter(track_participant=member).exists()
    told = Notification.objects.get(kind=NotificationKind.PRESENTATION_CONSENT_WITHDRAWN)
    assert told.recipient == af_coordinator
    assert member.participant.name not in told.subject + told.body
    assert member.pseudonym in told.body


def test_applying_decisions_moves_only_people_the_coordinator_sees(
    client, employer_user, own, af_coordinator, municipal_coordinator
):
    theirs = _municipal_member(own, municipal_coordinator)
    ours = _presented(own)[0]
    for member in (ours, theirs):
        decisions.record_decision(track_participant=member, decision="select", by=employer_user)
    client.force_login(af_coordinator)
    response = client.post(reverse("tracks:apply_decisions", args=[own["track"].pk]), follow=True)
    body = response.content.decode()
    ours.refresh_from_db()
    theirs.refresh_from_db()
    assert (ours.state, theirs.state) == (State.SELECTED, State.PRESENTED)
    assert f"För den andra organisationen att verkställa: {theirs.pseudonym}." in body
    applied = decisions.apply_decisions(track=own["track"], by=municipal_coordinator)
    theirs.refresh_from_db()
    assert (applied.moved, theirs.state) == (1, State.SELECTED)


def test_the_pool_shows_no_comment_or_consent_date_for_a_pseudonym(
    client, employer_user, own, af_coordinator, municipal_coordinator
):
    theirs = _municipal_member(own, municipal_coordinator)
    decisions.record_decision(
        track_participant=theirs,
        decision="decline",
        reason="hours",
        comment="Hon verkade trött på intervjun",
        by=employer_user,
    )
    client.force_login(af_coordinator)
    body = client.get(reverse("tracks:track_detail", args=[own["track"].pk])).content.decode()
    assert theirs.pseudonym in body
    assert "Khadija" not in body
    assert "trött på intervjun" not in body
    assert theirs.participant.presentation_consent_on.isoformat() not in body
    # The municipality, which sees her, gets the comment and the date.
    client.force_login(municipal_coordinator)
    body = client.get(reverse("tracks:track_detail", args=[own["track"].pk])).content.decode()
    assert "trött på intervjun" in body
    assert theirs.participant.presentation_consent_on.isoformat() in body


def test_decision_emails_never_carry_the_employers_free_text(employer_user, own):
    member = _presented(own)[0]
    decisions.record_decision(
        track_participant=member,
        decision="decline",
        reason="hours",
        comment="Fri text om personen",
        by=employer_user,
    )
    told = Notification.objects.get(kind=NotificationKind.CANDIDATE_DECISION)
    assert "Fri text om personen" not in told.subject + told.body


def test_the_other_organisations_team_sees_why_and_asks_for_access_by_member_id(
    client, own, af_coordinator, municipal_coordinator, job_coach
):
    """Issue 21: a pseudonym in the track one works on says why, and offers the request."""
    own["track"].job_coaches.add(job_coach)
    member = _presented(own)[0]
    client.force_login(job_coach)
    body = client.get(reverse("tracks:track_detail", args=[own["track"].pk])).content.decode()
    assert "Registrerad av Arbetsförmedlingen; inget samtycke delar akten" in body
    ask = reverse("tracks:member_access_request", args=[own["track"].pk, member.pk])
    assert ask in body
    page = client.get(ask).content.decode()
    assert member.participant.name not in page
    assert not shows_identity_number(page, member.participant.personal_number)
    response = client.post(
        ask,
        {
            "consent_given_on": timezone.localdate().isoformat(),
            "consent_method": "orally_at_meeting",
            "consent_taken_by": "Jobbcoachen",
            "scope": "without_notes",
            "participant": own["members"][1].participant_id,  # crafted: ignored
        },
    )
    assert response.status_code == 302
    made = AccessRequest.objects.get()
    assert made.participant_id == member.participant_id
    assert made.asked_from.startswith(member.pseudonym)
    body = client.get(reverse("tracks:track_detail", args=[own["track"].pk])).content.decode()
    assert "Åtkomst begärd – väntar på svar." in body
    # The holder sees who it is about.
    client.force_login(af_coordinator)
    decide = client.get(reverse("participants:access_request_decide", args=[made.pk]))
    assert member.participant.name in decide.content.decode()
    # Someone not on the track's team cannot ask through it.
    client.force_login(municipal_coordinator)
    assert client.get(ask).status_code == 404
