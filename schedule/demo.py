"""The schedule's demo: the running demo track combines training (Monday to Wednesday) with
yrkessvenska on Tuesday afternoons and APL on Thursdays and Fridays in its last six weeks, with
last week's attendance recorded. The training and the yrkessvenska are run by the demo education
provider, whose user `utbildare` recorded last week's attendance at them. Idempotent: a track
that has strands is left alone."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from employers.demo import PROVIDER
from employers.models import EducationProvider
from jobbspar.models import User
from schedule import planning
from schedule.attendance import ATTENDING_STATES, record_attendance
from schedule.models import AbsenceReason, AttendanceStatus, LanguageCourse, Strand, StrandKind
from schedule.sessions import monday_of, sessions_of
from tracks.models import ResponsibleParty, Track

RUNNING_TRACK = "Vårdbiträden (pågår)"


def _strand(track: Track, starts_on: dt.date, **values: object) -> Strand:
    strand = Strand(track=track, starts_on=starts_on, ends_on=track.end_date, **values)
    return planning.save_strand(strand=strand)


def seed() -> int:
    track = Track.objects.filter(name=RUNNING_TRACK).first()
    if track is None or track.strands.exists():
        return 0
    # The provider's own user records its sessions (the job coach, if the provider has none).
    recorder = (
        User.objects.filter(username="utbildare").first()
        or User.objects.filter(username="jobbcoach").first()
    )
    provider = EducationProvider.objects.filter(name=PROVIDER).first()
    apl_start = monday_of(track.end_date) - dt.timedelta(weeks=5)
    with transaction.atomic():
        training = _strand(
            track,
            track.start_date,
            kind=StrandKind.TRAINING,
            name="Vård- och omsorgsutbildning",
            responsible=ResponsibleParty.PROVIDER,
            provider=provider,
            place="Kompetenscentrum Syd, Södervärn",
        )
        planning.save_pattern(
            strand=training, weekly=dict.fromkeys(range(3), (dt.time(8, 30), dt.time(15)))
        )
        language = _strand(
            track,
            track.start_date,
            kind=StrandKind.LANGUAGE,
            language_course=LanguageCourse.VOCATIONAL_SWEDISH,
            level="Vård B",
            responsible=ResponsibleParty.PROVIDER,
            provider=provider,
            place="Kompetenscentrum Syd, Södervärn",
        )
        planning.save_pattern(strand=language, weekly={1: (dt.time(15, 15), dt.time(16, 45))})
        apl = _strand(
            track,
            apl_start,
            kind=StrandKind.APL,
            responsible=ResponsibleParty.EMPLOYER,
            place="Omsorgshuset Söder",
        )
        planning.save_pattern(strand=apl, weekly=dict.fromkeys((3, 4), (dt.time(7), dt.time(16))))
        if recorder is not None:
            _last_weeks_attendance(track, training, recorder)
            _last_weeks_attendance(track, language, recorder)
    return 3


def _last_weeks_attendance(track: Track, strand: Strand, recorder: User) -> None:
    """Last week's sessions of `strand`, for everyone in the track: present, with a sick day and
    a late arrival."""
    monday = monday_of(timezone.localdate()) - dt.timedelta(weeks=1)
    days = [s.day for s in sessions_of(strand, within=(monday, monday + dt.timedelta(days=4)))]
    members = track.participants.filter(state__in=ATTENDING_STATES).order_by("candidate_number")
    for index, member in enumerate(members):
        for number, day in enumerate(days):
            status, reason, hours = AttendanceStatus.PRESENT, "", Decimal("0")
            if index == 0 and day.weekday() == 1:
                status, reason = AttendanceStatus.ABSENT_VALID, AbsenceReason.SICK
            if index == 1 and number == 0:
                status, hours = AttendanceStatus.PARTLY, Decimal("1")
            record_attendance(
                strand=strand,
                day=day,
                member=member,
                status=status,
                reason=reason,
                hours_missed=hours,
                by=recorder,
            )


def demo_step() -> str:
    """This app's part of `seed_demo` (its `demo` contribution)."""
    return f"{seed()} strands"
