"""The employer list: search, filters, sort, pagination that keeps the filters, hit count."""

import pytest
from django.urls import reverse

from employers.models import NeedStatus, Sector
from tests.employers.factories import EmployerFactory, RecruitmentNeedFactory

pytestmark = pytest.mark.django_db


def _names(response):
    return [employer.name for employer in response.context["employers"]]


def test_search_by_name_and_by_organisation_number(client, job_coach):
    EmployerFactory(
        organisation__name="Omsorgshuset Söder AB", organisation__organisation_number="556677-8899"
    )
    EmployerFactory(
        organisation__name="Hamnlager Syd AB", organisation__organisation_number="556123-4567"
    )
    client.force_login(job_coach)
    assert _names(client.get(reverse("employers:list"), {"q": "omsorg"})) == [
        "Omsorgshuset Söder AB"
    ]
    assert _names(client.get(reverse("employers:list"), {"q": "5561234567"})) == [
        "Hamnlager Syd AB"
    ]
    response = client.get(reverse("employers:list"), {"q": "556123-45"})
    assert _names(response) == ["Hamnlager Syd AB"]
    assert "1 träff" in response.content.decode()


def test_filters_and_sort(client, af_coordinator):
    public = EmployerFactory(organisation__name="Region Skåne", sector=Sector.PUBLIC)
    busy = EmployerFactory(organisation__name="Bussbolaget AB")
    RecruitmentNeedFactory.create_batch(2, employer=busy)
    RecruitmentNeedFactory(employer=public, status=NeedStatus.FILLED)
    EmployerFactory(organisation__name="Avvaktande AB")
    client.force_login(af_coordinator)
    url = reverse("employers:list")
    assert _names(client.get(url, {"sector": "public"})) == ["Region Skåne"]
    assert _names(client.get(url, {"has_open_needs": "on"})) == ["Bussbolaget AB"]
    assert _names(client.get(url, {"sort": "-name"})) == [
        "Region Skåne",
        "Bussbolaget AB",
        "Avvaktande AB",
    ]
    assert _names(client.get(url, {"sort": "-needs"}))[0] == "Bussbolaget AB"


def test_pagination_keeps_the_filters_and_counts_hits(client, af_coordinator):
    for n in range(30):
        EmployerFactory(organisation__name=f"Vård {n:02d} AB")
    EmployerFactory(organisation__name="Lager AB")
    client.force_login(af_coordinator)
    response = client.get(reverse("employers:list"), {"q": "vård", "sort": "name"})
    html = response.content.decode()
    assert "30 träffar" in html
    assert "?q=v%C3%A5rd&amp;sort=name&amp;page=2" in html
    page2 = client.get(reverse("employers:list"), {"q": "vård", "sort": "name", "page": 2})
    assert _names(page2) == [f"Vård {n:02d} AB" for n in range(25, 30)]


def test_malformed_query_parameters_do_not_break_the_list(client, af_coordinator):
    client.force_login(af_coordinator)
    response = client.get(
        reverse("employers:list"), {"sort": "drop table", "page": "x", "sector": "?"}
    )
    assert response.status_code == 200
    for query in ["omsorg\x00", "x" * 5000, "556677-889\x00", "٣٣٣"]:
        assert client.get(reverse("employers:list"), {"q": query}).status_code == 200


@pytest.mark.parametrize("rows", [3, 30])
def test_list_query_count_is_constant(client, af_coordinator, django_assert_num_queries, rows):
    for employer in EmployerFactory.create_batch(rows):
        RecruitmentNeedFactory(employer=employer)
    client.force_login(af_coordinator)
    client.get(reverse("employers:list"))  # warm the session and the user
    with django_assert_num_queries(3):  # session, user, device, organisation, unread in one
        response = client.get(reverse("employers:list"))
    assert response.status_code == 200
