"""The APL log written at the workplace: the mentor assigned to each participant, the entries the
employer's users (and the mentor) write in the portal, and the comments of the track's
coordinators and job coaches. A coordinator's note on the mentor's behalf is tracks.progress.

Every change keeps its history (pghistory on the entries, comments and members)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from employers.models import ContactPerson
from jobbspar import access
from jobbspar.models import NotificationKind, User
from jobbspar.notifications import notify, render_message
from jobbspar.repeats import once_per_row
from tracks import progress
from tracks.models import AplLogComment, AplLogEntry, State, TrackParticipant

# A workplace mentor is assigned from the selection until the end of APL.
MENTOR_STATES = frozenset({State.SELECTED, State.IN_TRAINING, State.IN_APL})


def effective_mentor(
    member: TrackParticipant, track_mentors: list[ContactPerson] | None = None
) -> ContactPerson | None:
    """The participant's own mentor, else the track's first mentor (the default); pass the
    track's mentors when drawing many members, to ask the database once."""
    if member.mentor_id is not None:
        return member.mentor
    if track_mentors is None:
        track_mentors = list(member.track.mentors.order_by("name", "pk")[:1])
    return track_mentors[0] if track_mentors else None


def mentor_choices(member: TrackParticipant) -> QuerySet:
    """Whom the participant's mentor may be: the contact persons of the track's employer (a
    mentor with a portal account was invited as one of them)."""
    return member.track.employer.contacts.order_by("name", "pk")


def may_have_mentor(member: TrackParticipant) -> bool:
    return member.state in MENTOR_STATES


def assign_mentor(
    *, member: TrackParticipant, mentor: ContactPerson | None, by: User
) -> TrackParticipant:
    """Give the participant a workplace mentor of the employer's (None: the track's mentor)."""
    if not may_have_mentor(member):
        raise ValidationError(
            _("A mentor is assigned to a participant who is selected, in training or in APL.")
        )
    if mentor is not None and mentor.employer_id != member.track.employer_id:
        raise ValidationError({"mentor": _("Choose one of the employer's contact persons.")})
    with transaction.atomic():
        member.mentor = mentor
        member.save(update_fields=["mentor"])
    return member


def entries_of(member: TrackParticipant) -> QuerySet:
    """The member's APL log, newest week first, with its authors and comments."""
    return member.apl_log.select_related("mentor", "recorded_by", "edited_by").prefetch_related(
        "comments__author"
    )


def _author_contact(member: TrackParticipant, by: User) -> ContactPerson | None:
    """The employer's contact person whose portal account `by` is, if any."""
    return member.track.employer.contacts.filter(user=by).first()


def _notify_new_entry(entry: AplLogEntry) -> None:
    """The track's coordinators hear of a new entry once (by pseudonym), not of every change."""
    member = entry.track_participant
    track = member.track
    url = reverse("tracks:member_detail", args=[track.pk, member.pk])
    with once_per_row():
        for coordinator in track.coordinators.filter(is_active=True):
            notify(
                recipient=coordinator,
                kind=NotificationKind.APL_LOG_ENTRY,
                obj=entry,
                due_on=timezone.localdate(),
                send_after=timezone.now(),
                message=render_message(
                    recipient=coordinator,
                    template="notifications/apl_log_entry",
                    context={"track": track, "member": member, "entry": entry},
                ),
                url=url,
            )


def write_entry(
    *,
    member: TrackParticipant,
    week_starting: dt.date,
    work_done: str,
    note: str,
    hours: Decimal | None,
    deviation: bool,
    by: User,
) -> AplLogEntry:
    """An entry written at the workplace (the employer's user or the mentor) for one APL week;
    the mentor is the writer if they are the employer's contact, else the participant's."""
    progress.check_apl_week(member.track, week_starting)
    mentor = _author_contact(member, by) or effective_mentor(member)
    if mentor is None:
        raise ValidationError(_("Assign the participant a workplace mentor first."))
    if member.apl_log.filter(week_starting=week_starting).exists():
        raise ValidationError(
            {"week_starting": _("There is already an entry for that week: change it instead.")}
        )
    with transaction.atomic():
        entry = AplLogEntry.objects.create(
            track_participant=member,
            week_starting=week_starting,
            mentor=mentor,
            work_done=work_done.strip(),
            note=note.strip(),
            hours=hours,
            deviation=deviation,
            on_behalf_of_mentor=False,
            recorded_by=by,
        )
        _notify_new_entry(entry)
        if deviation:
            progress.notify_deviation(entry)
    return entry


def correct_entry(
    *,
    entry: AplLogEntry,
    work_done: str,
    note: str,
    hours: Decimal | None,
    deviation: bool,
    by: User,
) -> AplLogEntry:
    """Correct an entry (its author's organisation only); the earlier versions stay in the
    history. A correction that newly marks a deviation tells the coordinators."""
    if not progress.may_edit_apl_note(entry, by):
        raise PermissionDenied(_("Only the organisation that wrote the note may change it."))
    with transaction.atomic():
        was_deviation = (
            access.refetch(entry).select_for_update().values_list("deviation", flat=True).get()
        )
        entry.work_done = work_done.strip()
        entry.note = note.strip()
        entry.hours = hours
        entry.deviation = deviation
        entry.edited_by = by
        entry.edited_at = timezone.now()
        entry.save(
            update_fields=["work_done", "note", "hours", "deviation", "edited_by", "edited_at"]
        )
        if deviation and not was_deviation:
            progress.notify_deviation(entry)
    return entry


def comment_on_entry(*, entry: AplLogEntry, text: str, by: User) -> AplLogComment:
    """A coordinator's or job coach's comment on an entry (the employer's users read it)."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the comment.")})
    return AplLogComment.objects.create(entry=entry, text=text, author=by)
