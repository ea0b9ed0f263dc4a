"""The attendance rate per strand on the track page and the track's schedule page."""

import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from participants.models import Participant
from schedule.attendance import record_attendance
from schedule.models import Attendance, AttendanceStatus
from schedule.rates import strand_rates
from tests.schedule.factories import StrandFactory
from tests.schedule.test_attendance import setting  # noqa: F401 - the shared fixture
from tests.tracks.factories import TrackParticipantFactory
from tracks.models import State

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def recorded(setting, af_coordinator):  # noqa: F811
    """Training: two members over two days, 3 of 4 days attended (one late); APL: one day
    absent without a reason; a third strand with nothing recorded."""
    track, training, apl, member = setting
    other = TrackParticipantFactory(track=track, state=State.IN_TRAINING)
    # Registered by the coordinator's organisation: people the coordinator may see.
    Participant.objects.filter(pk__in=[member.participant_id, other.participant_id]).update(
        registered_by=af_coordinator.organisation
    )
    entries = [
        (training, dt.date(2026, 3, 2), member, AttendanceStatus.PRESENT, "", "0"),
        (training, dt.date(2026, 3, 3), member, AttendanceStatus.PARTLY, "", "1"),
        (training, dt.date(2026, 3, 2), other, AttendanceStatus.PRESENT, "", "0"),
        (training, dt.date(2026, 3, 3), other, AttendanceStatus.ABSENT_VALID, "sick", "0"),
        (apl, dt.date(2026, 3, 5), member, AttendanceStatus.ABSENT_INVALID, "", "0"),
    ]
    for strand, day, who, status, reason, hours in entries:
        record_attendance(
            strand=strand,
            day=day,
            member=who,
            status=status,
            reason=reason,
            hours_missed=Decimal(hours),
            by=af_coordinator,
        )
    empty = StrandFactory(track=track, kind="other", name="Truckkort")
    return track, training, apl, empty


@time_machine.travel(dt.datetime(2026, 3, 10, 12, tzinfo=dt.UTC))
def test_the_rate_per_strand_counts_attended_days_of_recorded_days(recorded):
    _track, training, apl, empty = recorded
    rates = strand_rates(Attendance.objects.all(), [training, apl, empty])
    assert [(r.recorded, r.attended, r.absent_valid, r.absent_invalid) for r in rates] == [
        (4, 3, 1, 0),
        (1, 0, 0, 1),
        (0, 0, 0, 0),
    ]
    assert [r.percent for r in rates] == [75, 0, None]


@time_machine.travel(dt.datetime(2026, 3, 10, 12, tzinfo=dt.UTC))
@pytest.mark.parametrize("name", ["tracks:track_detail", "schedule:track_schedule"])
def test_the_track_page_and_the_schedule_show_the_rates(client, af_coordinator, recorded, name):
    track, training, apl, _empty = recorded
    client.force_login(af_coordinator)
    body = text(client.get(reverse(name, args=[track.pk])))
    assert "Närvaro per del" in body
    assert f"{training} 75 % 4 1 0" in body
    assert f"{apl} 0 % 1 0 1" in body
    assert "Truckkort – 0 0 0" in body


@time_machine.travel(dt.datetime(2026, 3, 10, 12, tzinfo=dt.UTC))
def test_the_track_page_costs_the_same_queries_with_more_strands(client, af_coordinator, recorded):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    track, *_ = recorded
    client.force_login(af_coordinator)
    url = reverse("tracks:track_detail", args=[track.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(3):
        StrandFactory(track=track, kind="other", name=f"Kurs {n}")
    with CaptureQueriesContext(connection) as more:
        client.get(url)
    assert len(more) == len(few)


@time_machine.travel(dt.datetime(2026, 3, 10, 12, tzinfo=dt.UTC))
def test_the_rates_count_only_people_the_user_may_see(client, af_coordinator, recorded):
    """A member registered by the other authority, not shared: their days are not in the
    coordinator's rates (a rate of two people would give away the other's attendance)."""
    track, training, *_ = recorded
    hidden = TrackParticipantFactory(track=track, state=State.IN_TRAINING)
    record_attendance(
        strand=training,
        day=dt.date(2026, 3, 4),
        member=hidden,
        status=AttendanceStatus.ABSENT_INVALID,
        by=af_coordinator,
    )
    client.force_login(af_coordinator)
    body = text(client.get(reverse("tracks:track_detail", args=[track.pk])))
    assert f"{training} 75 % 4 1 0" in body
