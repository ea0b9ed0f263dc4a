"""The demo's participants: varied and valid; one open request for access for Malmö to release."""

import pytest

from jobbspar.identity import normalise_personal_number
from participants.models import AccessRequest, Consent, Participant, PlanItem

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def test_seed_demo_creates_at_least_40_varied_participants():
    participants = list(Participant.objects.select_related("registered_by"))
    assert len(participants) >= 40
    for participant in participants:
        assert normalise_personal_number(participant.personal_number) == (
            participant.personal_number
        )
        assert 1965 <= participant.birth_date.year <= 2004
    assert {p.registered_by.name for p in participants} == {"Arbetsförmedlingen", "Malmö stad"}
    assert len({p.swedish_level for p in participants}) >= 5
    assert any("D" in p.driving_licences for p in participants)
    assert PlanItem.objects.exists()
    assert Consent.objects.exists()
    interests = {o.code for p in participants for o in p.interests.all()}
    assert {"5321", "4322", "8331", "9412"} <= interests


def test_seed_demo_leaves_one_open_access_request_for_malmo_to_release():

    request = AccessRequest.objects.select_related(
        "participant__registered_by", "asking_organisation", "asked_by"
    ).get()
    assert request.is_open
    assert request.participant.registered_by.name == "Malmö stad"
    assert (request.asking_organisation.name, request.asked_by.username) == (
        "Arbetsförmedlingen",
        "samordnare.af",
    )
