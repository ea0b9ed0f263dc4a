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
from jobbspar import access
from jobbspar.models import User
from jobbspar.scoping import unscoped
from tracks.models import CLOSED_TRACK_STATUSES, PhaseReview, Track, TrackClosing


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
    # The track came from tracks.access (tracks_for); its closing rows are its own.
    reason_for_scope = "closing questions of a track obtained through the access module"
    with transaction.atomic(), unscoped(reason_for_scope):
        locked = access.refetch(track).select_for_update().get()
        closing, _created = TrackClosing.objects.update_or_create(
            track=locked,
            defaults={
                "training_matched_need": training_matched_need,
                "training_comment": training_comment.strip(),
                "employer_has_new_need": employer_has_new_need,
                "answered_by": by,
            },
        )
        # One read and at most two writes, however many phases the track has.
        reviewed = list(locked.phases.filter(pk__in=phases).select_related("review"))
        new_reviews, changed_reviews = [], []
        for phase in reviewed:
            answer = phases[phase.pk]
            try:
                review = phase.review
            except PhaseReview.DoesNotExist:
                review = PhaseReview(phase=phase)
                new_reviews.append(review)
            else:
                changed_reviews.append(review)
            review.closing = closing
            review.worked = answer.worked
            review.comment = answer.comment.strip()
        PhaseReview.objects.bulk_create(new_reviews)
        PhaseReview.objects.bulk_update(changed_reviews, ["closing", "worked", "comment"])
        if employer_has_new_need and closing.new_need_id is None and new_need_start is not None:
            closing.new_need = repeat_need(need=locked.need, wanted_start=new_need_start, by=by)
            closing.save(update_fields=["new_need"])
    return closing
