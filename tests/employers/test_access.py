"""Who sees what: the scoping functions and the pages that use them."""

import pytest
from django.urls import reverse

from employers import access as employers_access
from tests.employers.factories import (
    EmployerFactory,
    PlanningMeetingFactory,
    RecruitmentNeedFactory,
)

pytestmark = pytest.mark.django_db


def test_employer_users_see_only_their_own_employer(employer_user, other_employer_user, job_coach):
    own = EmployerFactory(organisation=employer_user.organisation)
    other = EmployerFactory(organisation=other_employer_user.organisation)
    RecruitmentNeedFactory(employer=own)
    RecruitmentNeedFactory(employer=other)
    assert list(employers_access.employers_for(employer_user)) == [own]
    assert [n.employer for n in employers_access.needs_for(employer_user)] == [own]
    assert set(employers_access.employers_for(job_coach)) == {own, other}
    assert not employers_access.meetings_for(employer_user).exists()


def test_another_employers_need_is_not_found(client, employer_user, other_employer_user):
    other_need = RecruitmentNeedFactory(
        employer=EmployerFactory(organisation=other_employer_user.organisation)
    )
    client.force_login(employer_user)
    for name in ["employers:need_detail", "employers:profile"]:
        assert client.get(reverse(name, args=[other_need.pk])).status_code == 404
    assert client.get(reverse("employers:detail", args=[other_need.employer.pk])).status_code == 404


def test_employer_user_page_hides_notes_history_and_meetings(client, employer_user):
    employer = EmployerFactory(organisation=employer_user.organisation, notes="Intern anteckning")
    PlanningMeetingFactory(employer=employer, title="Internt möte")
    client.force_login(employer_user)
    html = client.get(reverse("employers:detail", args=[employer.pk])).content.decode()
    assert employer.name in html
    assert "Intern anteckning" not in html and "Internt möte" not in html
    assert "Historik" not in html
    assert reverse("employers:edit", args=[employer.pk]) not in html


def test_managers_do_not_see_the_coordinator_pages(client, manager):
    employer = EmployerFactory()
    client.force_login(manager)
    assert client.get(reverse("employers:list")).status_code == 403
    assert client.get(reverse("employers:detail", args=[employer.pk])).status_code == 403


def test_job_coach_reads_but_does_not_edit(client, job_coach):
    employer = EmployerFactory()
    client.force_login(job_coach)
    html = client.get(reverse("employers:detail", args=[employer.pk])).content.decode()
    assert reverse("employers:edit", args=[employer.pk]) not in html
    assert client.post(reverse("employers:edit", args=[employer.pk]), {}).status_code == 403


def test_navigation_shows_employers_to_staff_and_admin(client, job_coach, manager, employer_user):
    client.force_login(job_coach)
    assert ">Arbetsgivare</a>" in client.get(reverse("home")).content.decode()
    for user in (manager, employer_user):
        client.force_login(user)
        assert ">Arbetsgivare</a>" not in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize("rows", [3, 30])
def test_employer_detail_query_count_is_constant(
    client, af_coordinator, django_assert_num_queries, rows
):
    from employers.agreements import save_agreement
    from employers.models import Agreement
    from tests.employers.factories import ContactPersonFactory

    employer = EmployerFactory()
    ContactPersonFactory.create_batch(rows, employer=employer)
    for need in RecruitmentNeedFactory.create_batch(rows, employer=employer):
        save_agreement(
            need=need,
            agreement=Agreement(
                positions=2,
                employment_service_commitments="a",
                municipality_commitments="b",
                meeting_cadence="c",
            ),
            by=af_coordinator,
        )
    PlanningMeetingFactory.create_batch(rows, employer=employer)
    client.force_login(af_coordinator)
    client.get(reverse("employers:detail", args=[employer.pk]))
    with django_assert_num_queries(8):  # session, user, device, organisation, unread in one
        client.get(reverse("employers:detail", args=[employer.pk]))


@pytest.mark.parametrize("rows", [3, 30])
def test_need_and_agreement_pages_query_counts_are_constant(
    client, af_coordinator, django_assert_num_queries, rows
):
    from employers.agreements import confirm_agreement, save_agreement
    from employers.models import Agreement, Criterion, Party
    from employers.profiles import add_criterion

    need = RecruitmentNeedFactory()
    for _ in range(rows):
        add_criterion(
            need=need,
            criterion=Criterion(kind="driving_licence", mode="required", driving_licence="B"),
            by=af_coordinator,
        )
    agreement = save_agreement(
        need=need,
        agreement=Agreement(
            positions=2,
            employment_service_commitments="a",
            municipality_commitments="b",
            meeting_cadence="c",
            profile_version=need.profile_versions.get(),
        ),
        by=af_coordinator,
    )
    confirm_agreement(
        agreement=agreement, party=Party.EMPLOYER, confirmed_by_name="N", by=af_coordinator
    )
    client.force_login(af_coordinator)
    for url, expected in [
        (reverse("employers:need_detail", args=[need.pk]), 6),  # + its shortage occupation
        (reverse("employers:agreement_detail", args=[agreement.pk]), 7),
    ]:
        client.get(url)
        with django_assert_num_queries(expected):
            client.get(url)
