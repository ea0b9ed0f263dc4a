"""The participant: identity, contact, target group and the background used for matching."""

from __future__ import annotations

import datetime as dt

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models import F
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from jobbspar.fast_urls import reverse_fast
from jobbspar.identity import (
    birth_date_from_personal_number,
    format_personal_number,
    is_coordination_number,
)
from jobbspar.locking import version_field, version_trigger
from jobbspar.scoping import ScopedManager, ScopedModel
from jobbspar.vocabulary import (
    Certificate,
    DrivingLicence,
    EducationLevel,
    LanguageLevel,
    SwedishLevel,
    WorkingHours,
)
from participants.models.kept import (
    KEPT_FIELDS,
    language_triggers,
    participant_language_trigger,
)
from participants.models.shared_copy import (
    LIST_FILTER_COLUMNS,
    MATCH_FILTER_COLUMNS,
    participant_trigger,
)


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    OTHER = "other", _("Other or non-binary")
    NOT_STATED = "not_stated", _("Not stated")


class ParticipantStatus(models.TextChoices):
    ACTIVE = "active", _("Active, looking for a track")
    IN_TRACK = "in_track", _("In a track")
    PAUSED = "paused", _("Paused")
    EMPLOYED = "employed", _("Employed")
    CLOSED = "closed", _("Closed")


