"""Per phase and participant: dates, attendance and progress notes; the mentor's weekly APL log;
and the certificate (intyg) for a completed phase."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from employers.models import ContactPerson
from jobbspar import access
from jobbspar.locking import save_versioned
from jobbspar.models import NotificationKind, User
from jobbspar.notifications import notify, render_message
from jobbspar.pdf import render_pdf
from jobbspar.repeats import once_per_row
from tracks.models import AplLogEntry, Phase, PhaseKind, PhaseProgress, TrackParticipant


def progress_for(*, member: TrackParticipant, phase: Phase) -> PhaseProgress:
    """The member's progress row for `phase` (unsaved if nothing is recorded yet)."""
    existing = member.progress.filter(phase=phase).first()
    return existing or PhaseProgress(track_participant=member, phase=phase)


def check_actual_dates(start: dt.date | None, end: dt.date | None) -> None:
    """A phase's actual end is not before its actual start (the form checks it as you type)."""
    if start and end and end < start:
        raise ValidationError(
            {"actual_end": _("The actual end cannot be before the actual start.")}
        )


def record_progress(*, progress: PhaseProgress, by: User) -> PhaseProgress:
    """Save the dates, attendance and notes a form has changed."""
    if progress.phase.track_id != progress.track_participant.track_id:
        raise ValidationError(_("Choose a phase of this track."))
    check_actual_dates(progress.actual_start, progress.actual_end)
    if progress.completed and progress.actual_end is None:
        raise ValidationError({"actual_end": _("Give the actual end date of a completed phase.")})
    today = timezone.localdate()
    if progress.actual_end and progress.actual_end > today:
        raise ValidationError({"actual_end": _("The actual end cannot be in the future.")})
    progress.updated_by = by
    with transaction.atomic():
        save_versioned(progress)
    return progress


def may_edit_apl_note(entry: AplLogEntry, user: User) -> bool:
    """An APL note is changed by the organisation whose user wrote it."""
    author = entry.recorded_by
    return (
        author is not None
        and author.organisation_id is not None
        and author.organisation_id == user.organisation_id
    )


def notify_deviation(entry: AplLogEntry) -> None:
    """The track's coordinators are told of a deviation in APL (by pseudonym in the message)."""
    member = entry.track_participant
    track = member.track
    url = reverse("tracks:member_detail", args=[track.pk, member.pk])
    # One idempotent row per coordinator (notify's get_or_create), as the reminders do.
    with once_per_row():
        for coordinator in track.coordinators.filter(is_active=True):
            notify(
                recipient=coordinator,
                kind=NotificationKind.APL_DEVIATION,
                obj=entry,
                due_on=timezone.localdate(),
                send_after=timezone.now(),
                message=render_message(
                    recipient=coordinator,
                    template="notifications/apl_deviation",
                    context={"track": track, "member": member, "entry": entry},
                ),
                url=url,
            )


def check_apl_week(track, week_starting: dt.date) -> None:
    """A log entry is for a started week (its Monday) in one of the track's APL phases."""
    if week_starting.weekday() != 0:
        raise ValidationError({"week_starting": _("Give the Monday the week starts on.")})
    if week_starting > timezone.localdate():
        raise ValidationError(
            {"week_starting": _("The week has not started yet: write the note during or after it.")}
        )
    in_apl = track.phases.filter(
        kind=PhaseKind.APL,
        starts_on__lte=week_starting + dt.timedelta(days=6),
        ends_on__gte=week_starting,
    ).exists()
    if not in_apl:
        raise ValidationError({"week_starting": _("The week is not in an APL phase of the track.")})


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
    check_apl_week(track, week_starting)
    if mentor.pk != member.mentor_id and not track.mentors.filter(pk=mentor.pk).exists():
        raise ValidationError({"mentor": _("Choose one of the track's workplace mentors.")})
    if member.apl_log.filter(week_starting=week_starting).exists():
        raise ValidationError({"week_starting": _("There is already a note for that week.")})
    with transaction.atomic():
        entry = AplLogEntry.objects.create(
            track_participant=member,
            week_starting=week_starting,
            mentor=mentor,
            note=note.strip(),
            deviation=deviation,
            on_behalf_of_mentor=True,
            recorded_by=by,
        )
        if deviation:
            notify_deviation(entry)
    return entry


def edit_apl_log_entry(
    *, entry: AplLogEntry, mentor: ContactPerson, note: str, deviation: bool, by: User
) -> AplLogEntry:
    """Change an APL note (its author's organisation only); every version stays in the write
    history. A note newly marked as a deviation tells the coordinators."""
    if not may_edit_apl_note(entry, by):
        raise PermissionDenied(_("Only the organisation that wrote the note may change it."))
    member = entry.track_participant
    if mentor.pk != member.mentor_id and not member.track.mentors.filter(pk=mentor.pk).exists():
        raise ValidationError({"mentor": _("Choose one of the track's workplace mentors.")})
    with transaction.atomic():
        # As stored: a form may already have changed the instance it was given.
        was_deviation = (
            access.refetch(entry).select_for_update().values_list("deviation", flat=True).get()
        )
        became_deviation = deviation and not was_deviation
        entry.mentor = mentor
        entry.note = note.strip()
        entry.deviation = deviation
        entry.edited_by = by
        entry.edited_at = timezone.now()
        entry.save(update_fields=["mentor", "note", "deviation", "edited_by", "edited_at"])
        if became_deviation:
            notify_deviation(entry)
    return entry


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
