"""The demo's steering group: the Malmö partnership's Jobbpakten budget, two draw-downs and a
meeting with decisions, seeded once."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from jobbspar.demo import partnership
from steering.models import Budget, Cost, SteeringDecision, SteeringMember
from steering.money import budget_summary

pytestmark = pytest.mark.django_db


def test_demo_steering_group_and_budget_seeded_once(settings):
    settings.DEMO_MODE = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    malmo = partnership()
    summary = budget_summary(
        Budget.objects.filter(partnership=malmo),
        costs=Cost.objects.all(),
        year=timezone.localdate().year,
    )
    [line] = summary.lines
    assert (line.budget.amount, line.drawn, line.remaining) == (
        Decimal("2400000.00"),
        Decimal("950000.50"),
        Decimal("1449999.50"),
    )
    assert sorted(
        SteeringMember.objects.filter(partnership=malmo).values_list("user__username", flat=True)
    ) == ["chef", "samordnare.af", "samordnare.malmo"]
    assert sorted(SteeringDecision.objects.values_list("done", flat=True)) == [False, True]
