"""A track's strands are read with their weekly patterns and exceptions in one statement built
once per kind of user (schedule/strand_views.py `strands_of`; jobbspar/database/prepared.py):
the week calendar shows each coordinator their own track's sessions (two of one kind, who share
the statement), cancelled days left out and
extra days in, another partnership's track is a 404, and once taken the statement is not built
again (issue 18)."""

import datetime as dt

import pytest
from django.urls import reverse

from jobbspar.database import prepared
from schedule import strand_views
from schedule.models import StrandException
from tests.schedule.factories import StrandFactory, weekly
from tests.tracks.factories import TrackFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_prepared")]

WEEK = "?week=2026-03-09"


@pytest.fixture
def own():
    """Mondays and Tuesdays 08:30-15:00; Tuesday 10 March cancelled, Thursday 12 March extra."""
    strand = StrandFactory(track=TrackFactory(start_date=dt.date(2026, 3, 2), weeks=12))
    weekly(strand, [0, 1])
    StrandException.objects.create(strand=strand, day=dt.date(2026, 3, 10), kind="cancelled")
    StrandException.objects.create(
        strand=strand,
        day=dt.date(2026, 3, 12),
        kind="extra",
        starts_at=dt.time(10),
        ends_at=dt.time(12),
    )
    return strand.track


@pytest.fixture
def theirs(other_partnership):
    """Another partnership's track: Wednesdays to Fridays 07:15-11:45."""
    strand = StrandFactory(
        track=TrackFactory(
            start_date=dt.date(2026, 3, 2), weeks=12, need__partnership=other_partnership
        )
    )
    weekly(strand, [2, 3, 4], start="07:15", end="11:45")
    return strand.track


def _calendars(client, user, tracks):
    client.force_login(user)
    seen = {}
    for track in tracks:
        response = client.get(reverse("schedule:calendar_week", args=[track.pk]) + WEEK)
        page = response.content.decode() if response.status_code == 200 else ""
        times = [
            line.strip() for line in page.splitlines() if "–" in line and line.strip()[:2].isdigit()
        ]
        seen[track.pk] = (response.status_code, times)
    return seen


def test_each_coordinator_sees_their_tracks_sessions_through_a_statement_built_once(
    client, rf, own, theirs, municipal_coordinator, lund_coordinator, taken_only
):
    mine = {
        own.pk: (
            200,
            ["08:30–15:00", '10:00–12:00 <span class="badge text-bg-info">extra dag</span>'],
        ),
        theirs.pk: (404, []),
    }
    lunds = {own.pk: (404, []), theirs.pk: (200, ["07:15–11:45"] * 3)}
    for _ in range(prepared.SPOT_CHECKS_FIRST + 2):  # learnt, spot-checked, taken
        assert _calendars(client, municipal_coordinator, [own, theirs]) == mine
        assert _calendars(client, lund_coordinator, [own, theirs]) == lunds
    kinds = taken_only.kinds("schedule.strand_views")
    assert "_track_strands" in kinds  # besides the track's own (track_for)
    assert all(type(kind) is prepared._Template for kind in kinds.values())
    # Malmö's and Lund's coordinators are of one kind: one statement serves both.
    strands_kinds = [key for key in prepared._kinds if key[0] is strand_views._track_strands]
    assert len(strands_kinds) == 1
    # The strands' own rule, without the page's track check before it: no other partnership's.
    request = rf.get("/")
    request.user = municipal_coordinator
    assert strand_views.strands_of(request, theirs) == []
    assert [s.track_id for s in strand_views.strands_of(request, own)] == [own.pk]

    built = taken_only.watch(strand_views.access, "strands_for", "pattern_of_outer_strand")
    assert _calendars(client, municipal_coordinator, [own, theirs]) == mine
    assert _calendars(client, lund_coordinator, [own, theirs]) == lunds
    assert built == []
