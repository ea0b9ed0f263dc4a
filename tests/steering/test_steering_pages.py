"""The steering pages through the test client: figures as the page shows them, who edits, and
bad input answered with a message."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from steering.models import DrawDown, FiguresSnapshot, SteeringDecision, SteeringMember
from tests.dates import today
from tests.jobbspar.factories import PartnershipFactory
from tests.steering.factories import (
    BudgetFactory,
    DrawDownFactory,
    SteeringDecisionFactory,
    SteeringMeetingFactory,
)
from tracks.models import FundingSourceKind

pytestmark = pytest.mark.django_db
D = Decimal


def text(response) -> str:
    """The page's text, tags dropped and white space (also non-breaking) made single spaces."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).replace(
        "\xa0", " "
    )


@pytest.fixture
def budget(partnership):
    budget = BudgetFactory(partnership=partnership, amount=D("1250000.00"))
    DrawDownFactory(budget=budget, amount=D("312500.25"))
    return budget


def page(partnership, year=2027):
    return reverse("steering:page", args=[partnership.pk]) + f"?year={year}"


def test_the_steering_page_shows_budget_drawn_and_remaining_to_the_ore(
    client, manager, partnership, budget
):
    BudgetFactory(partnership=partnership, source=FundingSourceKind.EU, amount=D("200000.10"))
    client.force_login(manager)
    body = text(client.get(page(partnership)))
    assert "Jobbpakten 1 250 000,00 kr 312 500,25 kr 937 499,75 kr" in body
    assert "EU-medel 200 000,10 kr 0,00 kr 200 000,10 kr" in body
    assert "Totalt 1 450 000,10 kr 312 500,25 kr 1 137 499,85 kr" in body


