"""The employer list reads its pages and its count by statements built once per kind of user and
of search (which terms it has and its order; prepared.Pages, employers.views.employers):
Malmö's and Lund's municipal coordinators, of one kind, see the same employers (they are
shared) but only their own partnership's open needs counted, with each search, filter and
order as the list built per request gave them; once taken, nothing is built again (issue 18)."""

import pytest
from django.urls import reverse

from employers.models import NeedStatus, Sector
from employers.views import employers as employer_views
from jobbspar.database import prepared
from tests.employers.factories import EmployerFactory, RecruitmentNeedFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_prepared")]

URL = reverse("employers:list")


@pytest.fixture
def employers(partnership, other_partnership):
    """27 care employers (two pages), a public one and a haulier; Malmö's partnership has two
    open needs at the haulier and a filled one at the region, Lund's one open need at the
    region."""
    care = [
        EmployerFactory(
            organisation__name=f"Vård {n:02d} AB",
            organisation__organisation_number=f"5561{n:02d}-0000",
        )
        for n in range(employer_views.PAGE_SIZE + 2)
    ]
    region = EmployerFactory(
        organisation__name="Region Skåne",
        organisation__organisation_number="232100-0255",
        sector=Sector.PUBLIC,
    )
    haulier = EmployerFactory(
        organisation__name="Åkeri Syd AB", organisation__organisation_number="556999-1234"
    )
    RecruitmentNeedFactory.create_batch(2, employer=haulier, partnership=partnership)
    RecruitmentNeedFactory(employer=region, partnership=partnership, status=NeedStatus.FILLED)
    RecruitmentNeedFactory(employer=region, partnership=other_partnership)
    return [employer.name for employer in care]


def _seen(client, user, params):
    client.force_login(user)
    response = client.get(URL, dict(params))
    assert response.status_code == 200
    page = response.context["page"]
    return page.paginator.count, [(e.name, e.open_needs) for e in page]


def test_each_coordinator_sees_the_employers_and_their_own_needs_built_once(
    client, employers, municipal_coordinator, lund_coordinator, taken_only
):
    care, size = employers, employer_views.PAGE_SIZE
    created = [*care, "Region Skåne", "Åkeri Syd AB"]  # ties are in this order (the id)
    every = sorted(created)
    malmo_needs = {"Åkeri Syd AB": 2}
    lund_needs = {"Region Skåne": 1}

    def listed(names, needs):
        return [(name, needs.get(name, 0)) for name in names]

    def expected(needs):
        most = sorted(created, key=lambda name: -needs.get(name, 0))
        return {
            (): (len(every), listed(every[:size], needs)),
            (("page", "2"),): (len(every), listed(every[size:], needs)),
            (("q", "vård 0"),): (10, listed(care[:10], needs)),
            (("q", "5561 01"),): (1, listed(care[1:2], needs)),
            (("q", "556999-12"),): (1, listed(["Åkeri Syd AB"], needs)),
            (("sector", "public"),): (1, listed(["Region Skåne"], needs)),
            (("has_open_needs", "on"),): (1, listed(list(needs), needs)),
            (("sort", "-name"),): (len(every), listed(every[::-1][:size], needs)),
            (("sort", "-needs"),): (len(every), listed(most[:size], needs)),
        }

    def check_all():
        for user, needs in ((municipal_coordinator, malmo_needs), (lund_coordinator, lund_needs)):
            for params, seen in expected(needs).items():
                assert _seen(client, user, params) == seen, (user, params)

    for _ in range(prepared.SPOT_CHECKS_FIRST + 2):  # learnt, spot-checked, taken
        check_all()
    kinds = [key for key in prepared._kinds if key[0].__module__ == employer_views.__name__]
    assert {key[0].__name__ for key in kinds} == {"_employer_page", "_employer_count"}
    assert all(type(prepared._kinds[key]) is prepared._Template for key in kinds)

    built = taken_only.watch(employer_views.employers_access, "employers_for", "needs_for")
    check_all()
    assert built == []


def test_a_search_or_another_order_prepares_its_first_page_only(
    client, employers, municipal_coordinator
):
    """The whole list in name order is paged through and each of its first pages is a kind; of a
    search or another order only the first page is, and a later one is built when asked for,
    with the same rows: the kinds a user's searches make stay few (prepared.MAX_KINDS)."""
    care, size = employers, employer_views.PAGE_SIZE
    every = sorted([*care, "Region Skåne", "Åkeri Syd AB"])
    asked = {
        (): every[:size],
        (("page", "2"),): every[size:],
        (("q", "vård"),): care[:size],
        (("q", "vård"), ("page", "2")): care[size:],
        (("sort", "-name"),): every[::-1][:size],
        (("sort", "-name"), ("page", "2")): every[::-1][size:],
    }
    for _ in range(prepared.SPOT_CHECKS_FIRST + 2):  # learnt, spot-checked, taken
        for params, names in asked.items():
            count, rows = _seen(client, municipal_coordinator, params)
            assert [name for name, _needs in rows] == names, params
            assert count == (len(care) if ("q", "vård") in params else len(every))
    pages = [key for key in prepared._kinds if key[0] is employer_views._employer_page]
    assert len(pages) == 4  # the whole list's two pages, the search's and the order's first
