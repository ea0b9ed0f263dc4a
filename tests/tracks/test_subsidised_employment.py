"""Subsidised employment (issue 17): an offer and an employed follow-up say whether the job is
subsidised and how; the domain functions refuse what is missing, whatever calls them."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from employers.models import EmploymentType
from tests.dates import today
from tests.jobbspar.factories import UserFactory
from tests.participants.factories import ParticipantFactory
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tests.tracks.test_follow_up_pages import follow_up_of
from tracks import workflow
from tracks.followups import FollowUpAnswer, FollowUpRefused, record_answer
from tracks.models import SUBSIDISED, FollowUpSituation, State, Subsidy

pytestmark = pytest.mark.django_db


def _completed():
    track = TrackFactory(start_date=today() - dt.timedelta(weeks=17))
    return TrackParticipantFactory(track=track, state=State.COMPLETED)


def _offer(member, subsidy):
    return workflow.Offer(
        employment_type=EmploymentType.FIXED_TERM,
        start_date=today() + dt.timedelta(days=30),
        hours_per_week=Decimal("30"),
        employer=member.track.employer,
        subsidy=subsidy,
    )


def test_every_form_but_unsubsidised_is_subsidised():
    assert Subsidy.UNSUBSIDISED not in SUBSIDISED
    assert {Subsidy.NYSTARTSJOBB, Subsidy.INTRODUKTIONSJOBB, Subsidy.WAGE_SUBSIDY} < SUBSIDISED
    assert Subsidy.OTHER in SUBSIDISED


@pytest.mark.parametrize("subsidy", ["", "bidrag", None])
def test_an_offer_without_a_known_subsidy_is_refused(subsidy):
    member = _completed()
    with pytest.raises(workflow.TransitionRefused, match="subventionerat"):
        workflow.move_participant(
            track_participant=member,
            to_state=State.OFFERED,
            by=UserFactory(),
            offer=_offer(member, subsidy),
        )
    member.refresh_from_db()
    assert member.state == State.COMPLETED and member.offer_subsidy == ""


def test_a_subsidised_offer_is_recorded_with_its_form():
    member = _completed()
    workflow.move_participant(
        track_participant=member,
        to_state=State.OFFERED,
        by=UserFactory(),
        offer=_offer(member, Subsidy.INTRODUKTIONSJOBB),
    )
    member.refresh_from_db()
    assert member.offer_subsidy == Subsidy.INTRODUKTIONSJOBB
    assert member.offer_is_subsidised is True
    assert member.offer_hours_per_week == Decimal("30")


def test_an_unknown_subsidy_is_refused_by_the_database():
    member = _completed()
    member.offer_subsidy = "grant"
    with pytest.raises(IntegrityError), transaction.atomic():
        member.save(update_fields=["offer_subsidy"])


def test_an_offer_recorded_before_the_question_is_neither_subsidised_nor_not():
    assert TrackParticipantFactory.build(offer_subsidy="").offer_is_subsidised is None
    assert TrackParticipantFactory.build(offer_subsidy="unsubsidised").offer_is_subsidised is False


def _employed(**kwargs):
    return FollowUpAnswer(
        situation=FollowUpSituation.EMPLOYED_ELSEWHERE,
        self_sufficient=True,
        employment_type=EmploymentType.PERMANENT,
        hours_per_week=Decimal("37.5"),
        not_hired_reason="Fick jobb närmare hemmet.",
        **kwargs,
    )


def test_an_employed_follow_up_needs_the_subsidy(municipal_coordinator):
    follow_up = follow_up_of(municipal_coordinator)
    with pytest.raises(FollowUpRefused, match="subventionerat"):
        record_answer(follow_up=follow_up, answer=_employed(), by=municipal_coordinator)
    follow_up.refresh_from_db()
    assert follow_up.answered_at is None


def test_an_employment_cannot_start_after_the_follow_up(municipal_coordinator):
    follow_up = follow_up_of(municipal_coordinator)
    later = timezone.localdate() + dt.timedelta(days=1)
    answer = _employed(subsidy=Subsidy.NYSTARTSJOBB, employment_start=later)
    with pytest.raises(FollowUpRefused, match="senast"):
        record_answer(follow_up=follow_up, answer=answer, by=municipal_coordinator)


def test_the_subsidy_and_start_are_kept_only_for_an_employed_answer(municipal_coordinator):
    follow_up = follow_up_of(municipal_coordinator)
    start = timezone.localdate() - dt.timedelta(days=60)
    record_answer(
        follow_up=follow_up,
        answer=_employed(subsidy=Subsidy.WAGE_SUBSIDY, employment_start=start),
        by=municipal_coordinator,
    )
    follow_up.refresh_from_db()
    assert (follow_up.subsidy, follow_up.employment_start) == (Subsidy.WAGE_SUBSIDY, start)
    record_answer(
        follow_up=follow_up,
        answer=FollowUpAnswer(
            situation=FollowUpSituation.STUDYING,
            self_sufficient=False,
            subsidy=Subsidy.WAGE_SUBSIDY,
            employment_start=start,
            not_hired_reason="Studerar vidare.",
        ),
        by=municipal_coordinator,
    )
    follow_up.refresh_from_db()
    assert (follow_up.subsidy, follow_up.employment_start) == ("", None)


def test_the_coordinators_move_form_needs_and_shows_the_subsidy(client, af, af_coordinator):
    member = _completed()
    member.participant = ParticipantFactory(registered_by=af)
    member.save()
    client.force_login(af_coordinator)
    url = reverse("tracks:member_move", args=[member.track.pk, member.pk])
    data = {
        "to_state": State.OFFERED,
        "employment_type": "permanent",
        "start_date": (today() + dt.timedelta(days=7)).isoformat(),
        "hours_per_week": "37,5",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "subsidy" in response.context["form"].errors
    response = client.post(url, {**data, "subsidy": Subsidy.OTHER})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.offer_subsidy == Subsidy.OTHER
    page = client.get(url).content.decode()
    assert "annan form av subventionerad anställning" in page