def test_a_member_records_a_draw_down_and_the_remaining_amount_changes(
    client, manager, partnership, budget
):
    SteeringMember.objects.create(partnership=partnership, user=manager)
    client.force_login(manager)
    response = client.post(
        reverse("steering:draw_down_create", args=[budget.pk]),
        {
            "committee": "Gymnasie- och vuxenutbildningsnämnden",
            "amount": "87 499,50",
            "drawn_on": "2027-09-30",
            "purpose": "Yrkessvenska",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == page(partnership)
    drawn = DrawDown.objects.get(committee="Gymnasie- och vuxenutbildningsnämnden")
    assert (drawn.amount, drawn.recorded_by) == (D("87499.50"), manager)
    assert "Jobbpakten 1 250 000,00 kr 399 999,75 kr 850 000,25 kr" in text(
        client.get(page(partnership))
    )


def test_an_overdraw_is_refused_with_the_remaining_amount(
    client, municipal_coordinator, partnership, budget
):
    client.force_login(municipal_coordinator)
    response = client.post(
        reverse("steering:draw_down_create", args=[budget.pk]),
        {"committee": "Nämnden", "amount": "937 499,76", "drawn_on": "2027-05-02", "purpose": "x"},
    )
    assert response.status_code == 200
    assert "Avropet är större än det som återstår av budgeten (937 499,75 kr)" in text(response)
    assert DrawDown.objects.filter(budget=budget).count() == 1


def test_a_manager_outside_the_group_reads_but_does_not_edit(client, manager, partnership, budget):
    client.force_login(manager)
    response = client.get(page(partnership))
    assert response.status_code == 200
    assert reverse("steering:draw_down_create", args=[budget.pk]) not in response.content.decode()
    assert client.get(reverse("steering:budget_create", args=[partnership.pk])).status_code == 403
    assert client.get(reverse("steering:draw_down_create", args=[budget.pk])).status_code == 403


def test_another_partnerships_coordinator_gets_nothing(
    client, lund_coordinator, partnership, budget
):
    client.force_login(lund_coordinator)
    assert client.get(page(partnership)).status_code == 404
    assert client.get(reverse("steering:budget_detail", args=[budget.pk])).status_code == 404
    index = client.get(reverse("steering:index")).content.decode()
    assert page(partnership).split("?")[0] not in index


@pytest.mark.parametrize("year", ["abc", "1999", "99999999999", "２０２７"])
def test_a_year_that_is_not_one_shows_this_year(client, manager, partnership, year):
    client.force_login(manager)
    response = client.get(reverse("steering:page", args=[partnership.pk]), {"year": year})
    assert response.status_code == 200
    assert response.context["year"] == today().year


def test_open_decisions_are_listed_and_a_coordinator_marks_one_done(
    client, municipal_coordinator, manager, partnership
):
    meeting = SteeringMeetingFactory(partnership=partnership, held_on=dt.date(2027, 2, 10))
    open_one = SteeringDecisionFactory(
        meeting=meeting,
        decision="Utvärdera språkstödet",
        follow_up_on=dt.date(2027, 6, 1),
        responsible=manager,
    )
    SteeringDecisionFactory(
        meeting=meeting, decision="Redan klart", done=True, done_on=dt.date(2027, 2, 11)
    )
    client.force_login(municipal_coordinator)
    body = text(client.get(page(partnership)))
    assert "Utvärdera språkstödet Styrgruppen 2027-02-10 2027-06-01" in body
    assert "Redan klart" not in body
    response = client.post(reverse("steering:decision_done", args=[open_one.pk]), {"done": "1"})
    assert response.status_code == 302
    assert SteeringDecision.objects.get(pk=open_one.pk).done
    assert "Inga öppna beslut." in text(client.get(page(partnership)))


def test_a_decision_is_recorded_at_a_meeting(client, af_coordinator, manager, partnership):
    meeting = SteeringMeetingFactory(partnership=partnership)
    client.force_login(af_coordinator)
    response = client.post(
        reverse("steering:decision_create", args=[meeting.pk]),
        {"decision": "Avropa", "decided_by": "Styrgruppen", "follow_up_on": "2027-06-01"},
    )
    assert response.status_code == 200
    assert "Ett beslut med uppföljningsdatum behöver en ansvarig." in text(response)
    response = client.post(
        reverse("steering:decision_create", args=[meeting.pk]),
        {
            "decision": "Avropa 300 000 kr",
            "decided_by": "Styrgruppen",
            "follow_up_on": "2027-06-01",
            "responsible": manager.pk,
        },
    )
    assert response.status_code == 302
    assert SteeringDecision.objects.get().responsible == manager


def test_the_steering_menu_entry_is_for_managers_and_coordinators(client, manager, job_coach):
    client.force_login(manager)
    assert 'href="/steering/"' in client.get(reverse("home")).content.decode()
    client.force_login(job_coach)
    assert 'href="/steering/"' not in client.get(reverse("home")).content.decode()
    assert client.get(reverse("steering:index")).status_code == 403


# The session (with the unread count); the partnership with its target, open decisions, members,
# latest meetings, the figures kept for the year and the partnership's count of cost changes
# (steering.views._steering_page); the budgets.
STEERING_PAGE_QUERIES = 3
# When no figures are kept (steering.kept): also the costs per track, the members' counts per
# track, the hires and the tracks' counts, and keeping them.
STEERING_PAGE_QUERIES_COMPUTING = STEERING_PAGE_QUERIES + 5


def page_queries(client, url) -> tuple[int, int]:
    """The queries of the page when its figures are computed (none kept) and when they are
    read as kept by that request."""
    counts = []
    for forget in (True, False):
        if forget:
            FiguresSnapshot.objects.all().delete()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured))
    return counts[0], counts[1]


def test_the_steering_page_costs_the_same_queries_however_much_it_shows(
    client, manager, partnership
):
    client.force_login(manager)
    SteeringMember.objects.create(partnership=partnership, user=manager)
    meeting = SteeringMeetingFactory(partnership=partnership)
    SteeringDecisionFactory(meeting=meeting, follow_up_on=dt.date(2027, 6, 1), responsible=manager)
    DrawDownFactory(budget=BudgetFactory(partnership=partnership))
    client.get(page(partnership))  # the first request of a session also renews it
    few = page_queries(client, page(partnership))
    # Issue 18: the partnership with its target, its short lists and its kept figures in one
    # query, "may edit" from the members listed (tests/steering/test_steering_page_lists.py,
    # test_kept_figures.py).
    assert few == (STEERING_PAGE_QUERIES_COMPUTING, STEERING_PAGE_QUERIES), few
    for source in (FundingSourceKind.EU, FundingSourceKind.COMMITTEE, FundingSourceKind.OTHER):
        DrawDownFactory(budget=BudgetFactory(partnership=partnership, source=source))
    for _ in range(4):
        SteeringDecisionFactory(
            meeting=SteeringMeetingFactory(partnership=partnership),
            follow_up_on=dt.date(2027, 6, 1),
            responsible=manager,
        )
    assert page_queries(client, page(partnership)) == few


