"""Certificates a track gives (truckkort, hygienintyg …) join the participant's record when they
complete it, once, and count in later matching."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from employers.models import CriterionKind, CriterionMode
from participants.models import ParticipantStatus
from tests.dates import today
from tests.employers.factories import CriterionFactory
from tests.participants.factories import ParticipantFactory
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tracks import matching, workflow
from tracks.earned_certificates import add_track_certificates
from tracks.models import PauseReason, State
from tracks.pausing import Pause

pytestmark = pytest.mark.django_db


def _in_apl(af, gives, **participant):
    track = TrackFactory(start_date=today() - dt.timedelta(weeks=17), certificates=gives)
    person = ParticipantFactory(registered_by=af, swedish_level="b1", **participant)
    return TrackParticipantFactory(track=track, participant=person, state=State.IN_APL)


def _complete(member, by):
    return workflow.move_participant(track_participant=member, to_state=State.COMPLETED, by=by)


def test_completion_adds_the_tracks_certificates_once(af, af_coordinator):
    member = _in_apl(af, ["forklift", "hygiene"], certificates=["cpr", "hygiene"])
    _complete(member, af_coordinator)
    member.participant.refresh_from_db()
    assert member.participant.certificates == ["cpr", "hygiene", "forklift"]
    # Again (a no-op move) and once more by hand: nothing is added twice.
    _complete(member, af_coordinator)
    assert add_track_certificates(member) == []
    member.participant.refresh_from_db()
    assert member.participant.certificates == ["cpr", "hygiene", "forklift"]
    # The participant's history records the change.
    assert member.participant.record_events.filter(certificates__contains=["forklift"]).exists()


@pytest.mark.parametrize(
    "to_state", [State.DISCONTINUED, State.OFFERED, State.PAUSED, State.IN_TRAINING]
)
def test_no_certificate_without_completion(af, af_coordinator, to_state):
    member = _in_apl(af, ["forklift"])
    workflow.move_participant(
        track_participant=member,
        to_state=to_state,
        by=af_coordinator,
        reason="Skäl",
        offer=workflow.Offer(
            employment_type="permanent",
            start_date=today() + dt.timedelta(days=10),
            hours_per_week=Decimal("40"),
            employer=member.track.employer,
            subsidy="unsubsidised",
        ),
        pause=Pause(PauseReason.OTHER, today() + dt.timedelta(days=10)),
    )
    member.participant.refresh_from_db()
    assert "forklift" not in member.participant.certificates


def test_a_completed_truckkort_matches_a_profile_that_needs_it(af, af_coordinator):
    member = _in_apl(af, ["forklift"], name="Truckförare")
    later = TrackFactory(start_date=today() + dt.timedelta(weeks=4))
    CriterionFactory(
        version=later.profile_version,
        kind=CriterionKind.CERTIFICATE,
        mode=CriterionMode.REQUIRED,
        certificate="forklift",
        swedish_level="",
    )
    criteria = matching.criteria_of(later)
    before = matching.explain_participant(participant=member.participant, criteria=criteria)
    assert [r.verdict for r in before.results] == [matching.Verdict.BLOCKING]

    _complete(member, af_coordinator)
    workflow.move_participant(
        track_participant=member, to_state=State.CONTINUED_SUPPORT, by=af_coordinator
    )
    member.participant.refresh_from_db()
    assert member.participant.status == ParticipantStatus.ACTIVE
    after = matching.explain_participant(participant=member.participant, criteria=criteria)
    assert [r.verdict for r in after.results] == [matching.Verdict.MET]
    found = matching.find_candidates(track=later, user=af_coordinator, criteria=criteria)
    assert "Truckförare" in [p.name for p in found]


def test_the_participant_page_names_what_the_track_gave(client, af, af_coordinator):
    member = _in_apl(af, ["forklift"])
    _complete(member, af_coordinator)
    client.force_login(af_coordinator)
    page = client.get(
        reverse("participants:participant_detail", args=[member.participant.pk])
    ).content
    assert b"Truckkort" in page or b"truckkort" in page
    assert "Intyg från spåret".encode() in page  # the column naming them
