"""The steering group: who may be a member or responsible, and the decision log."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from jobbspar.models import Role
from steering.group import save_decision, set_decision_done, set_members
from steering.models import SteeringDecision, SteeringMember
from tests.jobbspar.factories import UserFactory
from tests.steering.factories import SteeringMeetingFactory

pytestmark = pytest.mark.django_db


def member_names(partnership):
    return sorted(
        SteeringMember.objects.filter(partnership=partnership).values_list(
            "user__username", flat=True
        )
    )


def test_managers_and_coordinators_of_both_authorities_can_be_members(
    partnership, manager, af_coordinator, municipal_coordinator
):
    af_manager = UserFactory(
        username="af.chef", role=Role.MANAGER, organisation=partnership.employment_service
    )
    set_members(
        partnership=partnership,
        users=[manager, af_manager, af_coordinator, municipal_coordinator],
        by=municipal_coordinator,
    )
    assert member_names(partnership) == [
        "af.chef",
        "af.coordinator",
        "malmo.coordinator",
        "manager",
    ]
    # Naming fewer members removes the others; naming them again changes nothing.
    set_members(partnership=partnership, users=[manager, af_manager], by=municipal_coordinator)
    set_members(partnership=partnership, users=[manager, af_manager], by=municipal_coordinator)
    assert member_names(partnership) == ["af.chef", "manager"]


@pytest.mark.parametrize("who", ["job_coach", "employer_user", "lund_coordinator", "admin_user"])
def test_others_cannot_be_members(request, partnership, manager, municipal_coordinator, who):
    outsider = request.getfixturevalue(who)
    with pytest.raises(ValidationError) as refused:
        set_members(partnership=partnership, users=[manager, outsider], by=municipal_coordinator)
    assert "members" in refused.value.message_dict
    assert member_names(partnership) == []


def test_a_decision_with_a_follow_up_date_names_a_responsible_of_the_partnership(
    partnership, manager, lund_coordinator
):
    meeting = SteeringMeetingFactory(partnership=partnership)
    without = SteeringDecision(
        decision="Utvärdera spåret", decided_by="Styrgruppen", follow_up_on=dt.date(2027, 6, 1)
    )
    with pytest.raises(ValidationError) as refused:
        save_decision(decision=without, meeting=meeting)
    assert "responsible" in refused.value.message_dict
    without.responsible = lund_coordinator
    with pytest.raises(ValidationError):
        save_decision(decision=without, meeting=meeting)
    without.responsible = manager
    saved = save_decision(decision=without, meeting=meeting)
    assert saved.partnership == partnership
    assert SteeringDecision.objects.get(pk=saved.pk).responsible == manager


def test_marking_a_decision_done_records_the_day_and_can_be_undone(partnership, manager):
    meeting = SteeringMeetingFactory(partnership=partnership)
    decision = save_decision(
        decision=SteeringDecision(decision="Anställ en jobbcoach till", decided_by="Nämnden"),
        meeting=meeting,
    )
    set_decision_done(decision=decision, done=True, today=dt.date(2027, 3, 3))
    set_decision_done(decision=decision, done=True, today=dt.date(2027, 3, 9))  # no change
    stored = SteeringDecision.objects.get(pk=decision.pk)
    assert (stored.done, stored.done_on) == (True, dt.date(2027, 3, 3))
    set_decision_done(decision=decision, done=False, today=dt.date(2027, 3, 10))
    stored = SteeringDecision.objects.get(pk=decision.pk)
    assert (stored.done, stored.done_on) == (False, None)
