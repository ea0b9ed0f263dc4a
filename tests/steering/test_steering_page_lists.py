"""The steering page reads its short lists and its one-row figures with the partnership
(steering.views.page_lists, jobbspar/database/nested.py; issue 18): each under its own access
function whatever query it is read in, the latest five meetings newest first, the members with
their organisation, the open decisions only, only the columns the page shows, and the figures
kept for the partnership (steering.kept) with its count of cost changes."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from jobbspar.database.nested import instances
from jobbspar.models import Partnership
from steering import access
from steering.figures import Period
from steering.models import FiguresSnapshot, SteeringMeeting, SteeringMember
from steering.views import LATEST_MEETINGS, MEETING_FIELDS, _steering_page, page_lists
from tests.jobbspar.factories import PartnershipFactory
from tests.steering.factories import SteeringDecisionFactory, SteeringMeetingFactory
from tests.steering.test_steering_figures import case, people  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db

YEAR = Period.year(2027)


@pytest.fixture
def group(partnership, manager, af_coordinator):
    SteeringMember.objects.create(partnership=partnership, user=manager)
    SteeringMember.objects.create(partnership=partnership, user=af_coordinator)
    meetings = [
        SteeringMeetingFactory(partnership=partnership, held_on=dt.date(2027, 1, day))
        for day in (5, 1, 20, 9, 13, 2, 28)
    ]
    SteeringDecisionFactory(meeting=meetings[0], decision="Öppet beslut A")
    SteeringDecisionFactory(
        meeting=meetings[1],
        decision="Öppet beslut B",
        follow_up_on=dt.date(2027, 3, 1),
        responsible=manager,
    )
    SteeringDecisionFactory(
        meeting=meetings[2], decision="Klart beslut", done=True, done_on=dt.date(2027, 2, 1)
    )
    # Another partnership's group, meetings and decisions are not this page's.
    other = PartnershipFactory()
    SteeringDecisionFactory(meeting=SteeringMeetingFactory(partnership=other), decision="Annat")
    return meetings


def _lengths(user, base):
    rows = (
        base.order_by("pk")
        .annotate(**page_lists(user, YEAR.start, YEAR.end))
        .values_list("decision_rows", "member_rows", "meeting_rows")
    )
    return [[len(value or []) for value in row] for row in rows]


@pytest.fixture
def second(partnership, manager):
    """Another partnership of the same municipality (and another AF office), with a group,
    meetings and decisions of its own: the municipality's people see both."""
    second = PartnershipFactory(municipality=partnership.municipality)
    SteeringMember.objects.create(partnership=second, user=manager)
    meeting = SteeringMeetingFactory(partnership=second, held_on=dt.date(2027, 4, 1))
    SteeringDecisionFactory(meeting=meeting, decision="Andra partnerskapets beslut")
    return second


def test_each_list_follows_its_own_rule(
    group,
    second,
    partnership,
    manager,
    municipal_coordinator,
    af_coordinator,
    job_coach,
    employer_user,
    lund_coordinator,
):
    """Each partnership's own lists, to those who may see its steering page: in a query of
    every partnership (this one, another of the same municipality, and the group fixture's
    other one), each row carries its own partnership's rows, none of another's."""
    every = Partnership.objects.filter(pk__in=[partnership.pk, second.pk])
    for user in (manager, municipal_coordinator, af_coordinator):
        own = [
            access.decisions_for(user).filter(partnership=partnership, done=False).count(),
            access.members_for(user).filter(partnership=partnership).count(),
            min(LATEST_MEETINGS, access.meetings_for(user).filter(partnership=partnership).count()),
        ]
        assert own == [2, 2, 5]
        assert _lengths(user, Partnership.objects.filter(pk=partnership.pk)) == [own], user
        assert len(_steering_page(user, partnership.pk, YEAR.start, YEAR.end)) == 1
    # The municipality's people see the second partnership's own lists on its row; AF Malmö's
    # coordinator is no party to it and sees none of them.
    for user in (manager, municipal_coordinator):
        assert _lengths(user, every) == [[2, 2, 5], [1, 1, 1]], user
    assert _lengths(af_coordinator, every) == [[2, 2, 5], [0, 0, 0]]
    # No steering page, and no row of its lists read in a query of every partnership.
    for user in (job_coach, employer_user, lund_coordinator):
        assert not _steering_page(user, partnership.pk, YEAR.start, YEAR.end), user
        assert _lengths(user, every) == [[0, 0, 0], [0, 0, 0]], user


