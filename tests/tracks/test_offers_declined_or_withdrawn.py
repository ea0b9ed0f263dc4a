"""Offers that end without a job (issue 17): the participant declines or the employer withdraws,
each with a reason; kept in the history and the milestones, shown on the member's page and in
the portal; a withdrawn offer is not a placement, and the funnel shows both."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from dashboard.outcomes import Filters, compute
from employers.models import EmploymentType
from tests.dates import today
from tests.jobbspar.factories import UserFactory
from tests.participants.factories import ParticipantFactory
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tracks import workflow
from tracks.models import State, Subsidy, Transition

pytestmark = pytest.mark.django_db


def _offered(**kwargs):
    member = TrackParticipantFactory(
        track=TrackFactory(start_date=today() - dt.timedelta(weeks=17)),
        state=State.COMPLETED,
        **kwargs,
    )
    return workflow.move_participant(
        track_participant=member,
        to_state=State.OFFERED,
        by=UserFactory(),
        offer=workflow.Offer(
            employment_type=EmploymentType.PERMANENT,
            start_date=today() + dt.timedelta(days=20),
            hours_per_week=Decimal("37.5"),
            employer=member.track.employer,
            subsidy=Subsidy.UNSUBSIDISED,
        ),
    )


@pytest.mark.parametrize(
    ("ended", "message", "milestone"),
    [
        (State.DECLINED, "tackade nej", "declined_on"),
        (State.OFFER_WITHDRAWN, "återtog", "withdrawn_on"),
    ],
)
def test_an_ended_offer_needs_a_reason_and_is_kept(ended, message, milestone):
    member = _offered()
    by = UserFactory()
    with pytest.raises(workflow.TransitionRefused, match=message):
        workflow.move_participant(track_participant=member, to_state=ended, by=by, reason=" ")
    member.refresh_from_db()
    assert member.state == State.OFFERED and getattr(member, milestone) is None
    workflow.move_participant(
        track_participant=member, to_state=ended, by=by, reason="Tjänsten drogs in."
    )
    member.refresh_from_db()
    assert (member.state, member.reason) == (ended, "Tjänsten drogs in.")
    assert getattr(member, milestone) == timezone.localdate()
    history = Transition.objects.get(track_participant=member, to_state=ended)
    assert (history.reason, history.actor) == ("Tjänsten drogs in.", by)
    # Afterwards: continued support; the milestone and the offer stay.
    workflow.move_participant(track_participant=member, to_state=State.CONTINUED_SUPPORT, by=by)
    member.refresh_from_db()
    assert getattr(member, milestone) == timezone.localdate()
    assert member.offered_on is not None


def test_a_withdrawn_offer_cannot_turn_into_a_job():
    member = _offered()
    workflow.move_participant(
        track_participant=member, to_state=State.OFFER_WITHDRAWN, by=UserFactory(), reason="X"
    )
    with pytest.raises(workflow.TransitionRefused, match="kan inte flyttas till"):
        workflow.move_participant(
            track_participant=member, to_state=State.EMPLOYED, by=UserFactory()
        )


def test_the_member_page_shows_the_withdrawal_and_its_reason(client, af, af_coordinator):
    member = _offered(participant=ParticipantFactory(registered_by=af))
    client.force_login(af_coordinator)
    url = reverse("tracks:member_move", args=[member.track.pk, member.pk])
    response = client.post(url, {"to_state": State.OFFER_WITHDRAWN, "reason": ""})
    assert "Ange skälet till att arbetsgivaren återtog erbjudandet." in response.content.decode()
    response = client.post(
        url, {"to_state": State.OFFER_WITHDRAWN, "reason": "Budgeten för tjänsten drogs in."}
    )
    assert response.status_code == 302
    page = client.get(reverse("tracks:member_detail", args=[member.track.pk, member.pk]))
    body = page.content.decode()
    assert "Erbjudandet återtaget av arbetsgivaren" in body
    assert "Budgeten för tjänsten drogs in." in body


START = dt.date(2025, 3, 1)


def _done(track, **days):
    return TrackParticipantFactory(
        track=track,
        state=State.CONTINUED_SUPPORT,
        **{field: START + dt.timedelta(days=n) for field, n in days.items()},
    )


def test_a_withdrawn_offer_is_no_placement_and_the_funnel_shows_both():
    """20 completers: 5 offered and employed, 5 offered who declined, 5 offered and the offer
    withdrawn, 5 never offered."""
    track = TrackFactory(start_date=START)
    for _index in range(5):
        _done(track, completed_on=100, offered_on=105, employed_on=120)
        _done(track, completed_on=100, offered_on=105, declined_on=110)
        _done(track, completed_on=100, offered_on=105, withdrawn_on=112)
        _done(track, completed_on=100)
    dashboard = compute(Filters(), today=dt.date(2026, 11, 1))
    # Placed: employed 5 + declined 5 (the job was offered); the 5 withdrawn are not.
    assert (dashboard.placement.part, dashboard.placement.whole) == (10, 20)
    assert dashboard.placement.interval_display == "30–70 %"
    funnel = {key: figure.display for key, _label, figure in dashboard.funnel}
    assert (funnel["offered"], funnel["declined"], funnel["withdrawn"]) == ("15", "5", "5")
    assert funnel["employed"] == "5"
