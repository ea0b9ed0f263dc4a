"""The phase plan of a track: generated from its length, editable, and always valid.

A valid plan: every phase inside the track, in order and without overlaps, and a workplace
mentor on the track whenever the plan has APL weeks. A track is copied as a template with its
phases shifted to a new start date.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from employers.models import RecruitmentNeed
from employers.profiles import current_version
from jobbspar.contributions import collect
from jobbspar.locking import save_versioned
from jobbspar.models import User
from tracks.models import (
    CLOSED_TRACK_STATUSES,
    MAX_WEEKS,
    MIN_WEEKS,
    FundingSource,
    Phase,
    PhaseKind,
    ResponsibleParty,
    Track,
    TrackStatus,
)


def check_length(weeks: int) -> None:
    if not MIN_WEEKS <= weeks <= MAX_WEEKS:
        raise ValidationError(
            {
                "weeks": _(
                    "A track is between 7 and 27 weeks long; %(weeks)s weeks is not allowed."
                )
                % {"weeks": weeks}
            }
        )


@dataclass(frozen=True)
class PhaseSpec:
    kind: str
    weeks: int
    responsible: str


def split_weeks(weeks: int) -> list[PhaseSpec]:
    """Introduction week, training with language support, APL weeks (a quarter, at least two),
    and a hiring week at the end."""
    check_length(weeks)
    apl = max(2, weeks // 4)
    training = weeks - 1 - apl - 1
    return [
        PhaseSpec(PhaseKind.INTRODUCTION, 1, ResponsibleParty.MUNICIPALITY),
        PhaseSpec(PhaseKind.TRAINING, training, ResponsibleParty.PROVIDER),
        PhaseSpec(PhaseKind.APL, apl, ResponsibleParty.EMPLOYER),
        PhaseSpec(PhaseKind.HIRING, 1, ResponsibleParty.EMPLOYER),
    ]


def planned_phases(track: Track) -> list[Phase]:
    """The generated plan for `track` (unsaved phases)."""
    phases = []
    start = track.start_date
    for spec in split_weeks(track.weeks):
        end = start + dt.timedelta(weeks=spec.weeks, days=-1)
        phases.append(
            Phase(
                track=track,
                kind=spec.kind,
                title=str(PhaseKind(spec.kind).label),
                starts_on=start,
                ends_on=end,
                responsible=spec.responsible,
                place=_place_for(track, spec.kind),
            )
        )
        start = end + dt.timedelta(days=1)
    return phases


def _place_for(track: Track, kind: str) -> str:
    if kind in (PhaseKind.APL, PhaseKind.HIRING):
        return track.need.workplace
    if kind == PhaseKind.TRAINING and track.education_provider is not None:
        return track.education_provider.name
    return ""


def validate_plan(track: Track, phases: list[Phase], *, has_mentor: bool | None = None) -> None:
    """Raise ValidationError (Swedish messages) unless `phases` form a valid plan for `track`.

    `has_mentor` None means "as saved" (the track's mentors in the database)."""
    errors = []
    ordered = sorted(phases, key=lambda p: (p.starts_on, p.ends_on))
    end = track.end_date
    for phase in ordered:
        if phase.ends_on < phase.starts_on:
            errors.append(_("“%(phase)s” ends before it starts.") % {"phase": phase.title})
        if phase.starts_on < track.start_date or phase.ends_on > end:
            errors.append(
                _("“%(phase)s” must lie inside the track (%(start)s – %(end)s).")
                % {"phase": phase.title, "start": track.start_date, "end": end}
            )
    for before, after in itertools.pairwise(ordered):
        if after.starts_on <= before.ends_on:
            errors.append(
                _("“%(first)s” and “%(second)s” overlap.")
                % {"first": before.title, "second": after.title}
            )
    if has_mentor is None:
        has_mentor = track.mentors.exists()
    if any(p.kind == PhaseKind.APL for p in phases) and not has_mentor:
        errors.append(_("An APL phase needs at least one workplace mentor on the track."))
    if errors:
        raise ValidationError(errors)


def check_deletable(track: Track, phase: Phase | None = None) -> None:
    """Refuse to delete a phase (or, without `phase`, the whole plan) that participants' progress
    has been recorded against, or in which someone discontinued: that history must not disappear
    with the plan."""
    members = track.participants.all()
    progress = (
        members.filter(progress__phase=phase) if phase else members.filter(progress__isnull=False)
    )
    if progress.exists():
        raise ValidationError(
            _("Progress has been recorded in this phase plan; change the phases' dates instead.")
        )
    discontinued = (
        members.filter(discontinued_phase=phase)
        if phase
        else members.filter(discontinued_phase__isnull=False)
    )
    if discontinued.exists():
        raise ValidationError(
            _("A participant discontinued in this phase plan; change the phases' dates instead.")
        )


def delete_phase(*, phase: Phase) -> None:
    """Delete one phase if the track is open and nothing has been recorded in it."""
    if phase.track.status in CLOSED_TRACK_STATUSES:
        raise ValidationError(_("The track is closed; its phase plan can no longer change."))
    check_deletable(phase.track, phase)
    phase.delete()


def generate_phase_plan(*, track: Track) -> list[Phase]:
    """Replace the track's phases with the plan generated from its length."""
    phases = planned_phases(track)
    validate_plan(track, phases)
    with transaction.atomic():
        check_deletable(track)
        track.phases.all().delete()
        return Phase.objects.bulk_create(phases)


def save_phase(*, phase: Phase) -> Phase:
    """Save a changed or new phase if the plan stays valid."""
    others = (
        list(phase.track.phases.exclude(pk=phase.pk))
        if phase.pk
        else list(phase.track.phases.all())
    )
    validate_plan(phase.track, [*others, phase])
    save_versioned(phase)
    return phase


def save_track(*, track: Track, has_mentor: bool | None = None) -> Track:
    """Save a changed track's settings if its phase plan still fits them (the dates, the length,
    and a mentor for APL: `has_mentor` is whether the mentors being saved with it are any, None
    for "as saved"), and only if nobody has saved it since the form was opened (raises
    jobbspar.locking.EditConflict otherwise)."""
    validate_plan(track, list(track.phases.all()), has_mentor=has_mentor)
    save_versioned(track)
    return track


def copy_track(
    *,
    source: Track,
    start_date: dt.date,
    name: str,
    by: User,
    need: RecruitmentNeed | None = None,
) -> Track:
    """A new track from an earlier one: phases shifted to `start_date`, funding, settings and
    people in charge - not participants. With `need` (another partnership's track used as a
    template for a need of the user's partnership): the plan and settings only - the need's
    employer, profile and agreement, and none of the other partnership's people or funding."""
    shift = start_date - source.start_date
    template = need is not None and need.pk != source.need_id
    target = need if need is not None and template else source.need
    with transaction.atomic():
        track = Track.objects.create(
            employer=target.employer if template else source.employer,
            need=target,
            partnership_id=target.partnership_id,
            profile_version=current_version(target) if template else source.profile_version,
            agreement=(
                target.agreements.order_by("-number").first() if template else source.agreement
            ),
            education_provider=source.education_provider,
            name=name,
            start_date=start_date,
            weeks=source.weeks,
            planned_participants=source.planned_participants,
            status=TrackStatus.PLANNING,
            selection_deadline=(
                source.selection_deadline + shift if source.selection_deadline else None
            ),
            blind_selection=source.blind_selection,
            certificates=list(source.certificates),
            copied_from=source,
            created_by=by,
        )
        if template:
            if by.is_coordinator:
                track.coordinators.add(by)
            Phase.objects.bulk_create(_shifted_phases(source, track, shift))
            _copy_plans_of_other_apps(source, track, shift)
            return track
        # add(), not set(): the new track has nobody yet, so there is nothing to read first.
        track.coordinators.add(*source.coordinators.values_list("pk", flat=True))
        track.job_coaches.add(*source.job_coaches.values_list("pk", flat=True))
        track.mentors.add(*source.mentors.values_list("pk", flat=True))
        FundingSource.objects.bulk_create(
            FundingSource(track=track, source=f.source, description=f.description, amount=f.amount)
            for f in source.funding.all()
        )
        Phase.objects.bulk_create(_shifted_phases(source, track, shift))
        _copy_plans_of_other_apps(source, track, shift)
    return track


def _copy_plans_of_other_apps(source: Track, track: Track, shift: dt.timedelta) -> None:
    """The apps above copy their part of the plan (the schedule's strands and patterns)."""
    for copy_plan in collect("track_copied"):
        copy_plan(source=source, track=track, shift=shift)


def _shifted_phases(source: Track, track: Track, shift: dt.timedelta) -> list[Phase]:
    return [
        Phase(
            track=track,
            kind=p.kind,
            title=p.title,
            starts_on=p.starts_on + shift,
            ends_on=p.ends_on + shift,
            responsible=p.responsible,
            place=p.place,
        )
        for p in source.phases.all()
    ]