def test_the_page_shows_the_latest_meetings_the_members_and_the_open_decisions(
    client, group, partnership, manager
):
    client.force_login(manager)
    response = client.get(reverse("steering:page", args=[partnership.pk]) + "?year=2027")
    assert response.status_code == 200
    meetings = response.context["meetings"]
    assert [m.held_on.day for m in meetings] == [28, 20, 13, 9, 5]
    assert all({"agenda", "minutes"} <= m.get_deferred_fields() for m in meetings)
    assert [m.pk for m in meetings] == [
        m.pk for m in SteeringMeeting.objects.filter(partnership=partnership)[:LATEST_MEETINGS]
    ]
    members = response.context["members"]
    assert [m.user.organisation.name for m in members] == [
        m.user.organisation.name
        for m in SteeringMember.objects.filter(partnership=partnership).select_related(
            "user__organisation"
        )
    ]
    assert all("password" in m.user.get_deferred_fields() for m in members)
    decisions = response.context["open_decisions"]
    assert [d.decision for d in decisions] == ["Öppet beslut B", "Öppet beslut A"]
    assert decisions[0].meeting.held_on == dt.date(2027, 1, 1)
    assert decisions[0].responsible == manager and decisions[1].responsible is None
    assert "password" in decisions[0].responsible.get_deferred_fields()
    body = response.content.decode()
    assert "Öppet beslut A" in body and "Klart beslut" not in body and "Annat" not in body
    assert manager.organisation.name in body
    assert response.context["may_edit"]


def test_a_partnership_without_meetings_reads_none(partnership, manager):
    (row,) = _steering_page(manager, partnership.pk, YEAR.start, YEAR.end)
    assert instances(SteeringMeeting, row.meeting_rows, of=row, fields=MEETING_FIELDS) == []
    assert row.decision_rows is None and row.member_rows is None


def test_the_kept_figures_read_with_the_partnership_are_its_own(
    case,  # noqa: F811
    second,
    partnership,
    municipal_coordinator,
    af_coordinator,
    manager,
    job_coach,
):
    """The figures kept for each partnership and its count of cost changes, read with it (in a
    query of two: the case's and another of the same municipality), are that partnership's, and
    only for those who may see its steering page."""
    every = Partnership.objects.filter(pk__in=[partnership.pk, second.pk]).order_by("pk")
    for kept_for in (partnership, second):
        _keep(kept_for.pk, YEAR)

    def read(user):
        rows = every.annotate(**page_lists(user, YEAR.start, YEAR.end)).values(
            "pk", "kept_figures", "costs_generation"
        )
        return {row["pk"]: row for row in rows}

    for user in (municipal_coordinator, manager):
        rows = read(user)
        for kept_for in (partnership, second):
            assert rows[kept_for.pk]["kept_figures"]["counts"]["mark"] == kept_for.pk, user
        # The case's costs were booked: three changes; none on the second partnership's.
        assert rows[partnership.pk]["costs_generation"] == 3
        assert rows[second.pk]["costs_generation"] is None
    # AF Malmö's coordinator is no party to the second partnership; a job coach to neither.
    rows = read(af_coordinator)
    assert rows[partnership.pk]["kept_figures"]["counts"]["mark"] == partnership.pk
    assert rows[second.pk]["kept_figures"] is None and rows[second.pk]["costs_generation"] is None
    rows = read(job_coach)
    assert all(
        row["kept_figures"] is None and row["costs_generation"] is None for row in rows.values()
    )


def _keep(partnership_id, period):
    """Keeps counts that name their partnership, to tell whose a row carries."""
    FiguresSnapshot.objects.create(
        partnership_id=partnership_id,
        start=period.start,
        end=period.end,
        counts={"mark": partnership_id},
        generation=0,
        computed_at=timezone.now(),
        last_viewed_at=timezone.now(),
    )
