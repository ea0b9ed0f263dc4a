"""Requirement profiles: structured criteria, versions frozen by assessment, and the diff."""

import pytest
from django.urls import reverse

from employers.models import Criterion, CriterionKind, CriterionMode
from employers.profiles import (
    add_criterion,
    current_version,
    diff_versions,
    mark_profile_version_used,
    remove_criterion,
    set_profile_notes,
    versions_of,
)
from tests.employers.factories import RecruitmentNeedFactory

pytestmark = pytest.mark.django_db


def _swedish(mode=CriterionMode.REQUIRED, level="sfi_c", weight=None):
    return Criterion(kind=CriterionKind.SWEDISH, mode=mode, swedish_level=level, weight=weight)


def test_edits_change_the_version_in_place_until_it_is_used(af_coordinator):
    need = RecruitmentNeedFactory()
    add_criterion(need=need, criterion=_swedish(), by=af_coordinator)
    add_criterion(
        need=need,
        criterion=Criterion(kind="certificate", mode="trained", certificate="delegation", weight=4),
        by=af_coordinator,
    )
    assert [v.number for v in versions_of(need)] == [1]
    assert current_version(need).criteria.count() == 2


def test_an_edit_after_assessment_makes_a_new_version_and_keeps_the_old(af_coordinator):
    need = RecruitmentNeedFactory()
    first = add_criterion(need=need, criterion=_swedish(), by=af_coordinator)
    used = mark_profile_version_used(first.version)
    assert used.is_frozen
    assert mark_profile_version_used(first.version).used_for_assessment_at == (
        used.used_for_assessment_at
    )  # idempotent
    add_criterion(
        need=need,
        criterion=Criterion(kind="driving_licence", mode="trained", driving_licence="B"),
        by=af_coordinator,
    )
    old, new = current_version(need).need.profile_versions.order_by("number")
    assert (old.number, new.number) == (1, 2)
    assert old.criteria.count() == 1 and new.criteria.count() == 2
    assert not new.is_frozen
    diff = diff_versions(old, new)
    assert [str(c) for c in diff.added] == ["Körkort: B (personbil)"]
    assert diff.removed == [] and not diff.notes_changed


def test_removing_from_a_used_version_removes_from_a_new_copy(af_coordinator):
    need = RecruitmentNeedFactory()
    criterion = add_criterion(need=need, criterion=_swedish(), by=af_coordinator)
    mark_profile_version_used(criterion.version)
    remove_criterion(need=need, criterion=criterion, by=af_coordinator)
    set_profile_notes(need=need, notes="Kvällsarbete förekommer", by=af_coordinator)
    v1, v2 = need.profile_versions.order_by("number")
    assert v1.criteria.count() == 1 and v2.criteria.count() == 0
    diff = diff_versions(v1, v2)
    assert len(diff.removed) == 1 and diff.notes_changed


def test_criterion_form_needs_the_value_for_its_kind(client, af_coordinator):
    need = RecruitmentNeedFactory()
    client.force_login(af_coordinator)
    url = reverse("employers:criterion_create", args=[need.pk])
    response = client.post(url, {"kind": "experience", "mode": "required", "weight": "9"})
    html = response.content.decode()
    assert "Fyll i det här fältet för den här typen av krav." in html
    assert "Kontrollera att detta värde är mindre än eller lika med 5." in html
    assert not Criterion.objects.exists()
    response = client.post(
        url,
        {
            "kind": "experience",
            "mode": "required",
            "experience_months": "6",
            "experience_occupation": need.occupation_id,
            "swedish_level": "c2",  # belongs to another kind: dropped
        },
    )
    assert response.status_code == 302
    criterion = Criterion.objects.get()
    assert criterion.experience_months == 6 and criterion.swedish_level == ""


def test_profile_page_shows_the_diff_between_versions(client, af_coordinator, employer_user):
    from tests.employers.factories import EmployerFactory

    need = RecruitmentNeedFactory(employer=EmployerFactory(organisation=employer_user.organisation))
    criterion = add_criterion(need=need, criterion=_swedish(), by=af_coordinator)
    mark_profile_version_used(criterion.version)
    add_criterion(need=need, criterion=_swedish(CriterionMode.TRAINED, "b1", 3), by=af_coordinator)
    client.force_login(af_coordinator)
    html = client.get(reverse("employers:profile", args=[need.pk])).content.decode()
    assert "Version 1 → version 2" in html
    assert "Tillagt:" in html and "B1" in html and "Tränas under spåret" in html
    assert "Krav vid urval" in html
    client.force_login(employer_user)
    html = client.get(reverse("employers:profile", args=[need.pk])).content.decode()
    assert "Version 1 → version 2" in html
    assert reverse("employers:criterion_create", args=[need.pk]) not in html  # read-only


@pytest.mark.parametrize("versions", [1, 6])
def test_profile_page_query_count_is_constant(
    client, af_coordinator, django_assert_num_queries, versions
):
    need = RecruitmentNeedFactory()
    for _ in range(versions):
        criterion = add_criterion(need=need, criterion=_swedish(), by=af_coordinator)
        mark_profile_version_used(criterion.version)
    client.force_login(af_coordinator)
    client.get(reverse("employers:profile", args=[need.pk]))
    with django_assert_num_queries(5):  # session, user, device, organisation, unread in one
        client.get(reverse("employers:profile", args=[need.pk]))
