"""Employers and what they need: SSYK occupations, employers, contacts, recruitment needs,
requirement profiles (versioned), planning meetings, education providers and agreements."""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from jobbspar import vocabulary
from jobbspar.identity import validate_organisation_number
from jobbspar.locking import version_field, version_trigger
from jobbspar.scoping import ScopedManager, ScopedModel

phone_validator = RegexValidator(
    r"^\+?[0-9][0-9 ()-]{5,18}[0-9]$",
    _("Enter a phone number with digits only, for example 040-123 45 67 or +46 40 123 45 67."),
    code="phone",
)


class Occupation(models.Model):
    """An SSYK 2012 unit group (4 digits), the Swedish occupation classification (SCB)."""

    code = models.CharField(_("SSYK code"), max_length=4, unique=True)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("occupation (SSYK 2012)")
        verbose_name_plural = _("occupations (SSYK 2012)")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[0-9]{4}$"), name="occupation_code_four_digits"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def major_group(self) -> str:
        return self.code[0]


class Sector(models.TextChoices):
    PRIVATE = "private", _("Private")
    PUBLIC = "public", _("Public")
    NON_PROFIT = "non_profit", _("Non-profit")


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Employer(ScopedModel, models.Model):
    """An employer with recruitment needs; its staff sign in through its organisation."""

    organisation = models.OneToOneField(
        "jobbspar.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="employer",
    )
    name = models.CharField(_("name"), max_length=200)
    organisation_number = models.CharField(
        _("organisation number"),
        max_length=11,
        unique=True,
        validators=[validate_organisation_number],
        help_text=_("Ten digits, NNNNNN-NNNN."),
    )
    sector = models.CharField(_("sector"), max_length=16, choices=Sector.choices)
    industry = models.CharField(_("industry"), max_length=200, blank=True)
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(
        _("postal code"),
        max_length=6,
        blank=True,
        validators=[RegexValidator(r"^[0-9]{3} ?[0-9]{2}$", _("Enter a postal code as NNN NN."))],
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    workplaces = models.TextField(
        _("workplaces"), blank=True, help_text=_("One workplace per line, with its address.")
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    version = version_field()

    objects = ScopedManager()

    class Meta:
        triggers = [version_trigger()]
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        ordering = ["name"]
        indexes = [
            # icontains is UPPER(name) LIKE UPPER(%q%) on PostgreSQL: a trigram index on the
            # same expression serves it; organisation-number prefixes need pattern ops.
            GinIndex(OpClass(Upper("name"), name="gin_trgm_ops"), name="employer_name_trgm"),
            models.Index(
                fields=["organisation_number"],
                name="employer_orgnr_prefix",
                opclasses=["varchar_pattern_ops"],
            ),
            models.Index(fields=["name"], name="employer_name"),
            models.Index(fields=["sector", "name"], name="employer_sector_name"),
            models.Index(fields=["-created_at"], name="employer_created"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def workplace_list(self) -> list[str]:
        return [line.strip() for line in self.workplaces.splitlines() if line.strip()]


class ContactFields(models.Model):
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True, validators=[phone_validator])

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.role})" if self.role else self.name


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class ContactPerson(ScopedModel, ContactFields):
    employer = models.ForeignKey(
        Employer, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("employer")
    )
    # The portal account a coordinator invited this contact to (portal.invitations).
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="employer_contact",
        verbose_name=_("portal account"),
    )
    invited_at = models.DateTimeField(_("invited to the portal"), null=True, blank=True)

    objects = ScopedManager()

    class Meta(ContactFields.Meta):
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")


