"""Demo steering group for the Malmö partnership: the demo manager and both coordinators as
members, a meeting with two decisions (one open, with a follow-up for the manager), and this
year's Jobbpakten budget with two committees' draw-downs, and costs booked on two of the demo's
Malmö tracks. Idempotent: if the budget exists, nothing more is done to the group and the money;
the costs are added once, when the budget has none (also to a demo seeded before them)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from jobbspar.demo import partnership
from jobbspar.models import User
from steering import group, money
from steering.models import Budget, Cost, CostKind, DrawDown, SteeringDecision, SteeringMeeting
from tracks.models import FundingSourceKind, Track

MEMBERS = ["chef", "samordnare.af", "samordnare.malmo"]

# Costs on two of the demo's Malmö tracks (tracks.demo.TRACKS): track name, the draw-down's
# committee, kind, amount, day of the year (month, day), note.
COSTS = (
    (
        "Undersköterskor våren (avslutat)",
        "Arbetsmarknads- och socialnämnden",
        CostKind.PROVIDER_INVOICE,
        Decimal("185000.00"),
        (3, 10),
        "Faktura från utbildningsanordnaren, vårens kurs",
    ),
    (
        "Vårdbiträden (pågår)",
        "Gymnasie- och vuxenutbildningsnämnden",
        CostKind.LANGUAGE_SUPPORT,
        Decimal("48250.25"),
        (3, 24),
        "Yrkessvenska, 12 deltagare",
    ),
)


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


@transaction.atomic
def seed_costs() -> int:
    """Book the demo's costs on two Malmö tracks against this year's Jobbpakten draw-downs, once
    (none if the budget already has costs, or the tracks or draw-downs are missing)."""
    year = timezone.localdate().year
    budget = Budget.objects.filter(
        partnership=partnership(), source=FundingSourceKind.JOBBPAKTEN, year=year
    ).first()
    if budget is None or Cost.objects.filter(draw_down__budget=budget).exists():
        return 0
    draw_downs = {d.committee: d for d in DrawDown.objects.filter(budget=budget)}
    tracks = {
        t.name: t
        for t in Track.objects.filter(
            partnership=budget.partnership, name__in=[spec[0] for spec in COSTS]
        )
    }
    coordinator = User.objects.filter(username="samordnare.malmo").first()
    booked = 0
    for track_name, committee, kind, amount, (month, day), note in COSTS:
        track, draw_down = tracks.get(track_name), draw_downs.get(committee)
        if track is None or draw_down is None:
            continue
        money.record_cost(
            cost=Cost(kind=kind, amount=amount, spent_on=dt.date(year, month, day), note=note),
            draw_down=draw_down,
            track=track,
            by=coordinator,
        )
        booked += 1
    return booked


def demo_step() -> str:
    """This app's part of `seed_demo` (its `demo` contribution)."""
    seeded, costs = seed(), seed_costs()
    if seeded:
        return (
            "a steering group, a meeting with decisions, a Jobbpakten budget, two draw-downs, "
            f"{costs} costs on tracks"
        )
    return f"the steering group was already there ({costs} costs added)"
