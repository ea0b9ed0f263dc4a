"""Per phase and participant: progress notes, the mentor's weekly APL log, and certificates."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from tests.employers.factories import ContactPersonFactory
from tests.participants.factories import ParticipantFactory
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tracks import phases, progress
from tracks.models import AplLogEntry, PhaseKind, PhaseProgress, State

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(municipality):
    track = TrackFactory(start_date=dt.date(2026, 1, 5), weeks=12)
    phases.generate_phase_plan(track=track)
    return TrackParticipantFactory(
        track=track,
        participant=ParticipantFactory(name="Olena Kovalenko", registered_by=municipality),
        state=State.IN_APL,
    )


def _apl(member):
    return member.track.phases.get(kind=PhaseKind.APL)


def test_job_coach_records_progress(client, job_coach, member):
    intro = member.track.phases.get(kind=PhaseKind.INTRODUCTION)
    client.force_login(job_coach)
    url = reverse("tracks:progress_edit", args=[member.track.pk, member.pk, intro.pk])
    response = client.post(
        url,
        {
            "actual_start": "2026-01-05",
            "actual_end": "2026-01-09",
            "attendance_percent": "90",
            "notes": "Aktiv och nyfiken.",
            "completed": "on",
        },
    )
    assert response.status_code == 302
    row = PhaseProgress.objects.get(track_participant=member, phase=intro)
    assert (row.attendance_percent, row.completed, row.updated_by) == (90, True, job_coach)
    page = client.get(reverse("tracks:member_detail", args=[member.track.pk, member.pk]))
    assert "Aktiv och nyfiken." in page.content.decode()


def test_a_completed_phase_needs_its_end_date(client, job_coach, member):
    intro = member.track.phases.get(kind=PhaseKind.INTRODUCTION)
    client.force_login(job_coach)
    url = reverse("tracks:progress_edit", args=[member.track.pk, member.pk, intro.pk])
    response = client.post(url, {"notes": "Klar", "completed": "on"})
    assert response.status_code == 200
    assert "faktiska slutdatumet" in response.content.decode()
    assert not PhaseProgress.objects.exists()


def test_record_progress_refuses_an_actual_end_before_the_actual_start(af_coordinator, member):
    """The domain function checks the dates itself, so a command cannot save what the form
    refuses (the database would otherwise answer with an IntegrityError)."""
    intro = member.track.phases.get(kind=PhaseKind.INTRODUCTION)
    row = progress.progress_for(member=member, phase=intro)
    row.actual_start, row.actual_end = intro.ends_on, intro.starts_on
    with pytest.raises(ValidationError) as refused:
        progress.record_progress(progress=row, by=af_coordinator)
    assert "actual_end" in refused.value.message_dict
    assert not PhaseProgress.objects.exists()


def test_certificate_pdf_for_a_completed_phase_only(client, job_coach, member):
    intro = member.track.phases.get(kind=PhaseKind.INTRODUCTION)
    row = PhaseProgress.objects.create(
        track_participant=member, phase=intro, actual_start=intro.starts_on, completed=False
    )
    client.force_login(job_coach)
    url = reverse("tracks:certificate", args=[member.track.pk, member.pk, intro.pk])
    assert client.get(url).status_code == 404
    row.completed = True
    row.actual_end = intro.ends_on
    row.save()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    root = PdfReader(io.BytesIO(response.content)).trailer["/Root"]  # tagged (PDF/UA-1)
    assert "/StructTreeRoot" in root and root["/Lang"] == "sv"


def test_mentor_weekly_apl_log_with_deviation(client, job_coach, member):
    apl = _apl(member)
    mentor = member.track.mentors.first()
    client.force_login(job_coach)
    url = reverse("tracks:apl_log_add", args=[member.track.pk, member.pk])
    response = client.post(
        url,
        {
            "week_starting": apl.starts_on.isoformat(),
            "mentor": mentor.pk,
            "note": "Kom sent två dagar.",
            "deviation": "on",
        },
    )
    assert response.status_code == 302
    entry = AplLogEntry.objects.get()
    assert entry.deviation and entry.mentor == mentor
    page = client.get(reverse("tracks:member_detail", args=[member.track.pk, member.pk]))
    # The entry is marked as a deviation (tracks/_apl_entry.html).
    assert '<span class="badge text-bg-warning">Avvikelse</span>' in page.content.decode()


@pytest.mark.parametrize(
    ("week", "message"),
    [
        (lambda apl: apl.starts_on + dt.timedelta(days=1), "måndag"),
        (lambda apl: apl.starts_on - dt.timedelta(weeks=3), "APL-fas"),
    ],
)
def test_apl_log_week_must_be_a_monday_in_apl(member, job_coach, week, message):
    with pytest.raises(ValidationError, match=message):
        progress.add_apl_log_entry(
            member=member,
            week_starting=week(_apl(member)),
            mentor=member.track.mentors.first(),
            note="Bra vecka",
            deviation=False,
            by=job_coach,
        )


def test_apl_log_mentor_must_be_the_tracks(member, job_coach):
    with pytest.raises(ValidationError, match="handledare"):
        progress.add_apl_log_entry(
            member=member,
            week_starting=_apl(member).starts_on,
            mentor=ContactPersonFactory(),
            note="Bra vecka",
            deviation=False,
            by=job_coach,
        )


def test_staff_who_may_not_see_the_participant_get_404(client, af_coordinator, member):
    client.force_login(af_coordinator)
    url = reverse("tracks:member_detail", args=[member.track.pk, member.pk])
    assert client.get(url).status_code == 404
