"""Demo steering group for the Malmö partnership: the demo manager and both coordinators as
members, a meeting with two decisions (one open, with a follow-up for the manager), and this
year's Jobbpakten budget with two committees' draw-downs. Idempotent: if the budget exists,
nothing is done."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from jobbspar.demo import partnership
from jobbspar.models import User
from steering import group, money
from steering.models import Budget, DrawDown, SteeringDecision, SteeringMeeting
from tracks.models import FundingSourceKind

MEMBERS = ["chef", "samordnare.af", "samordnare.malmo"]


@transaction.atomic
def seed() -> bool:
    malmo = partnership()
    year = timezone.localdate().year
    if Budget.objects.filter(
        partnership=malmo, source=FundingSourceKind.JOBBPAKTEN, year=year
    ).exists():
        return False
    users = {user.username: user for user in User.objects.filter(username__in=MEMBERS)}
    manager, coordinator = users["chef"], users["samordnare.malmo"]
    group.set_members(partnership=malmo, users=list(users.values()), by=coordinator)
    today = timezone.localdate()
    meeting = group.save_meeting(
        meeting=SteeringMeeting(
            partnership=malmo,
            held_on=today - dt.timedelta(days=14),
            agenda="1. Läget i jobbspåren\n2. Avrop ur Jobbpakten\n3. Nästa spår",
            minutes="Styrgruppen gick igenom placeringsgraden och beslutade om två avrop.",
        ),
        by=coordinator,
    )
    group.save_decision(
        decision=SteeringDecision(
            decision="Ett nytt jobbspår inom lager och logistik planeras till hösten.",
            decided_by="Styrgruppen",
            follow_up_on=today + dt.timedelta(days=30),
            responsible=manager,
        ),
        meeting=meeting,
    )
    done = group.save_decision(
        decision=SteeringDecision(
            decision="Arbetsmarknads- och socialnämnden avropar medel till jobbcoacher.",
            decided_by="Styrgruppen",
        ),
        meeting=meeting,
    )
    group.set_decision_done(decision=done, done=True, today=today)
    budget = money.save_budget(
        budget=Budget(
            source=FundingSourceKind.JOBBPAKTEN,
            year=year,
            amount=Decimal("2400000.00"),
            note="Jobbpakten, kommunfullmäktiges beslut",
        ),
        partnership=malmo,
    )
    for committee, amount, day, purpose in (
        (
            "Arbetsmarknads- och socialnämnden",
            Decimal("600000.00"),
            dt.date(year, 1, 20),
            "Jobbcoacher i spåren för vård och omsorg",
        ),
        (
            "Gymnasie- och vuxenutbildningsnämnden",
            Decimal("350000.50"),
            dt.date(year, 2, 17),
            "Yrkessvenska och språkstöd",
        ),
    ):
        money.record_draw_down(
            draw_down=DrawDown(committee=committee, amount=amount, drawn_on=day, purpose=purpose),
            budget=budget,
            by=coordinator,
        )
    return True


def demo_step() -> str:
    """This app's part of `seed_demo` (its `demo` contribution)."""
    if seed():
        return "a steering group, a meeting with decisions, a Jobbpakten budget, two draw-downs"
    return "the steering group was already there"
