"""Requirement profiles: versions, criteria, freezing on assessment, and differences.

A need's profile is its list of versions. The newest version is edited in place until it has
been used to assess candidates (`mark_profile_version_used`); after that, any edit first makes
a new version with the same criteria, so every assessment keeps the profile it used.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from employers.models import Criterion, RecruitmentNeed, RequirementProfileVersion
from employers.registry import record_change
from jobbspar import access
from jobbspar.models import User

CRITERION_COPY_FIELDS = [
    "kind",
    "mode",
    "weight",
    "swedish_level",
    "language",
    "language_level",
    "driving_licence",
    "experience_months",
    "experience_occupation_id",
    "education_level",
    "certificate",
    "physical_demand",
    "working_hours",
]


def versions_of(need: RecruitmentNeed) -> list[RequirementProfileVersion]:
    """All versions, newest first, criteria prefetched (two queries)."""
    criteria = Criterion.objects.select_related("experience_occupation")
    return list(
        need.profile_versions.order_by("-number").prefetch_related(
            Prefetch("criteria", queryset=criteria)
        )
    )


def current_version(need: RecruitmentNeed) -> RequirementProfileVersion | None:
    return need.profile_versions.order_by("-number").first()


def _new_version(
    need: RecruitmentNeed, *, by: User | None, source: RequirementProfileVersion | None
) -> RequirementProfileVersion:
    number = source.number + 1 if source else 1
    version = RequirementProfileVersion.objects.create(
        need=need, number=number, notes=source.notes if source else "", created_by=by
    )
    if source is not None:
        Criterion.objects.bulk_create(
            Criterion(version=version, **{f: getattr(c, f) for f in CRITERION_COPY_FIELDS})
            for c in source.criteria.all()
        )
    return version


@transaction.atomic
def editable_version(*, need: RecruitmentNeed, by: User | None) -> RequirementProfileVersion:
    """The version to change now: the newest, or a new copy of it if it is frozen."""
    access.refetch(need).select_for_update().get()
    latest = current_version(need)
    if latest is None or latest.is_frozen:
        return _new_version(need, by=by, source=latest)
    return latest


@transaction.atomic
def add_criterion(*, need: RecruitmentNeed, criterion: Criterion, by: User | None) -> Criterion:
    criterion.version = editable_version(need=need, by=by)
    criterion.save()
    record_change(
        employer=need.employer,
        by=by,
        summary=_("Requirement added to profile version %(number)s: %(criterion)s")
        % {"number": criterion.version.number, "criterion": criterion},
    )
    return criterion


@transaction.atomic
def remove_criterion(*, need: RecruitmentNeed, criterion: Criterion, by: User | None) -> None:
    """Remove a criterion from the editable version (from the copy if its version is frozen)."""
    version = editable_version(need=need, by=by)
    signature = criterion.signature()
    for candidate in version.criteria.all():
        if candidate.signature() == signature:
            candidate.delete()
            break
    record_change(
        employer=need.employer,
        by=by,
        summary=_("Requirement removed from profile version %(number)s: %(criterion)s")
        % {"number": version.number, "criterion": criterion},
    )


@transaction.atomic
def set_profile_notes(*, need: RecruitmentNeed, notes: str, by: User | None) -> None:
    version = editable_version(need=need, by=by)
    if version.notes != notes:
        version.notes = notes
        version.save(update_fields=["notes"])
        record_change(
            employer=need.employer,
            by=by,
            summary=_("Profile notes changed (version %(number)s)") % {"number": version.number},
        )


@transaction.atomic
def mark_profile_version_used(version: RequirementProfileVersion) -> RequirementProfileVersion:
    """Candidates were assessed against `version`: freeze it. Doing it twice changes nothing."""
    locked = access.refetch(version).select_for_update().get()
    if locked.used_for_assessment_at is None:
        locked.used_for_assessment_at = timezone.now()
        locked.save(update_fields=["used_for_assessment_at"])
    version.used_for_assessment_at = locked.used_for_assessment_at
    return locked


def copy_profile(*, source: RecruitmentNeed, target: RecruitmentNeed, by: User | None) -> None:
    latest = current_version(source)
    if latest is not None:
        version = RequirementProfileVersion.objects.create(
            need=target, number=1, notes=latest.notes, created_by=by
        )
        Criterion.objects.bulk_create(
            Criterion(version=version, **{f: getattr(c, f) for f in CRITERION_COPY_FIELDS})
            for c in latest.criteria.all()
        )


@dataclass(frozen=True)
class VersionDiff:
    older: RequirementProfileVersion
    newer: RequirementProfileVersion
    added: list[Criterion]
    removed: list[Criterion]
    notes_changed: bool


def diff_versions(
    older: RequirementProfileVersion, newer: RequirementProfileVersion
) -> VersionDiff:
    """What changed from `older` to `newer` (criteria compared by what they say)."""
    old = {c.signature(): c for c in older.criteria.all()}
    new = {c.signature(): c for c in newer.criteria.all()}
    return VersionDiff(
        older=older,
        newer=newer,
        added=[c for key, c in new.items() if key not in old],
        removed=[c for key, c in old.items() if key not in new],
        notes_changed=older.notes != newer.notes,
    )


def diffs_between(versions: list[RequirementProfileVersion]) -> list[VersionDiff]:
    """Each version against the one before it; `versions` newest first."""
    return [diff_versions(versions[i + 1], versions[i]) for i in range(len(versions) - 1)]