class EmployerChange(ScopedModel, models.Model):
    """One line of an employer's history: who changed what, and when."""

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="changes")
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    summary = models.CharField(_("change"), max_length=300)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("employer change")
        verbose_name_plural = _("employer changes")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["employer", "-at"], name="employerchange_employer_at")]

    def __str__(self) -> str:
        return self.summary


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class EducationProvider(ScopedModel, models.Model):
    organisation = models.OneToOneField(
        "jobbspar.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="education_provider",
    )
    name = models.CharField(_("name"), max_length=200)
    organisation_number = models.CharField(
        _("organisation number"),
        max_length=11,
        unique=True,
        validators=[validate_organisation_number],
        help_text=_("Ten digits, NNNNNN-NNNN."),
    )
    offering = models.TextField(_("what they offer"), blank=True)

    version = version_field()

    objects = ScopedManager()

    class Meta:
        triggers = [version_trigger()]
        verbose_name = _("education provider")
        verbose_name_plural = _("education providers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class ProviderContact(ScopedModel, ContactFields):
    provider = models.ForeignKey(
        EducationProvider,
        on_delete=models.CASCADE,
        related_name="contacts",
        verbose_name=_("education provider"),
    )

    objects = ScopedManager()

    class Meta(ContactFields.Meta):
        verbose_name = _("provider contact")
        verbose_name_plural = _("provider contacts")


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

    VALUE_FIELDS = {
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

    def signature(self) -> tuple:
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


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class PlanningMeeting(ScopedModel, models.Model):
    """An avstämningsmöte with the employer. (The tracks app adds its link to a track.)"""

    employer = models.ForeignKey(
        Employer, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("employer")
    )
    partnership = models.ForeignKey(
        "jobbspar.Partnership",
        on_delete=models.PROTECT,
        related_name="meetings",
        verbose_name=_("partnership"),
    )
    need = models.ForeignKey(
        RecruitmentNeed,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("recruitment need"),
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    video_link = models.URLField(_("video link"), blank=True)
    attendee_contacts = models.ManyToManyField(
        ContactPerson, blank=True, related_name="meetings", verbose_name=_("employer contacts")
    )
    attendee_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="planning_meetings",
        verbose_name=_("attendees from AF, the municipality and the employer"),
    )
    education_provider = models.ForeignKey(
        EducationProvider,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("education provider"),
    )
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    version = version_field()

    objects = ScopedManager()

    class Meta:
        triggers = [version_trigger()]
        verbose_name = _("planning meeting")
        verbose_name_plural = _("planning meetings")
        ordering = ["starts_at"]
        indexes = [
            models.Index(fields=["starts_at"], name="meeting_starts"),
            models.Index(fields=["employer", "starts_at"], name="meeting_employer_starts"),
            models.Index(fields=["partnership", "starts_at"], name="meeting_partnership_starts"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
                violation_error_message=_("The meeting must end after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class ActionItem(ScopedModel, models.Model):
    meeting = models.ForeignKey(
        PlanningMeeting, on_delete=models.CASCADE, related_name="action_items"
    )
    description = models.CharField(_("what"), max_length=500)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="action_items",
        verbose_name=_("owner"),
    )
    due_date = models.DateField(_("due date"))
    done = models.BooleanField(_("done"), default=False)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["owner", "done", "due_date"], name="actionitem_owner")]

    def __str__(self) -> str:
        return self.description


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AGREED = "agreed", _("Agreed")


class Party(models.TextChoices):
    EMPLOYER = "employer", _("Employer")
    EMPLOYMENT_SERVICE = "employment_service", _("Arbetsförmedlingen")
    MUNICIPALITY = "municipality", _("Municipality")
    EDUCATION_PROVIDER = "education_provider", _("Education provider")


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Agreement(ScopedModel, models.Model):
    """One version of the agreement (överenskommelse) for a need."""

    need = models.ForeignKey(RecruitmentNeed, on_delete=models.CASCADE, related_name="agreements")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=8, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    positions = models.PositiveIntegerField(_("number of positions"))
    intends_to_hire = models.BooleanField(_("the employer intends to hire"), default=True)
    hiring_intention = models.TextField(_("intention to hire, details"), blank=True)
    employer_receives_apl = models.BooleanField(
        _("receives participants on APL (workplace-based learning)"), default=True
    )
    employer_prepares_workplace = models.BooleanField(_("prepares the workplace"), default=True)
    mentors = models.PositiveSmallIntegerField(_("number of mentors"), default=1)
    employer_planning_time = models.CharField(
        _("time set aside for planning"), max_length=200, blank=True
    )
    employer_other = models.TextField(_("other employer commitments"), blank=True)
    employment_service_commitments = models.TextField(_("Arbetsförmedlingen commits to"))
    municipality_commitments = models.TextField(_("the municipality commits to"))
    education_provider = models.ForeignKey(
        EducationProvider,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("education provider"),
    )
    provider_commitments = models.TextField(_("the education provider commits to"), blank=True)
    meeting_cadence = models.CharField(_("meeting cadence"), max_length=200)
    profile_version = models.ForeignKey(
        RequirementProfileVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("requirement profile version"),
    )
    phase_plan_summary = models.TextField(_("phase plan summary"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    agreed_at = models.DateTimeField(_("agreed"), null=True, blank=True)
    # A draft is the partners' own until a coordinator sends it to the employer to confirm.
    sent_to_employer_at = models.DateTimeField(
        _("sent to the employer for confirmation"), null=True, blank=True
    )

    version = version_field()

    objects = ScopedManager()

    class Meta:
        triggers = [version_trigger()]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["need", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["need", "number"], name="agreement_version_unique"),
            models.CheckConstraint(
                condition=models.Q(positions__gte=1), name="agreement_positions"
            ),
        ]

    def __str__(self) -> str:
        return _("Agreement, version %(number)s") % {"number": self.number}

    @property
    def is_agreed(self) -> bool:
        return self.status == AgreementStatus.AGREED

    def required_parties(self) -> list[str]:
        parties = [Party.EMPLOYER, Party.EMPLOYMENT_SERVICE, Party.MUNICIPALITY]
        if self.education_provider_id:
            parties.append(Party.EDUCATION_PROVIDER)
        return parties


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class AgreementConfirmation(ScopedModel, models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="confirmations")
    party = models.CharField(_("party"), max_length=20, choices=Party.choices)
    confirmed_by_name = models.CharField(_("confirmed by"), max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed"), auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("confirmation")
        verbose_name_plural = _("confirmations")
        ordering = ["confirmed_at"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "party"], name="confirmation_per_party"),
        ]

    def __str__(self) -> str:
        return f"{self.get_party_display()}: {self.confirmed_by_name}"
