"""Valid bodies and effects for the steering pages."""

from __future__ import annotations

from jobbspar.models import Role
from steering.models import (
    Budget,
    Cost,
    DrawDown,
    PlacementTarget,
    SteeringDecision,
    SteeringMeeting,
    SteeringMember,
)
from tests.steering.factories import DrawDownFactory


def _steering_meetings(w):
    return SteeringMeeting.objects.filter(partnership=w["steering_partnership"]).count()


def _minutes(w):
    return SteeringMeeting.objects.get(pk=w["steering_meeting"].pk).minutes


def _steering_decisions(w):
    return SteeringDecision.objects.filter(meeting=w["steering_meeting"]).count()


def _decision_done(w):
    return SteeringDecision.objects.get(pk=w["steering_decision"].pk).done


def _budgets(w):
    return Budget.objects.filter(partnership=w["steering_partnership"]).count()


def _draw_downs(w):
    return DrawDown.objects.filter(budget=w["budget"]).count()


def _members(w):
    return sorted(
        SteeringMember.objects.filter(partnership=w["steering_partnership"]).values_list(
            "user_id", flat=True
        )
    )


def _members_body(w, role):
    """The group as it is, with the municipal coordinator added."""
    return {
        "members": [
            *_members(w),
            w["personas"][Role.MUNICIPAL_COORDINATOR].pk,
        ]
    }


def _steering_meeting_edit(w, role):
    meeting = SteeringMeeting.objects.get(pk=w["steering_meeting"].pk)
    return {
        "held_on": meeting.held_on.isoformat(),
        "agenda": meeting.agenda,
        "minutes": "Styrgruppen gick igenom läget i spåren.",
    }


def _decision_create(w, role):
    return {
        "decision": "Ett spår inom lager och logistik planeras.",
        "decided_by": "Styrgruppen",
        "follow_up_on": "2027-09-01",
        "responsible": w["personas"][Role.MANAGER].pk,
    }


def _budget_amount(w):
    return Budget.objects.get(pk=w["budget"].pk).amount


def _follow_up_on(w):
    return SteeringDecision.objects.get(pk=w["steering_decision"].pk).follow_up_on


def _decision_edit(w, role):
    decision = SteeringDecision.objects.get(pk=w["steering_decision"].pk)
    return {
        "decision": decision.decision,
        "decided_by": decision.decided_by,
        "follow_up_on": "2027-10-01",
        "responsible": decision.responsible_id,
    }


def _costs(w):
    return Cost.objects.filter(draw_down__budget=w["budget"]).count()


def _cost_create(w, role):
    """A cost on the world's track against a draw-down of its own (the world's draw-down is
    removed later, which its costs would stop)."""
    draw_down = DrawDownFactory(budget=w["budget"], amount="40000.00")
    return {
        "draw_down": draw_down.pk,
        "track": w["track"].pk,
        "kind": "language_support",
        "amount": "12 500,25",
        "spent_on": "2027-04-20",
        "note": "Språkstöd vecka 16",
    }


def _placement_target(w):
    target = PlacementTarget.objects.filter(partnership=w["steering_partnership"]).first()
    return target.percent if target else None
