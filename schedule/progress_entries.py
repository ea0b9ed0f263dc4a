"""Progress entries: what a member covered or achieved in an education provider's strand.

The provider's users record them for the members of their own strands' tracks
(schedule.access.provider_members_for); the track's coordinators and job coaches read them on
the member's page. The function that saves also validates, whoever calls it.
"""

from __future__ import annotations

import datetime as dt

import pgtrigger
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from jobbspar.models import User
from participants.models import Participant
from participants.retention import redacted
from schedule.models import ProgressEntry, Strand
from tracks.models import TrackParticipant


def record_progress(
    *,
    strand: Strand,
    member: TrackParticipant,
    day: dt.date,
    achieved: str,
    note: str = "",
    by: User,
) -> ProgressEntry:
    """Record one entry for `member` in `strand`, or refuse with a clear message."""
    achieved = (achieved or "").strip()
    note = (note or "").strip()
    errors: dict[str, str] = {}
    if member.track_id != strand.track_id:
        errors["member"] = _("Choose a participant in this course's track.")
    if not achieved:
        errors["achieved"] = _("Write what was covered or achieved.")
    if day > timezone.localdate():
        errors["day"] = _("Progress cannot be recorded for a day that has not come.")
    elif day < strand.starts_on:
        errors["day"] = _("The course starts on %(date)s.") % {"date": strand.starts_on.isoformat()}
    if errors:
        raise ValidationError(errors)
    return ProgressEntry.objects.create(
        strand=strand,
        track_participant=member,
        day=day,
        achieved=achieved[:200],
        note=note[:2000],
        recorded_by=by,
    )


def redact_progress(participant: Participant) -> None:
    """Retention: replace what the entries about the person say, in the rows and their write
    history, by a dash (the days stay)."""
    ProgressEntry.objects.filter(track_participant__participant=participant).update(
        achieved=redacted("achieved"), note=redacted("note")
    )
    events = set(ProgressEntry.pgh_event_models.values())  # type: ignore[attr-defined]
    with pgtrigger.ignore(*(f"{model._meta.label}:append_only" for model in events)):
        for event_model in events:
            event_model.objects.filter(track_participant__participant_id=participant.pk).update(
                achieved=redacted("achieved"), note=redacted("note")
            )
