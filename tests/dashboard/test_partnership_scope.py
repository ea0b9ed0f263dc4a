"""The dashboard opens on the user's own partnership; the whole country is offered as totals;
the partnership is part of the summary-table key; another partnership's single track cannot be
chosen."""

import datetime as dt

import pytest
from django.urls import reverse

from dashboard import snapshots
from dashboard.models import DashboardSnapshot
from dashboard.outcomes import Filters
from jobbspar.models import Role
from tests.dashboard.dataset import build
from tests.employers import factories as ef
from tests.jobbspar.factories import UserFactory
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tracks.models import State

pytestmark = pytest.mark.django_db

URL = reverse("dashboard:dashboard")


@pytest.fixture
def lund_track(other_partnership):
    """Six people nominated in Lund's track (a group large enough to be shown)."""
    need = ef.RecruitmentNeedFactory(partnership=other_partnership)
    track = TrackFactory(need=need, employer=need.employer, start_date=dt.date(2025, 4, 1))
    for _ in range(6):
        TrackParticipantFactory(
            track=track,
            state=State.CONTINUED_SUPPORT,
            nominating_organisation=other_partnership.municipality,
        )
    return track


def _nominated(response) -> int:
    return response.context["dashboard"].total_people


def test_a_manager_sees_their_own_partnership_by_default(client, manager, partnership, lund_track):
    data = build()
    client.force_login(manager)
    own = client.get(URL)
    assert own.status_code == 200
    assert own.context["form"].cleaned_data["scope"] == str(partnership.pk)
    assert own.context["dashboard"].filters.partnership == partnership
    country = client.get(URL, {"scope": "country"})
    assert country.context["dashboard"].filters.partnership is None
    malmo_people = len(data["people"]) + 3  # track A and track B (3 nominated)
    assert _nominated(own) == malmo_people
    assert _nominated(country) == malmo_people + 6


def test_a_manager_of_another_partnership_sees_theirs(client, other_partnership, lund_track):
    build()
    lund_manager = UserFactory(role=Role.MANAGER, organisation=other_partnership.municipality)
    client.force_login(lund_manager)
    response = client.get(URL)
    assert response.context["dashboard"].filters.partnership == other_partnership
    assert _nominated(response) == 6


def test_only_the_users_partnerships_and_the_country_are_offered(
    client, manager, partnership, other_partnership
):
    client.force_login(manager)
    refused = client.get(URL, {"scope": str(other_partnership.pk)})
    assert refused.status_code == 400
    choices = [value for value, _label in refused.context["form"].fields["scope"].choices]
    assert choices == [str(partnership.pk), "country"]


def test_the_administrator_starts_with_the_country(admin_client, partnership):
    response = admin_client.get(URL)
    assert response.status_code == 200
    assert response.context["dashboard"].filters.partnership is None


def test_another_partnerships_track_cannot_be_chosen(client, manager, lund_track):
    client.force_login(manager)
    response = client.get(
        URL, {"scope": "country", "employer": str(lund_track.employer_id), "track": lund_track.pk}
    )
    assert response.status_code == 400
    assert "track" in response.context["form"].errors


def test_the_snapshot_key_includes_the_partnership(client, manager, partnership):
    build()
    client.force_login(manager)
    client.get(URL)
    client.get(URL, {"scope": "country"})
    scopes = sorted(
        str(p) for p in DashboardSnapshot.objects.values_list("params__partnership", flat=True)
    )
    assert scopes == sorted([str(partnership.pk), "None"])
    own = snapshots.view_params(Filters(partnership=partnership), "gender")
    assert snapshots.key_for(own) != snapshots.key_for(snapshots.view_params(Filters(), "gender"))
    assert Filters.from_params(own).partnership.pk == partnership.pk
