import datetime as dt
from decimal import Decimal

import factory

from steering.models import Budget, DrawDown, SteeringDecision, SteeringMeeting
from tests.jobbspar.factories import default_partnership
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


def steering_objects(partnership, *, members, responsible) -> dict:
    """A partnership's steering group with a meeting, an open decision with a follow-up, a
    Jobbpakten budget for 2027 and a draw-down (the authorization world and the IDOR probe)."""
    from steering.models import SteeringMember

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
        "draw_down": DrawDownFactory(budget=budget),
    }
