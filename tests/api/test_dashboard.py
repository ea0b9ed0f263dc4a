"""The dashboard's aggregates over the API (`dashboard:read`): the manager dashboard's own figures
for the same filters, validated by its filter form, with the same suppression (a small figure is
null and "suppressed", never the number), for clients whose role may see the dashboard."""

import pytest

from api.models import ApiScope
from jobbspar.models import Role
from participants.models import Gender
from tests.api.factories import auth, make_client
from tests.dashboard.dataset import build

pytestmark = pytest.mark.django_db

URL = "/api/v1/dashboard/"


@pytest.fixture
def data():
    return build()


def _figures(figure):
    """What the page shows for a figure, as the API says it."""
    return {"value": None if figure.suppressed else figure.value, "suppressed": figure.suppressed}


def test_the_same_figures_as_the_dashboard_page_with_small_ones_suppressed(
    client, af, af_coordinator, data
):
    _, key = make_client(af)
    response = client.get(URL, headers=auth(key))
    assert response.status_code == 200, response.content
    assert "no-store" in response["Cache-Control"]
    body = response.json()
    client.force_login(af_coordinator)
    page = client.get("/dashboard/").context["dashboard"]
    assert body["scope"] == str(page.filters.partnership.pk)
    funnel = {row["key"]: row["people"] for row in body["funnel"]}
    assert funnel == {key: _figures(figure) for key, _label, figure in page.funnel}
    assert funnel["nominated"] == {"value": 15, "suppressed": False}
    # Two employed at the six-month follow-up: "<5" on the page, never the number here.
    assert funnel["employed_6m"] == {"value": None, "suppressed": True}
    placement = body["placement"]
    assert placement["count"] == {"value": 6, "suppressed": False}
    assert placement["of"] == {"value": 8, "suppressed": False}
    assert placement["percent"] == 75.0
    assert (placement["ci_low"], placement["ci_high"]) == (40.9, 92.9)
    assert placement["suppressed"] is False
    assert body["breakdown_by"] == "gender"
    groups = {row["label"]: row for row in body["breakdown"]}
    men, women = groups[str(Gender.MAN.label)], groups[str(Gender.WOMAN.label)]
    # Men completed 3: hidden, and women too (else 8 - 5 = 3 by subtraction).
    assert men["completed"] == women["completed"] == {"value": None, "suppressed": True}
    assert men["placement"]["percent"] is None and men["placement"]["ci_low"] is None
    assert women["nominated"] == {"value": 10, "suppressed": False}
    for row in body["follow_ups"]:
        page_row = next(r for r in page.follow_ups if r.months == row["months"])
        assert row["due"] == _figures(page_row.due)
        assert row["unknown"] == _figures(page_row.unknown)
    assert body["positions"]["agreed"] == 6
    assert body["cost"]["funding"] == "400000.00"
    assert body["suppressed"] is False


def test_the_filters_are_the_dashboards_own(client, af, data):
    _, key = make_client(af)
    by_year = client.get(f"{URL}?year=2024&by=newly_arrived", headers=auth(key)).json()
    # Only track B (three nominated): the whole view is small.
    assert by_year["suppressed"] is True
    nominated = next(row["people"] for row in by_year["funnel"] if row["key"] == "nominated")
    assert nominated == {"value": None, "suppressed": True}
    assert by_year["breakdown_by"] == "newly_arrived"
    employer = data["track_a"].employer
    by_employer = client.get(
        f"{URL}?employer={employer.pk}&track={data['track_a'].pk}", headers=auth(key)
    ).json()
    assert by_employer["positions"]["tracks"] == 1
    country = client.get(f"{URL}?scope=country", headers=auth(key)).json()
    assert country["scope"] == "country"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("year=2025&start_from=2025-01-01", "__all__"),
        ("start_from=2025-05-01&start_to=2025-01-01", "start_to"),
        ("year=1999", "year"),
        ("year=abc", "year"),
        ("employer=Ingen+sådan+arbetsgivare", "employer"),
        ("track=999999", "track"),
        ("by=hair_colour", "by"),
        ("scope=999999", "scope"),
        # Income support is the municipality's business, even in aggregate.
        ("target_group=income_support", "target_group"),
        ("by=income_support", "by"),
    ],
)
def test_a_filter_the_form_refuses_is_a_400_naming_it(client, af, query, field):
    _, key = make_client(af)
    response = client.get(f"{URL}?{query}", headers=auth(key))
    assert response.status_code == 400, query
    assert response["Content-Type"] == "application/problem+json"
    assert field in {error["field"] for error in response.json()["errors"]}, query


def test_a_repeated_or_unknown_parameter_is_a_400(client, af):
    _, key = make_client(af)
    for query in ("year=2024&year=2025", "yaer=2025", "page_size=10"):
        response = client.get(f"{URL}?{query}", headers=auth(key))
        assert response.status_code == 400, query
        assert response["Content-Type"] == "application/problem+json"


def test_a_municipal_coordinator_may_use_income_support(client, municipality, data):
    _, key = make_client(municipality, role=Role.MUNICIPAL_COORDINATOR)
    response = client.get(f"{URL}?target_group=income_support&by=income_support", headers=auth(key))
    assert response.status_code == 200
    assert response.json()["breakdown_by"] == "income_support"


def test_only_roles_that_see_the_dashboard_and_the_scope(client, af, municipality, data):
    _, coach = make_client(municipality, role=Role.JOB_COACH)
    refused = client.get(URL, headers=auth(coach))
    assert refused.status_code == 403
    assert refused["Content-Type"] == "application/problem+json"
    assert "15" not in refused.content.decode()
    without_scope = [scope for scope in ApiScope.values if scope != ApiScope.DASHBOARD_READ]
    _, narrow = make_client(af, scopes=without_scope)
    response = client.get(URL, headers=auth(narrow))
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
