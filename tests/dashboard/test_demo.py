"""The demo gives the demo manager a meaningful dashboard (figures, not only "<5"), idempotently."""

import pytest
from django.core.management import call_command

from dashboard.outcomes import Filters, compute
from tracks.models import FollowUp, Track, TrackParticipant

pytestmark = pytest.mark.django_db


def test_demo_dashboard_has_figures_and_seeding_twice_changes_nothing(settings):
    settings.DEMO_MODE = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = (Track.objects.count(), TrackParticipant.objects.count(), FollowUp.objects.count())
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (
        Track.objects.count(),
        TrackParticipant.objects.count(),
        FollowUp.objects.count(),
    ) == counts
    dashboard = compute(Filters())
    assert dashboard.placement.shown and dashboard.placement.whole >= 10
    twelve = next(row for row in dashboard.follow_ups if row.months == 12)
    assert twelve.employed.shown
    assert twelve.unknown.value >= 1 or any(row.unknown.value for row in dashboard.follow_ups)
    assert dashboard.cost["per_hire"] is not None
