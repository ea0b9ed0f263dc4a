"""The demo's steering group: the Malmö partnership's Jobbpakten budget, two draw-downs, costs on
two tracks and a meeting with decisions; and the rest of what issue 17's "Done when" asks of the
demo (two shortage occupations, one subsidised hire)."""

from decimal import Decimal

import pytest
from django.utils import timezone

from employers.models import ShortageOccupation
from jobbspar.demo import partnership
from steering.models import Budget, Cost, CostKind, SteeringDecision, SteeringMember
from steering.money import budget_summary
from tracks.models import State, Subsidy, TrackParticipant

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def test_demo_steering_group_and_budget_seeded_once(settings):
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
    # Costs on two of Malmö's tracks, against the two draw-downs, booked once.
    assert line.spent == Decimal("233250.25")
    assert line.unspent == Decimal("716750.25")
    costs = Cost.objects.select_related("track", "draw_down").order_by("spent_on")
    assert [(c.track.name, c.kind, c.amount, c.draw_down.committee) for c in costs] == [
        (
            "Undersköterskor våren (avslutat)",
            CostKind.PROVIDER_INVOICE,
            Decimal("185000.00"),
            "Arbetsmarknads- och socialnämnden",
        ),
        (
            "Vårdbiträden (pågår)",
            CostKind.LANGUAGE_SUPPORT,
            Decimal("48250.25"),
            "Gymnasie- och vuxenutbildningsnämnden",
        ),
    ]
    assert {c.track.partnership_id for c in costs} == {malmo.pk}
    # A meeting with decisions (one open with a follow-up date, one done).
    decisions = SteeringDecision.objects.filter(meeting__partnership=malmo)
    assert decisions.count() == 2
    assert decisions.filter(done=False, follow_up_on__isnull=False).count() == 1
    # Two shortage occupations in Malmö's county, and one subsidised hire in its tracks.
    assert ShortageOccupation.objects.filter(region=malmo.region).count() == 2
    subsidised = TrackParticipant.objects.filter(
        track__partnership=malmo, state=State.EMPLOYED, offer_subsidy=Subsidy.NYSTARTSJOBB
    )
    assert subsidised.count() == 1
    assert sorted(
        SteeringMember.objects.filter(partnership=malmo).values_list("user__username", flat=True)
    ) == ["chef", "samordnare.af", "samordnare.malmo"]
    assert sorted(SteeringDecision.objects.values_list("done", flat=True)) == [False, True]
