"""The dashboard's filter "only shortage occupations" and its breakdown shortage / other
occupation, on the hand-built data set: track A (2025, 12 nominated, 8 completed, 6 offered, 5
employed) is in a shortage occupation for its county on its start date; track B (2024, made 6
nominated here) is not (the entry for its occupation covers 2025 only, and the 2024 one is for
another county)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dashboard.outcomes import Filters, compute
from employers.models import ShortageOccupation
from jobbspar.models import Region
from participants.models import Gender
from tests.dashboard.dataset import TODAY, _member, build
from tracks.models import TrackParticipant

pytestmark = pytest.mark.django_db

URL = reverse("dashboard:dashboard")


@pytest.fixture
def data():
    data = build()
    for track in (data["track_a"], data["track_b"]):
        track.partnership.region = Region.SKANE
        track.partnership.save(update_fields=["region"])
    for _index in range(3):
        _member(data["track_b"], gender=Gender.MAN, org=data["af"], milestones={})
    occupation = data["track_a"].need.occupation
    assert data["track_b"].need.occupation == occupation
    ShortageOccupation.objects.create(
        occupation=occupation,
        region=Region.SKANE,
        valid_from=dt.date(2025, 1, 1),
        valid_to=dt.date(2025, 12, 31),
        source="AF:s yrkesprognos 2025",
    )
    ShortageOccupation.objects.create(  # another county: not track B's
        occupation=occupation,
        region=Region.STOCKHOLM,
        valid_from=dt.date(2024, 1, 1),
        valid_to=dt.date(2024, 12, 31),
        source="AF:s yrkesprognos 2024",
    )
    return data


def _funnel(dashboard):
    return {key: figure.value for key, _label, figure in dashboard.funnel}


def test_only_shortage_occupations_keeps_track_a(data):
    everyone = compute(Filters(), today=TODAY)
    assert _funnel(everyone)["nominated"] == 18
    shortage = compute(Filters(shortage_only=True), today=TODAY)
    funnel = _funnel(shortage)
    assert (funnel["nominated"], funnel["completed"], funnel["offered"]) == (12, 8, 6)
    assert (shortage.placement.part, shortage.placement.whole) == (6, 8)
    assert shortage.placement.interval_display == "41–93 %"
    # The filter combines with the others: track B alone is in no shortage occupation.
    only_b = compute(Filters(shortage_only=True, track=data["track_b"]), today=TODAY)
    assert _funnel(only_b)["nominated"] == 0


def test_a_whole_country_entry_covers_every_county(data):
    ShortageOccupation.objects.create(
        occupation=data["track_b"].need.occupation,
        region=Region.WHOLE_COUNTRY,
        valid_from=dt.date(2024, 5, 1),  # track B's start date: both ends count
        valid_to=dt.date(2024, 5, 1),
        source="Nationell prognos",
    )
    assert _funnel(compute(Filters(shortage_only=True), today=TODAY))["nominated"] == 18


def test_breakdown_shortage_and_other_occupation(data):
    dashboard = compute(Filters(), breakdown_by="shortage", today=TODAY)
    rows = {row.label: row for row in dashboard.breakdown}
    assert list(rows) == ["Bristyrke", "Annat yrke"]
    shortage, other = rows["Bristyrke"], rows["Annat yrke"]
    assert (shortage.nominated.display, shortage.completed.display) == ("12", "8")
    assert (shortage.placement.part, shortage.placement.whole) == (6, 8)
    assert shortage.placement.interval_display == "41–93 %"
    assert (shortage.hired.part, shortage.hired.whole) == (5, 8)
    assert shortage.hired.percent == pytest.approx(62.5)
    assert (other.nominated.display, other.completed.display) == ("6", "0")
    assert other.placement.percent is None


def test_breakdown_suppresses_a_small_group_and_its_neighbour(data):
    # Track B with 3 nominated: "<5", and the only other group is hidden with it.
    dashboard = compute(Filters(start_to=dt.date(2024, 12, 31)), today=TODAY)
    assert _funnel(dashboard)["nominated"] == 6
    for member in TrackParticipant.objects.filter(track=data["track_b"]).order_by("-pk")[:3]:
        member.delete()
    rows = compute(Filters(), breakdown_by="shortage", today=TODAY).breakdown
    assert [(row.nominated.display, row.nominated.value) for row in rows] == [
        ("<5", 12),
        ("<5", 3),
    ]


def test_measures_take_seven_queries_with_the_shortage_filter_and_breakdown(data):
    """Six of the dashboard's own and one of the schedule's (attendance per kind of strand)."""
    with CaptureQueriesContext(connection) as captured:
        compute(
            Filters(shortage_only=True, start_from=dt.date(2024, 1, 1)),
            breakdown_by="shortage",
            today=TODAY,
        )
    assert len(captured.captured_queries) == 7


def test_the_page_filters_and_breaks_down_and_refuses_bad_values(client, manager, data):
    client.force_login(manager)
    query = {"scope": "country", "shortage": "1", "by": "shortage"}
    client.get(URL, query)  # warm the session
    with CaptureQueriesContext(connection) as small:
        response = client.get(URL, query)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Endast bristyrken" in text and "Bristyrke eller annat yrke" in text
    # With the filter, only the shortage occupations' row is left.
    assert [row.label for row in response.context["dashboard"].breakdown] == ["Bristyrke"]
    assert response.context["dashboard"].filters.shortage_only
    assert "Bristyrken: Endast bristyrken" in response.context["filter_summary"]
    for _index in range(6):
        _member(data["track_a"], gender=Gender.MAN, org=data["af"], milestones={})
    client.get(URL, query)  # new organisations: the form's shared lists are read again, once
    with CaptureQueriesContext(connection) as large:
        assert client.get(URL, query).status_code == 200
    assert len(small.captured_queries) == len(large.captured_queries)
    export = client.get(reverse("dashboard:export_csv"), query)
    assert export.status_code == 200
    assert "bristyrken" in export["Content-Disposition"]
    for bad in ("ja", "2", "1' OR 1=1"):
        response = client.get(URL, {"shortage": bad})
        assert response.status_code == 400, bad
        assert "Välj alla yrken eller endast bristyrken" in response.content.decode()
