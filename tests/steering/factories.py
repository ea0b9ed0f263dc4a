import datetime as dt
from decimal import Decimal

import factory

from steering.models import Budget, Cost, CostKind, DrawDown, SteeringDecision, SteeringMeeting
from tests.jobbspar.factories import default_partnership
from tests.tracks.factories import TrackFactory
from tracks.models import FundingSourceKind


class SteeringMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SteeringMeeting

    partnership = factory.LazyFunction(default_partnership)
    held_on = dt.date(2027, 2, 10)
    agenda = "1. Läget i jobbspåren\n2. Avrop ur Jobbpakten"
    minutes = ""


class SteeringDecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SteeringDecision

    meeting = factory.SubFactory(SteeringMeetingFactory)
    partnership = factory.SelfAttribute("meeting.partnership")
    decision = "Ett nytt jobbspår inom vård och omsorg planeras till hösten."
    decided_by = "Styrgruppen"


class BudgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Budget

    partnership = factory.LazyFunction(default_partnership)
    source = FundingSourceKind.JOBBPAKTEN
    year = 2027
    amount = Decimal("1000000.00")


class DrawDownFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DrawDown

    budget = factory.SubFactory(BudgetFactory)
    committee = "Arbetsmarknads- och socialnämnden"
    amount = Decimal("100000.00")
    drawn_on = dt.date(2027, 3, 1)
    purpose = "Jobbcoacher i spåret för lokalvård"


class CostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cost

    draw_down = factory.SubFactory(DrawDownFactory)
    track = factory.LazyAttribute(
        lambda o: TrackFactory(need__partnership=o.draw_down.budget.partnership)
    )
    kind = CostKind.PROVIDER_INVOICE
    amount = Decimal("25000.00")
    spent_on = dt.date(2027, 4, 15)
    note = "Faktura 2027-041"


def steering_objects(partnership, *, members, responsible, track=None) -> dict:
    """A partnership's steering group with a meeting, an open decision with a follow-up, a
    Jobbpakten budget for 2027, a draw-down and a cost on `track` (one of the partnership's; a
    new one if not given) against it (the authorization world and the IDOR probe)."""
    from steering.models import SteeringMember

    if track is None:
        track = TrackFactory(need__partnership=partnership)

    for user in members:
        SteeringMember.objects.create(partnership=partnership, user=user)
    meeting = SteeringMeetingFactory(partnership=partnership)
    budget = BudgetFactory(partnership=partnership)
    return {
        "steering_partnership": partnership,
        "steering_meeting": meeting,
        "steering_decision": SteeringDecisionFactory(
            meeting=meeting, follow_up_on=dt.date(2027, 5, 3), responsible=responsible
        ),
        "budget": budget,
        **_money(budget, track),
    }


def _money(budget, track) -> dict:
    draw_down = DrawDownFactory(budget=budget)
    return {"draw_down": draw_down, "cost": CostFactory(draw_down=draw_down, track=track)}
