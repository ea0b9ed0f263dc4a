"""A plan item's dates are checked by the domain function that saves it (participants/plan.py),
whatever calls it; the views only show its refusal on the form (issue 20)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from participants import plan
from participants.models import InterventionKind
from tests.participants.factories import ParticipantFactory

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 9, 1)


def test_adding_refuses_an_actual_end_before_the_actual_start(af_coordinator):
    participant = ParticipantFactory(registered_by=af_coordinator.organisation)
    with pytest.raises(ValidationError) as refused:
        plan.add_plan_item(
            participant=participant,
            kind=InterventionKind.values[0],
            title="Yrkessvenska",
            actual_start=DAY,
            actual_end=DAY - dt.timedelta(days=1),
            by=af_coordinator,
        )
    assert "actual_end" in refused.value.message_dict
    assert not participant.plan_items.exists()


def test_adding_keeps_the_actual_dates(af_coordinator):
    participant = ParticipantFactory(registered_by=af_coordinator.organisation)
    item = plan.add_plan_item(
        participant=participant,
        kind=InterventionKind.values[0],
        title="Yrkessvenska",
        actual_start=DAY,
        actual_end=DAY + dt.timedelta(days=30),
        by=af_coordinator,
    )
    item.refresh_from_db()
    assert (item.actual_start, item.actual_end) == (DAY, DAY + dt.timedelta(days=30))


def test_saving_refuses_dates_a_form_did_not_check(af_coordinator):
    participant = ParticipantFactory(registered_by=af_coordinator.organisation)
    item = plan.add_plan_item(
        participant=participant,
        kind=InterventionKind.values[0],
        title="Truckkort",
        by=af_coordinator,
    )
    item.planned_start, item.planned_end = DAY, DAY - dt.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        plan.save_plan_item(item=item, by=af_coordinator)
    assert "planned_end" in refused.value.message_dict