# What candidate matching reads of a free person's own row (participant_org_free): the card's
# name, the availability, the columns the profile's criteria test (tracks.matching
# .criterion_condition), the ranking's priority, the search's district, and the columns of the
# index's condition.
FREE_CANDIDATE_COLUMNS = (
    "id",
    "name",
    "status",
    "in_active_track",
    "available_from",
    "swedish_level",
    "education_level",
    "driving_licences",
    "certificates",
    "working_hours",
    "language_levels",
    "continued_support_occupations",
    "district",
)


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    model_name="ParticipantRecordEvent",
    obj_field=pghistory.ObjForeignKey(related_name="record_events"),
    # Kept by the database from other tables (participants/models/kept.py), not the record.
    exclude=list(KEPT_FIELDS),
)
class Participant(ScopedModel, models.Model):  # type: ignore[django-manager-missing]
    """One person, registered once by AF or the municipality; shared only with consent."""

    personal_number = models.CharField(
        _("personal identity number"),
        max_length=12,
        unique=True,
        help_text=_("Personnummer or samordningsnummer, stored as YYYYMMDDNNNN."),
    )
    name = models.CharField(_("name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    district = models.CharField(_("district"), max_length=100, blank=True)
    gender = models.CharField(
        _("gender"), max_length=16, choices=Gender.choices, default=Gender.NOT_STATED
    )
    preferred_language = models.CharField(_("preferred language"), max_length=100, blank=True)
    needs_interpreter = models.BooleanField(_("needs an interpreter"), default=False)

    # Target group. Long-term unemployment and income support are sensitive: see
    # participants/access.py.
    newly_arrived = models.BooleanField(_("newly arrived"), default=False)
    arrival_date = models.DateField(_("arrival date in Sweden"), null=True, blank=True)
    long_term_unemployed = models.BooleanField(_("long-term unemployed"), default=False)
    receives_income_support = models.BooleanField(_("receives income support"), default=False)

    # Background used for matching (the same vocabularies as the requirement profiles).
    swedish_level = models.CharField(
        _("Swedish level"), max_length=16, choices=SwedishLevel.choices, default=SwedishLevel.NONE
    )
    education_level = models.CharField(
        _("education level"), max_length=32, choices=EducationLevel.choices, blank=True
    )
    driving_licences = ArrayField(
        models.CharField(max_length=4, choices=DrivingLicence.choices),
        verbose_name=_("driving licences"),
        default=list,
        blank=True,
    )
    certificates = ArrayField(
        models.CharField(max_length=32, choices=Certificate.choices),
        verbose_name=_("certificates"),
        default=list,
        blank=True,
    )
    interests = models.ManyToManyField(
        "employers.Occupation",
        verbose_name=_("occupations of interest"),
        blank=True,
        related_name="interested_participants",
    )
    available_from = models.DateField(_("available from"), null=True, blank=True)
    working_hours = ArrayField(
        models.CharField(max_length=16, choices=WorkingHours.choices),
        verbose_name=_("working hours"),
        default=list,
        blank=True,
    )

    registered_by = models.ForeignKey(
        "jobbspar.Organisation",
        verbose_name=_("registering organisation"),
        on_delete=models.PROTECT,
        related_name="registered_participants",
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible coordinator"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coordinated_participants",
    )
    job_coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("job coach"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coached_participants",
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ParticipantStatus.choices,
        default=ParticipantStatus.ACTIVE,
    )

    # Free will and consent to be presented to an employer ("av eget intresse").
    presentation_consent_on = models.DateField(
        _("consent to employer presentation given on"), null=True, blank=True
    )
    presentation_consent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("presentation consent recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Set once by participants.retention.anonymise (retention period passed, or erasure).
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    # Kept by the database from the person's memberships and languages, for candidate matching
    # (participants/models/kept.py): never written by a form, nor part of the record's history.
    in_active_track = models.BooleanField(default=False, editable=False)
    continued_support_occupations = ArrayField(
        models.BigIntegerField(), default=list, editable=False
    )
    language_levels = ArrayField(models.CharField(max_length=112), default=list, editable=False)

    version = version_field()

    objects = ScopedManager()

    class Meta:
        # A change of a searchable column rewrites the person's shared copies (SharedCopy).
        # Every update computes the person's language levels again (kept.py); a change of those
        # or of the other kept columns alone does not move the version.
        triggers = [
            version_trigger(not_counting=KEPT_FIELDS),
            participant_trigger(),
            participant_language_trigger(),
        ]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["name", "id"], name="participant_name_order"),
            # Name search is icontains, i.e. UPPER(name) LIKE UPPER('%q%'): trigram on UPPER.
            GinIndex(OpClass(Upper("name"), name="gin_trgm_ops"), name="participant_name_trgm"),
            GinIndex(OpClass("phone", name="gin_trgm_ops"), name="participant_phone_trgm"),
            # Covering indexes for the visibility UNION (participants.access.participants_for): the
            # organisation's own ids, and each visible id's name for the list's sort, are read
            # from the index alone (no heap visits), which took the national list 61 → 25 ms.
            # They carry the list's filter columns too, so that a filtered list reads each half
            # in name order from the index alone (the filters 64 → 10 ms nationally). The id
            # index also carries the columns the database keeps for matching (kept.py), which
            # ranks the free people shared with the organisation from it (its own from
            # participant_org_free below, but past the first pages).
            # Its last key is the name in capitals, as a name search tests it (`icontains`:
            # UPPER(name) LIKE UPPER('%q%')): read from the index, not computed again for each
            # of the organisation's rows (UPPER is ~0.2 µs a name: 1-2 ms of a national search).
            # It comes after the id, so it never changes the name order the list reads in.
            models.Index(
                F("registered_by"),
                F("name"),
                F("id"),
                Upper("name"),
                include=[*LIST_FILTER_COLUMNS, *MATCH_FILTER_COLUMNS],
                name="participant_org_name_filters",
            ),
            models.Index(
                fields=["id"],
                include=[
                    "name",
                    "registered_by",
                    *LIST_FILTER_COLUMNS,
                    *MATCH_FILTER_COLUMNS,
                    *KEPT_FIELDS,
                ],
                name="participant_id_name_filters",
            ),
            # Candidate matching ranks the organisation's own free people (active, in no track
            # now) apart from those shared with it (tracks.matching._top_of_halves), from this
            # index alone: every column the ranking, its criteria and its filters read is here,
            # so no candidate is looked up by id (~3 ms of matching's ~8 ms of SQL nationally,
            # issue 18). Partial: about half of an organisation's people are free.
            models.Index(
                fields=["registered_by"],
                include=FREE_CANDIDATE_COLUMNS,
                condition=models.Q(status=ParticipantStatus.ACTIVE, in_active_track=False),
                name="participant_org_free",
            ),
            # The coordinator's own people: Django's index of the foreign key (not a second one).
            models.Index(fields=["status"], name="participant_status"),
            models.Index(fields=["swedish_level"], name="participant_swedish_level"),
            models.Index(
                fields=["newly_arrived"],
                name="participant_newly_arrived",
                condition=models.Q(newly_arrived=True),
            ),
            models.Index(
                fields=["long_term_unemployed"],
                name="participant_long_term",
                condition=models.Q(long_term_unemployed=True),
            ),
            models.Index(
                fields=["receives_income_support"],
                name="participant_income_support",
                condition=models.Q(receives_income_support=True),
            ),
            GinIndex(fields=["driving_licences"], name="participant_licences"),
            GinIndex(fields=["certificates"], name="participant_certificates"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(personal_number__regex=r"^[0-9]{12}$"),
                name="participant_personal_number_12_digits",
            ),
            models.CheckConstraint(
                condition=models.Q(presentation_consent_on__isnull=True)
                | models.Q(presentation_consent_by__isnull=False),
                name="participant_presentation_consent_has_recorder",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ParticipantStatus.values),
                name="participant_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(gender__in=Gender.values), name="participant_gender_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(swedish_level__in=SwedishLevel.values),
                name="participant_swedish_level_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse_fast("participants:participant_detail", [self.pk])

    @property
    def personal_number_display(self) -> str:
        return format_personal_number(self.personal_number)

    @property
    def birth_date(self) -> dt.date:
        return birth_date_from_personal_number(self.personal_number)

    @property
    def is_coordination_number(self) -> bool:
        return is_coordination_number(self.personal_number)

    def age_on(self, day: dt.date) -> int:
        born = self.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    @property
    def has_presentation_consent(self) -> bool:
        return self.presentation_consent_on is not None


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class OtherLanguage(ScopedModel, models.Model):
    """A language other than Swedish that the participant speaks, with a level."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("language"), max_length=100)
    level = models.CharField(_("level"), max_length=8, choices=LanguageLevel.choices)

    objects = ScopedManager()

    class Meta:
        # Each change writes the person's language_levels again (participants/models/kept.py).
        triggers = language_triggers()
        verbose_name = _("other language")
        verbose_name_plural = _("other languages")
        ordering = ["language", "id"]
        constraints = [
            models.UniqueConstraint(
                Upper("language"),
                "participant",
                name="other_language_unique_per_participant",
                violation_error_message=_("This language is already listed for the participant."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.language} ({self.get_level_display()})"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class WorkExperience(ScopedModel, models.Model):
    """Work experience in one SSYK occupation, in months."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="experiences"
    )
    occupation = models.ForeignKey(
        "employers.Occupation",
        verbose_name=_("occupation"),
        on_delete=models.PROTECT,
        related_name="experiences",
    )
    months = models.PositiveIntegerField(_("months"))
    where = models.CharField(_("employer or place"), max_length=200, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("work experience")
        verbose_name_plural = _("work experience")
        ordering = ["-months", "id"]
        indexes = [
            # Matching's required experience, asked person by person (tracks.matching
            # criterion_condition): the months in the occupation summed from the index alone.
            models.Index(
                fields=["occupation", "participant"],
                include=["months"],
                name="experience_occupation_person",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(months__gte=0),
                name="experience_months_not_negative",
                violation_error_message=_("Months of experience cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.occupation} ({self.months})"
