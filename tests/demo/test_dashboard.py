"""The demo gives the demo manager a meaningful dashboard (figures, not only "<5"), and lead
times that are what the demo's rows say."""

import statistics

import pytest

from dashboard.outcomes import Filters, compute
from tests.dashboard.lead_times import lead_times_from_rows
from tracks.models import Track, TrackParticipant

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def test_demo_dashboard_has_figures():
    dashboard = compute(Filters())
    assert dashboard.placement.shown and dashboard.placement.whole >= 10
    twelve = next(row for row in dashboard.follow_ups if row.months == 12)
    assert twelve.employed.shown
    assert twelve.unknown.value >= 1 or any(row.unknown.value for row in dashboard.follow_ups)
    assert dashboard.cost["per_hire"] is not None


def test_the_demo_lead_times_agree_with_the_demo_rows():
    to_start, to_hire = lead_times_from_rows(Track.objects.all())
    timing = compute(Filters()).timing

    assert len(to_start) >= 4 and len(to_hire) >= 3  # the demo measures most of its tracks
    assert all(days >= 0 for days in to_start + to_hire)
    assert timing["meeting_to_start_n"] == len(to_start)
    assert timing["meeting_to_start"] == statistics.median(to_start)
    assert timing["meeting_to_hire_n"] == len(to_hire)
    assert timing["meeting_to_hire"] == statistics.median(to_hire)
    # Hires happen after the track: a demo with hires dated on the seeding day would say so.
    for member in TrackParticipant.objects.filter(employed_on__isnull=False).select_related(
        "track"
    ):
        assert member.employed_on >= member.track.end_date
