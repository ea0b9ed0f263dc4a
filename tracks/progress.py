"""Per phase and participant: dates, attendance and progress notes; the mentor's weekly APL log;
and the certificate (intyg) for a completed phase."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from employers.models import ContactPerson
from jobbspar.locking import save_versioned
from jobbspar.models import User
from jobbspar.pdf import render_pdf
from tracks.models import AplLogEntry, Phase, PhaseKind, PhaseProgress, TrackParticipant


def progress_for(*, member: TrackParticipant, phase: Phase) -> PhaseProgress:
    """The member's progress row for `phase` (unsaved if nothing is recorded yet)."""
    existing = member.progress.filter(phase=phase).first()
    return existing or PhaseProgress(track_participant=member, phase=phase)


def record_progress(*, progress: PhaseProgress, by: User) -> PhaseProgress:
    """Save the dates, attendance and notes a form has changed."""
    if progress.phase.track_id != progress.track_participant.track_id:
        raise ValidationError(_("Choose a phase of this track."))
    if progress.completed and progress.actual_end is None:
        raise ValidationError({"actual_end": _("Give the actual end date of a completed phase.")})
    today = timezone.localdate()
    if progress.actual_end and progress.actual_end > today:
        raise ValidationError({"actual_end": _("The actual end cannot be in the future.")})
    progress.updated_by = by
    with transaction.atomic():
        save_versioned(progress)
    return progress


def add_apl_log_entry(
    *,
    member: TrackParticipant,
    week_starting: dt.date,
    mentor: ContactPerson,
    note: str,
    deviation: bool,
    by: User,
) -> AplLogEntry:
    """The mentor's note for one APL week (one per participant and week)."""
    track = member.track
    if week_starting.weekday() != 0:
        raise ValidationError({"week_starting": _("Give the Monday the week starts on.")})
    if not track.mentors.filter(pk=mentor.pk).exists():
        raise ValidationError({"mentor": _("Choose one of the track's workplace mentors.")})
    in_apl = track.phases.filter(
        kind=PhaseKind.APL,
        starts_on__lte=week_starting + dt.timedelta(days=6),
        ends_on__gte=week_starting,
    ).exists()
    if not in_apl:
        raise ValidationError({"week_starting": _("The week is not in an APL phase of the track.")})
    if member.apl_log.filter(week_starting=week_starting).exists():
        raise ValidationError({"week_starting": _("There is already a note for that week.")})
    return AplLogEntry.objects.create(
        track_participant=member,
        week_starting=week_starting,
        mentor=mentor,
        note=note.strip(),
        deviation=deviation,
        recorded_by=by,
    )


def certificate_pdf(*, progress: PhaseProgress, base_url: str | None = None) -> bytes:
    """The certificate (intyg) for a completed phase, as a PDF in the current language."""
    if not progress.completed:
        raise ValidationError(_("A certificate is issued only for a completed phase."))
    member = progress.track_participant
    html = render_to_string(
        "tracks/certificate.html",
        {
            "progress": progress,
            "phase": progress.phase,
            "member": member,
            "participant": member.participant,
            "track": member.track,
            "issued_on": timezone.localdate(),
        },
    )
    return render_pdf(html, base_url=base_url)
