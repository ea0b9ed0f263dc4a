"""The attendance per kind of strand in the managers' dashboard: counted over the participants in
view, stored with the dashboard's figures, and "<5" behind fewer than five people."""

import datetime as dt
import html
import re

import pytest
import time_machine
from django.urls import reverse

from dashboard.outcomes import Filters, compute
from schedule.attendance import record_attendance
from schedule.models import AttendanceStatus
from tests.schedule.test_attendance import setting  # noqa: F401 - the shared fixture
from tests.tracks.factories import TrackParticipantFactory
from tracks.models import State

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 20, 12, tzinfo=dt.UTC)


def text(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def attend(strand, day, member, by, status=AttendanceStatus.PRESENT):
    record_attendance(strand=strand, day=day, member=member, status=status, by=by)


@pytest.fixture
def five_in_training(setting, af_coordinator):  # noqa: F811
    """Five members on the training strand over two days (one day absent without a reason:
    9 of 10 days attended); one of them also one APL day."""
    track, training, apl, member = setting
    members = [member] + [
        TrackParticipantFactory(track=track, state=State.IN_TRAINING) for _ in range(4)
    ]
    for index, who in enumerate(members):
        attend(training, dt.date(2026, 3, 2), who, af_coordinator)
        status = AttendanceStatus.ABSENT_INVALID if index == 0 else AttendanceStatus.PRESENT
        attend(training, dt.date(2026, 3, 3), who, af_coordinator, status)
    attend(apl, dt.date(2026, 3, 5), member, af_coordinator)
    return setting


@time_machine.travel(NOW)
def test_the_rates_per_kind_with_small_groups_suppressed(five_in_training):
    rows = compute(Filters()).parts["attendance_rows"]
    training, apl = rows
    assert (training.kind, training.recorded, training.attended, training.invalid) == (
        "training",
        10,
        9,
        1,
    )
    assert (training.people, training.suppressed, training.percent) == (5, False, 90)
    assert (apl.kind, apl.people, apl.suppressed, apl.percent) == ("apl", 1, True, None)


@time_machine.travel(NOW)
def test_the_dashboard_page_shows_them(admin_client, five_in_training):
    body = text(admin_client.get(reverse("dashboard:dashboard"), {"scope": "country"}))
    assert "Närvaro per slags del" in body
    assert "Yrkesutbildning 90 % 10 1 5" in body
    assert "Arbetsplatsförlagt lärande (APL) <5 – – <5" in body