def test_a_mistaken_draw_down_is_removed_and_a_budget_changed_but_not_below_what_is_drawn(
    client, municipal_coordinator, partnership, budget
):
    client.force_login(municipal_coordinator)
    response = client.post(
        reverse("steering:budget_edit", args=[budget.pk]), {"amount": "312 500,24", "note": ""}
    )
    assert response.status_code == 200
    assert "Budgeten kan inte vara mindre än det som redan är avropat (312 500,25 kr)" in text(
        response
    )
    mistaken = DrawDownFactory(budget=budget, amount=D("10.00"))
    response = client.post(reverse("steering:draw_down_delete", args=[mistaken.pk]))
    assert response.status_code == 302
    assert not DrawDown.objects.filter(pk=mistaken.pk).exists()
    response = client.post(
        reverse("steering:budget_edit", args=[budget.pk]), {"amount": "312 500,25", "note": ""}
    )
    assert response.status_code == 302
    assert "Jobbpakten 312 500,25 kr 312 500,25 kr 0,00 kr" in text(client.get(page(partnership)))


@pytest.mark.parametrize("name", ["meeting_detail", "decisions", "budget_detail"])
def test_lists_cost_the_same_queries_however_many_rows(
    client, municipal_coordinator, manager, partnership, name
):
    meeting = SteeringMeetingFactory(partnership=partnership)
    budget = BudgetFactory(partnership=partnership)
    arguments = {
        "meeting_detail": meeting.pk,
        "decisions": partnership.pk,
        "budget_detail": budget.pk,
    }

    def add_rows():
        SteeringDecisionFactory(
            meeting=meeting, follow_up_on=dt.date(2027, 6, 1), responsible=manager
        )
        DrawDownFactory(budget=budget, amount=D("1.00"), recorded_by=municipal_coordinator)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse(f"steering:{name}", args=[arguments[name]]))
            assert response.status_code == 200
        return len(captured)

    client.force_login(municipal_coordinator)
    add_rows()
    queries()  # the first request of a session also renews it
    few = queries()
    for _ in range(4):
        add_rows()
    assert queries() == few


def test_a_decisions_follow_up_is_moved_and_its_responsible_stays_of_the_partnership(
    client, af_coordinator, manager, lund_coordinator, partnership
):
    decision = SteeringDecisionFactory(
        meeting=SteeringMeetingFactory(partnership=partnership),
        follow_up_on=dt.date(2027, 6, 1),
        responsible=manager,
    )
    client.force_login(af_coordinator)
    url = reverse("steering:decision_edit", args=[decision.pk])
    body = {
        "decision": decision.decision,
        "decided_by": "Styrgruppen",
        "follow_up_on": "2027-10-01",
    }
    refused = client.post(url, {**body, "responsible": lund_coordinator.pk})
    assert refused.status_code == 200
    assert "responsible" in refused.context["form"].errors
    assert client.post(url, {**body, "responsible": af_coordinator.pk}).status_code == 302
    stored = SteeringDecision.objects.get(pk=decision.pk)
    assert (stored.follow_up_on, stored.responsible) == (dt.date(2027, 10, 1), af_coordinator)


def test_may_edit_from_the_members_already_read_agrees_with_the_query(
    manager, af_coordinator, partnership
):
    """Issue 18: the steering page answers "may edit" from the members it lists (no query of
    its own); the answer is the same as the query's, for a member, a non-member and a
    coordinator."""
    from steering import access

    def both(user) -> tuple[bool, bool]:
        members = list(access.members_for(user).filter(partnership=partnership))
        return (
            access.may_edit_steering(user, partnership),
            access.may_edit_steering(user, partnership, members=members),
        )

    assert both(manager) == (False, False)
    assert both(af_coordinator) == (True, True)
    SteeringMember.objects.create(partnership=partnership, user=manager)
    assert both(manager) == (True, True)
    other = PartnershipFactory(municipality=partnership.municipality)
    SteeringMember.objects.create(partnership=other, user=manager)
    # A membership of another partnership of the same municipality is not one of this.
    members_elsewhere = list(access.members_for(manager).filter(partnership=other))
    assert access.may_edit_steering(manager, partnership, members=members_elsewhere) is False
