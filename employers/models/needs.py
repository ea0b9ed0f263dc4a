"""Recruitment needs and their versioned requirement profiles with structured criteria."""

from __future__ import annotations

from typing import ClassVar

import pghistory
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from employers.models.employers import Employer
from employers.models.occupations import Occupation
from jobbspar import vocabulary
from jobbspar.locking import version_field, version_trigger
from jobbspar.scoping import ScopedManager, ScopedModel


class Horizon(models.TextChoices):
    NOW = "now", _("Now")
    SIX_MONTHS = "6_months", _("Within 6 months")
    TWELVE_MONTHS = "12_months", _("Within 12 months")


class EmploymentType(models.TextChoices):
    PERMANENT = "permanent", _("Permanent employment")
    FIXED_TERM = "fixed_term", _("Fixed-term employment")
    PROBATIONARY = "probationary", _("Probationary employment")
    HOURLY = "hourly", _("Hourly, as needed")


class NeedStatus(models.TextChoices):
    NEW = "new", _("New")
    PLANNING = "planning", _("In planning")
    TRACK_RUNNING = "track_running", _("Track running")
    FILLED = "filled", _("Filled")
    CANCELLED = "cancelled", _("Cancelled")


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class RecruitmentNeed(ScopedModel, models.Model):
    employer = models.ForeignKey(
        Employer, on_delete=models.CASCADE, related_name="needs", verbose_name=_("employer")
    )
    partnership = models.ForeignKey(
        "jobbspar.Partnership",
        on_delete=models.PROTECT,
        related_name="needs",
        verbose_name=_("partnership"),
    )
    occupation = models.ForeignKey(
        Occupation, on_delete=models.PROTECT, related_name="needs", verbose_name=_("occupation")
    )
    positions = models.PositiveIntegerField(_("number of positions"))
    wanted_start = models.DateField(_("wanted start"))
    horizon = models.CharField(_("horizon"), max_length=16, choices=Horizon.choices)
    workplace = models.CharField(_("workplace"), max_length=300, blank=True)
    employment_type = models.CharField(
        _("employment type"), max_length=16, choices=EmploymentType.choices
    )
    working_hours = models.CharField(
        _("working hours"), max_length=16, choices=vocabulary.WorkingHours.choices
    )
    shift_work = models.BooleanField(_("shift work"), default=False)
    status = models.CharField(
        _("status"), max_length=16, choices=NeedStatus.choices, default=NeedStatus.NEW
    )
    repeats = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="repetitions",
        verbose_name=_("repeats the need"),
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    version = version_field()

    objects = ScopedManager()

    class Meta:
        triggers = [version_trigger()]
        verbose_name = _("recruitment need")
        verbose_name_plural = _("recruitment needs")
        ordering = ["wanted_start", "id"]
        indexes = [
            models.Index(fields=["employer", "wanted_start"], name="need_employer_start"),
            models.Index(fields=["partnership", "employer"], name="need_partnership_employer"),
            models.Index(fields=["status", "wanted_start"], name="need_status_start"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(positions__gte=1),
                name="need_positions_at_least_one",
                violation_error_message=_("A need has at least one position."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.occupation.name}, {self.positions} ({self.employer.name})"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class RequirementProfileVersion(ScopedModel, models.Model):
    """One version of a need's requirement profile; versions once used for assessment are frozen."""

    need = models.ForeignKey(
        RecruitmentNeed, on_delete=models.CASCADE, related_name="profile_versions"
    )
    number = models.PositiveIntegerField(_("version"))
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    used_for_assessment_at = models.DateTimeField(_("used for assessment"), null=True, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("requirement profile version")
        verbose_name_plural = _("requirement profile versions")
        ordering = ["need", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["need", "number"], name="profile_version_unique"),
        ]

    def __str__(self) -> str:
        return _("Requirement profile, version %(number)s") % {"number": self.number}

    @property
    def is_frozen(self) -> bool:
        return self.used_for_assessment_at is not None


class CriterionKind(models.TextChoices):
    SWEDISH = "swedish", _("Swedish, at least")
    LANGUAGE = "language", _("Other language")
    DRIVING_LICENCE = "driving_licence", _("Driving licence")
    EXPERIENCE = "experience", _("Experience in an occupation")
    EDUCATION = "education", _("Education, at least")
    CERTIFICATE = "certificate", _("Certificate")
    PHYSICAL = "physical", _("Physical demands")
    WORKING_HOURS = "working_hours", _("Working hours")


class CriterionMode(models.TextChoices):
    REQUIRED = "required", _("Required at selection")
    TRAINED = "trained", _("Trained during the track")


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Criterion(ScopedModel, models.Model):
    """One structured requirement. Which value field is used depends on `kind`."""

    version = models.ForeignKey(
        RequirementProfileVersion, on_delete=models.CASCADE, related_name="criteria"
    )
    kind = models.CharField(_("kind of requirement"), max_length=20, choices=CriterionKind.choices)
    mode = models.CharField(_("when"), max_length=10, choices=CriterionMode.choices)
    weight = models.PositiveSmallIntegerField(
        _("weight"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("Optional, 1 (low) to 5 (high)."),
    )
    swedish_level = models.CharField(
        _("Swedish level"), max_length=16, choices=vocabulary.SwedishLevel.choices, blank=True
    )
    language = models.CharField(_("language"), max_length=100, blank=True)
    language_level = models.CharField(
        _("language level"), max_length=8, choices=vocabulary.LanguageLevel.choices, blank=True
    )
    driving_licence = models.CharField(
        _("driving licence"), max_length=4, choices=vocabulary.DrivingLicence.choices, blank=True
    )
    experience_months = models.PositiveSmallIntegerField(
        _("experience (months)"), null=True, blank=True
    )
    experience_occupation = models.ForeignKey(
        Occupation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("experience in occupation"),
    )
    education_level = models.CharField(
        _("education level"), max_length=20, choices=vocabulary.EducationLevel.choices, blank=True
    )
    certificate = models.CharField(
        _("certificate"), max_length=20, choices=vocabulary.Certificate.choices, blank=True
    )
    physical_demand = models.CharField(
        _("physical demands"), max_length=10, choices=vocabulary.PhysicalDemand.choices, blank=True
    )
    working_hours = models.CharField(
        _("working hours"), max_length=16, choices=vocabulary.WorkingHours.choices, blank=True
    )

    objects = ScopedManager()

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weight__isnull=True) | models.Q(weight__gte=1, weight__lte=5),
                name="criterion_weight_1_to_5",
            ),
        ]

    VALUE_FIELDS: ClassVar[dict[str, list[str]]] = {
        CriterionKind.SWEDISH: ["swedish_level"],
        CriterionKind.LANGUAGE: ["language", "language_level"],
        CriterionKind.DRIVING_LICENCE: ["driving_licence"],
        CriterionKind.EXPERIENCE: ["experience_months", "experience_occupation"],
        CriterionKind.EDUCATION: ["education_level"],
        CriterionKind.CERTIFICATE: ["certificate"],
        CriterionKind.PHYSICAL: ["physical_demand"],
        CriterionKind.WORKING_HOURS: ["working_hours"],
    }

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value_display}"

    @property
    def is_required(self) -> bool:
        """Required at selection (rather than trained during the track)."""
        return self.mode == CriterionMode.REQUIRED

    @property
    def value_display(self) -> str:
        kind = self.kind
        if kind == CriterionKind.SWEDISH:
            return str(self.get_swedish_level_display())
        if kind == CriterionKind.LANGUAGE:
            return f"{self.language} ({self.get_language_level_display()})"
        if kind == CriterionKind.DRIVING_LICENCE:
            return str(self.get_driving_licence_display())
        if kind == CriterionKind.EXPERIENCE:
            months = _("%(months)s months") % {"months": self.experience_months}
            return f"{months}, {self.experience_occupation}"
        if kind == CriterionKind.EDUCATION:
            return str(self.get_education_level_display())
        if kind == CriterionKind.CERTIFICATE:
            return str(self.get_certificate_display())
        if kind == CriterionKind.PHYSICAL:
            return str(self.get_physical_demand_display())
        return str(self.get_working_hours_display())

    def signature(self) -> tuple[object, ...]:
        """What the criterion says, for comparing versions (ids differ between versions)."""
        return (
            self.kind,
            self.mode,
            self.weight,
            *(
                getattr(self, f + ("_id" if f == "experience_occupation" else ""))
                for f in self.VALUE_FIELDS[self.kind]
            ),
        )
