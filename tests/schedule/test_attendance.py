"""Recording attendance per session day, its history, and the monthly summary."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError

from participants.models import Participant
from participants.retention import REDACTED_TEXT, with_last_activity
from schedule.attendance import (
    last_activity,
    monthly_summary,
    record_attendance,
    redact_participant,
)
from schedule.models import AbsenceReason, Attendance, AttendanceStatus
from tests.schedule.factories import StrandFactory, weekly
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tracks.models import State

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 3, 2)


@pytest.fixture
def setting(af_coordinator):
    track = TrackFactory(start_date=MONDAY, weeks=8)
    training = StrandFactory(track=track)
    weekly(training, [0, 1, 2], "08:30", "15:00")  # 6.5 hours
    apl = StrandFactory(track=track, kind="apl", name="", responsible="employer")
    weekly(apl, [3, 4], "07:00", "15:00")  # 8 hours
    member = TrackParticipantFactory(
        track=track, state=State.IN_TRAINING, nominated_by=af_coordinator
    )
    return track, training, apl, member


@time_machine.travel(dt.datetime(2026, 4, 10, 12, tzinfo=dt.UTC))
def test_a_correction_keeps_who_and_when_and_the_history(setting, af_coordinator, job_coach):
    _track, training, _apl, member = setting
    entry = record_attendance(
        strand=training, day=MONDAY, member=member, status="present", by=af_coordinator
    )
    assert entry.recorded_by == af_coordinator
    corrected = record_attendance(
        strand=training,
        day=MONDAY,
        member=member,
        status=AttendanceStatus.ABSENT_VALID,
        reason=AbsenceReason.SICK,
        note="Ringde in sjuk",
        by=job_coach,
    )
    assert corrected.pk == entry.pk
    assert (corrected.recorded_by, corrected.edited_by) == (af_coordinator, job_coach)
    assert corrected.edited_at is not None
    history = Attendance.pgh_event_models["update"].objects.filter(pgh_obj_id=entry.pk)
    assert list(history.order_by("pgh_id").values_list("pgh_label", "status")) == [
        ("insert", "present"),
        ("update", "absent_valid"),
    ]


@time_machine.travel(dt.datetime(2026, 4, 10, 12, tzinfo=dt.UTC))
def test_attendance_is_refused_when_it_makes_no_sense(setting, af_coordinator):
    _track, training, _apl, member = setting
    other_member = TrackParticipantFactory(nominated_by=af_coordinator)

    def record(**kwargs):
        values = {"strand": training, "day": MONDAY, "member": member, "status": "present"}
        return record_attendance(**{**values, **kwargs}, by=af_coordinator)

    with pytest.raises(ValidationError, match="inget pass den dagen"):
        record(day=MONDAY + dt.timedelta(days=3))
    with pytest.raises(ValidationError, match="inte med i det spår"):
        record(member=other_member)
    with pytest.raises(ValidationError, match="i förväg"):
        record(day=dt.date(2026, 4, 13))
    with pytest.raises(ValidationError, match="orsaken"):
        record(status=AttendanceStatus.ABSENT_VALID)
    with pytest.raises(ValidationError, match="Frånvarande timmar"):
        record(status=AttendanceStatus.PARTLY, hours_missed=Decimal("6.5"))
    with pytest.raises(ValidationError, match="Frånvarande timmar"):
        record(status=AttendanceStatus.PARTLY)
    assert not Attendance.objects.exists()


@time_machine.travel(dt.datetime(2026, 4, 10, 12, tzinfo=dt.UTC))
def test_the_monthly_summary_matches_a_hand_computed_case(setting, af_coordinator):
    _track, training, apl, member = setting
    march = [
        (training, dt.date(2026, 3, 2), AttendanceStatus.PRESENT, "", "0"),
        (training, dt.date(2026, 3, 3), AttendanceStatus.ABSENT_VALID, "child_care", "0"),
        (training, dt.date(2026, 3, 4), AttendanceStatus.PARTLY, "", "1.5"),
        (apl, dt.date(2026, 3, 5), AttendanceStatus.ABSENT_INVALID, "", "0"),
        (apl, dt.date(2026, 3, 6), AttendanceStatus.PRESENT, "", "0"),
    ]
    for strand, day, status, reason, hours in march:
        record_attendance(
            strand=strand,
            day=day,
            member=member,
            status=status,
            reason=reason,
            hours_missed=Decimal(hours),
            by=af_coordinator,
        )
    summary = monthly_summary(
        strands=[training, apl],
        attendance=list(Attendance.objects.filter(track_participant=member)),
        month=dt.date(2026, 3, 15),
    )
    # March 2026 from Monday 2nd: 4 full weeks (2–27) and Mon–Tue 30–31 = 14 training days
    # (6.5 h) and 8 APL days (8 h): 91 + 64 = 155 hours planned.
    assert summary.sessions == 22
    assert summary.planned == Decimal("155.00")
    # Present 6.5 + 8, late 6.5 - 1.5 = 5: 19.5 attended.
    assert summary.attended == Decimal("19.50")
    assert summary.absent_valid == Decimal("6.50")
    # Absent without reason 8, plus 1.5 hours late.
    assert summary.absent_invalid == Decimal("9.50")
    assert summary.not_recorded == Decimal("155") - Decimal("19.5") - Decimal("6.5") - Decimal(
        "9.5"
    )


@time_machine.travel(dt.datetime(2026, 4, 10, 12, tzinfo=dt.UTC))
def test_retention_blanks_the_notes_and_their_history(setting, af_coordinator):
    _track, training, _apl, member = setting
    entry = record_attendance(
        strand=training,
        day=MONDAY,
        member=member,
        status="absent_invalid",
        note="Sov över",
        by=af_coordinator,
    )
    redact_participant(member.participant)
    entry.refresh_from_db()
    assert entry.note == REDACTED_TEXT
    events = Attendance.pgh_event_models["insert"].objects.filter(pgh_obj_id=entry.pk)
    assert {event.note for event in events} == {REDACTED_TEXT}


@time_machine.travel(dt.datetime(2026, 4, 10, 12, tzinfo=dt.UTC))
def test_recorded_attendance_counts_as_activity_for_retention(setting, af_coordinator):
    _track, training, _apl, member = setting
    entry = record_attendance(
        strand=training, day=MONDAY, member=member, status="present", by=af_coordinator
    )
    subquery, _progress_entries = last_activity()  # tests/schedule/test_progress_entries.py
    person = Participant.objects.filter(pk=member.participant_id).annotate(latest=subquery)
    assert person.get().latest == entry.recorded_at
    # The retention query takes it in with the other apps' activity.
    assert with_last_activity(Participant.objects.filter(pk=member.participant_id)).exists()
