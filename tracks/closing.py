"""Closing questions at a track's completion: did the training match the need, did each phase
work, and does the employer have a new need - which is created at once as a repeat of the
track's need (employers.needs.repeat_need), so the next track starts from what was learnt."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from employers.needs import repeat_need
from jobbspar.models import User
from tracks.models import PhaseReview, Track, TrackClosing
from tracks.workflow import CLOSED_TRACK_STATUSES


@dataclass(frozen=True)
class PhaseAnswer:
    worked: str
    comment: str = ""


def may_close(track: Track) -> bool:
    return track.status in CLOSED_TRACK_STATUSES


def record_closing(
    *,
    track: Track,
    by: User,
    training_matched_need: str,
    training_comment: str,
    phases: dict[int, PhaseAnswer],
    employer_has_new_need: bool,
    new_need_start: dt.date | None,
) -> TrackClosing:
    """Save the answers (again, to correct them); create the new need once when there is one."""
    if not may_close(track):
        raise ValidationError(_("The closing questions are answered when the track is completed."))
    with transaction.atomic():
        locked = Track.objects.select_for_update().get(pk=track.pk)
        closing, _created = TrackClosing.objects.update_or_create(
            track=locked,
            defaults={
                "training_matched_need": training_matched_need,
                "training_comment": training_comment.strip(),
                "employer_has_new_need": employer_has_new_need,
                "answered_by": by,
            },
        )
        for phase in locked.phases.filter(pk__in=phases):
            answer = phases[phase.pk]
            PhaseReview.objects.update_or_create(
                phase=phase,
                defaults={
                    "closing": closing,
                    "worked": answer.worked,
                    "comment": answer.comment.strip(),
                },
            )
        if employer_has_new_need and closing.new_need_id is None and new_need_start is not None:
            closing.new_need = repeat_need(need=locked.need, wanted_start=new_need_start, by=by)
            closing.save(update_fields=["new_need"])
    return closing
