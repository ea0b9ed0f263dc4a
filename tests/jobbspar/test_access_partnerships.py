"""The partnership predicate every partnership-owned queryset is narrowed by
(`jobbspar.access.in_partnerships_of`): its array of partnership ids is written once as SQL
instead of an ArraySubquery built and compiled from a queryset each time (issue 18). It must
give exactly the partnerships `Partnership.objects.of(organisation)` gives, for every kind of
organisation, and the querysets narrowed by it exactly the rows narrowing by that queryset
gives."""

from django.db.models import F

from jobbspar.access import _PartnershipIdsOf, in_own_partnerships, in_partnerships_of
from jobbspar.database.arrays import InArray
from jobbspar.models import Partnership
from steering import access as steering_access
from tests.jobbspar.factories import (
    EmploymentServiceFactory,
    PartnershipFactory,
)
from tests.steering.factories import BudgetFactory, CostFactory, DrawDownFactory
from tests.tracks.factories import TrackFactory
from tracks import access as tracks_access
from tracks.models import Track


def _ids_of(organisation_id):
    return set(
        Partnership.objects.filter(
            InArray(F("pk"), _PartnershipIdsOf(organisation_id))
        ).values_list("pk", flat=True)
    )


def _orm_ids_of(organisation_id):
    return set(Partnership.objects.of(organisation_id).values_list("pk", flat=True))


def test_the_array_holds_the_partnerships_the_orm_gives_for_every_organisation(
    partnership, other_partnership, employer_org
):
    # An AF office in two partnerships (with two municipalities), a municipality in one, an
    # organisation in none, and no organisation at all.
    second = PartnershipFactory(employment_service=partnership.employment_service)
    lone = EmploymentServiceFactory()
    cases = {
        partnership.employment_service_id: {partnership.pk, second.pk},
        partnership.municipality_id: {partnership.pk},
        second.municipality_id: {second.pk},
        other_partnership.municipality_id: {other_partnership.pk},
        lone.pk: set(),
        employer_org.pk: set(),
        None: set(),
    }
    for organisation_id, expected in cases.items():
        assert _ids_of(organisation_id) == _orm_ids_of(organisation_id) == expected


def test_building_the_predicate_runs_no_query_and_the_page_runs_it_once(
    partnership, af_coordinator, django_assert_num_queries
):
    with django_assert_num_queries(0):
        queryset = in_partnerships_of(af_coordinator.organisation_id, Track.objects.all())
    sql = str(queryset.query)
    assert sql.count("ANY(ARRAY(SELECT") == 1
    assert '"jobbspar_partnership"' in sql


def test_tracks_are_narrowed_to_the_same_rows_as_by_the_partnership_queryset(
    partnership, other_partnership, af_coordinator, lund_coordinator, job_coach, manager
):
    ours = TrackFactory(need__partnership=partnership)
    theirs = TrackFactory(need__partnership=other_partnership)
    for user in (af_coordinator, lund_coordinator, job_coach):
        narrowed = set(in_own_partnerships(user, Track.objects.all()).values_list("pk", flat=True))
        expected = set(
            Track.objects.filter(
                partnership__in=Partnership.objects.of(user.organisation_id)
            ).values_list("pk", flat=True)
        )
        assert narrowed == expected
        assert narrowed == set(tracks_access.tracks_for(user).values_list("pk", flat=True))
    assert set(tracks_access.tracks_for(af_coordinator).values_list("pk", flat=True)) == {ours.pk}
    assert set(tracks_access.tracks_for(lund_coordinator).values_list("pk", flat=True)) == {
        theirs.pk
    }
    # A manager is no authority staff: no track through in_own_partnerships.
    assert not in_own_partnerships(manager, Track.objects.all()).exists()


def test_steering_rows_through_each_path_follow_the_viewers_partnerships(
    partnership,
    other_partnership,
    manager,
    af_coordinator,
    lund_coordinator,
    job_coach,
    admin_user,
    employer_user,
):
    ours = CostFactory(draw_down=DrawDownFactory(budget=BudgetFactory(partnership=partnership)))
    theirs = CostFactory(
        draw_down=DrawDownFactory(budget=BudgetFactory(partnership=other_partnership))
    )
    expected_for = {
        manager: {ours},
        af_coordinator: {ours},
        lund_coordinator: {theirs},
        job_coach: set(),  # no steering pages
        admin_user: set(),  # runs the system, is no party
        employer_user: set(),
    }
    for user, costs in expected_for.items():
        assert set(steering_access.costs_for(user)) == costs
        assert set(steering_access.draw_downs_for(user)) == {c.draw_down for c in costs}
        assert set(steering_access.budgets_for(user)) == {c.draw_down.budget for c in costs}
        assert set(steering_access.tracks_for_steering(user)) == {c.track for c in costs}
    # The municipality joins a second partnership: its budgets show at once (nothing cached).
    joined = PartnershipFactory(
        municipality=partnership.municipality,
        employment_service=other_partnership.employment_service,
    )
    budget = BudgetFactory(partnership=joined)
    assert budget in set(steering_access.budgets_for(manager))
    assert budget not in set(steering_access.budgets_for(af_coordinator))


def test_steering_querysets_carry_the_array_not_a_partnership_queryset(manager):
    for queryset in (
        steering_access.costs_for(manager),
        steering_access.budgets_for(manager),
        steering_access.track_members_for_steering(manager),
    ):
        sql = str(queryset.query)
        assert sql.count("= ANY(ARRAY(SELECT P.") == 1
        assert 'IN (SELECT U0."id" FROM "jobbspar_partnership"' not in sql
