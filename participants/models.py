"""Participants: the people a track exists for, their background, consents, notes and plan."""

from __future__ import annotations

import datetime as dt

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobbspar.identity import (
    birth_date_from_personal_number,
    format_personal_number,
    is_coordination_number,
)
from jobbspar.local_time import format_date
from jobbspar.locking import version_field, version_trigger
from jobbspar.scoping import ScopedManager, ScopedModel, ScopedQuerySet, scoped_manager
from jobbspar.vocabulary import (
    Certificate,
    DrivingLicence,
    EducationLevel,
    LanguageLevel,
    SwedishLevel,
    WorkingHours,
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


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    model_name="ParticipantRecordEvent",
    obj_field=pghistory.ObjForeignKey(related_name="record_events"),
)
class Participant(ScopedModel, models.Model):
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

    version = version_field()

    objects = ScopedManager()

    class Meta:
        triggers = [version_trigger()]
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
            models.Index(fields=["registered_by", "name", "id"], name="participant_org_name_id"),
            models.Index(fields=["id"], include=["name"], name="participant_id_name"),
            models.Index(fields=["coordinator"], name="participant_coordinator"),
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
        return reverse("participants:participant_detail", kwargs={"pk": self.pk})

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
        indexes = [models.Index(fields=["occupation", "months"], name="experience_occupation")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(months__gte=0),
                name="experience_months_not_negative",
                violation_error_message=_("Months of experience cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.occupation} ({self.months})"


class NoteKind(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    PHONE_CALL = "phone_call", _("Phone call")
    DECISION = "decision", _("Decision")
    OTHER = "other", _("Other")


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class CaseNote(ScopedModel, models.Model):
    """A dated note in the participant's case, written by a member of staff."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="notes")
    written_on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=16, choices=NoteKind.choices)
    text = models.TextField(_("note"), max_length=10_000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="case_notes",
    )
    organisation = models.ForeignKey(
        "jobbspar.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="case_notes",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")
        ordering = ["-written_on", "-id"]
        indexes = [
            models.Index(fields=["participant", "-written_on", "-id"], name="note_participant")
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=NoteKind.values), name="case_note_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.written_on} {self.get_kind_display()}"


class InterventionKind(models.TextChoices):
    LANGUAGE_SUPPORT = "language_support", _("Language support")
    LICENCE_COURSE = "licence_course", _("Driving licence course")
    VOCATIONAL_MODULE = "vocational_module", _("Vocational module")
    MENTORING = "mentoring", _("Mentoring")
    OTHER = "other", _("Other")


class PlanItemStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class PlanItem(ScopedModel, models.Model):
    """One intervention in the participant's individual plan."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="plan_items"
    )
    kind = models.CharField(_("intervention"), max_length=32, choices=InterventionKind.choices)
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=16, choices=PlanItemStatus.choices, default=PlanItemStatus.PLANNED
    )
    responsible = models.CharField(_("responsible party"), max_length=200, blank=True)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    version = version_field()

    objects = ScopedManager()

    class Meta:
        triggers = [version_trigger()]
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        ordering = [models.F("planned_start").asc(nulls_last=True), "id"]
        indexes = [models.Index(fields=["participant", "status"], name="plan_item_participant")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(planned_end__isnull=True)
                | models.Q(planned_start__isnull=True)
                | models.Q(planned_end__gte=models.F("planned_start")),
                name="plan_item_planned_end_after_start",
                violation_error_message=_("The planned end cannot be before the planned start."),
            ),
            models.CheckConstraint(
                condition=models.Q(actual_end__isnull=True)
                | models.Q(actual_start__isnull=True)
                | models.Q(actual_end__gte=models.F("actual_start")),
                name="plan_item_actual_end_after_start",
                violation_error_message=_("The actual end cannot be before the actual start."),
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=InterventionKind.values), name="plan_item_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=PlanItemStatus.values),
                name="plan_item_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ConsentMethod(models.TextChoices):
    IN_WRITING = "in_writing", _("In writing")
    ORALLY_AT_MEETING = "orally_at_meeting", _("Orally at a meeting")


class ConsentScope(models.TextChoices):
    """Which information the consent covers."""

    WHOLE_RECORD = "whole_record", _("The whole record, case notes included")
    WITHOUT_NOTES = "without_notes", _("Details, background and plan, without case notes")


class ConsentQuerySet(ScopedQuerySet):
    def active(self, on: dt.date | None = None) -> ConsentQuerySet:
        """Consents in force: given, not withdrawn, and not expired."""
        on = on or timezone.localdate()
        return self.filter(withdrawn_at__isnull=True, given_on__lte=on).filter(
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=on)
        )


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Consent(ScopedModel, models.Model):
    """The participant's consent (samtycke) to share their record with another authority.

    The record is shared between the registering organisation and `shared_with`. Withdrawal
    takes effect at once: `withdrawn_at` is set when it is recorded.
    """

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="consents")
    shared_with = models.ForeignKey(
        "jobbspar.Organisation",
        verbose_name=_("shared with"),
        on_delete=models.PROTECT,
        related_name="consents_received",
    )
    scope = models.CharField(
        _("information covered"),
        max_length=16,
        choices=ConsentScope.choices,
        default=ConsentScope.WHOLE_RECORD,
    )
    given_on = models.DateField(_("given on"))
    method = models.CharField(_("how given"), max_length=32, choices=ConsentMethod.choices)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawal recorded"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawal recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = scoped_manager(ConsentQuerySet)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_on", "-id"]
        indexes = [
            models.Index(
                fields=["shared_with", "participant"],
                include=["given_on", "valid_until"],
                name="consent_active_cover",
                condition=models.Q(withdrawn_at__isnull=True),
            ),
            models.Index(fields=["participant", "-given_on"], name="consent_participant"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(withdrawn_on__isnull=True)
                | models.Q(withdrawn_on__gte=models.F("given_on")),
                name="consent_withdrawn_after_given",
                violation_error_message=_("A consent cannot be withdrawn before it was given."),
            ),
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("given_on")),
                name="consent_valid_until_after_given",
                violation_error_message=_("The consent cannot end before it was given."),
            ),
            models.CheckConstraint(
                condition=models.Q(withdrawn_at__isnull=True, withdrawn_on__isnull=True)
                | models.Q(withdrawn_at__isnull=False, withdrawn_on__isnull=False),
                name="consent_withdrawal_complete",
            ),
            models.CheckConstraint(
                condition=models.Q(method__in=ConsentMethod.values), name="consent_method_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(scope__in=ConsentScope.values), name="consent_scope_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} → {self.shared_with} ({self.given_on})"

    def is_active(self, on: dt.date | None = None) -> bool:
        on = on or timezone.localdate()
        return (
            self.withdrawn_at is None
            and self.given_on <= on
            and (self.valid_until is None or self.valid_until >= on)
        )


class AccessRequestStatus(models.TextChoices):
    OPEN = "open", _("Waiting for the registering organisation")
    RELEASED = "released", _("Released")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn by the asking organisation")


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class AccessRequest(ScopedModel, models.Model):
    """Another authority asks the organisation that holds the record to release it.

    The asker names the consent it collected from the person; nothing of the record is shown
    to it until the registering organisation's coordinator releases the request, which records
    the Consent (participants.access_requests). The asker sees only its own request.
    """

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="access_requests"
    )
    asking_organisation = models.ForeignKey(
        "jobbspar.Organisation",
        verbose_name=_("asking organisation"),
        on_delete=models.PROTECT,
        related_name="access_requests_made",
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    asked_at = models.DateTimeField(_("asked"), default=timezone.now)
    # Where the asker met the person, without naming them (a pseudonym in a track, or the
    # registration attempt): how the asker recognises its own request while it is open.
    asked_from = models.CharField(_("asked from"), max_length=300, blank=True)
    # The consent the asker collected.
    consent_given_on = models.DateField(_("consent given on"))
    consent_method = models.CharField(
        _("how the consent was given"), max_length=32, choices=ConsentMethod.choices
    )
    consent_taken_by = models.CharField(_("consent taken by"), max_length=200)
    scope = models.CharField(
        _("information asked for"), max_length=16, choices=ConsentScope.choices
    )
    valid_until = models.DateField(_("consent valid until"), null=True, blank=True)
    note = models.TextField(_("note to the registering organisation"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=AccessRequestStatus.choices,
        default=AccessRequestStatus.OPEN,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), max_length=2000, blank=True)
    consent = models.OneToOneField(
        Consent,
        verbose_name=_("consent recorded on release"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="access_request",
    )

    objects = ScopedManager()

    class Meta:
        verbose_name = _("access request")
        verbose_name_plural = _("access requests")
        ordering = ["-asked_at", "-id"]
        indexes = [
            models.Index(fields=["participant", "-asked_at"], name="access_request_participant"),
            models.Index(fields=["asking_organisation", "-asked_at"], name="access_request_asker"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "asking_organisation"],
                condition=models.Q(status="open"),
                name="access_request_one_open_per_asker",
                violation_error_message=_(
                    "Your organisation already has an open request for this person."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=AccessRequestStatus.values),
                name="access_request_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(consent_method__in=ConsentMethod.values),
                name="access_request_method_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(scope__in=ConsentScope.values),
                name="access_request_scope_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("consent_given_on")),
                name="access_request_valid_until_after_given",
                violation_error_message=_("The consent cannot end before it was given."),
            ),
            # Open: undecided. Otherwise: who decided (or withdrew) and when.
            models.CheckConstraint(
                condition=models.Q(status="open", decided_at__isnull=True, decided_by__isnull=True)
                | (
                    ~models.Q(status="open")
                    & models.Q(decided_at__isnull=False, decided_by__isnull=False)
                ),
                name="access_request_decision_complete",
            ),
            # A release is a recorded consent; nothing else is.
            models.CheckConstraint(
                condition=models.Q(status="released", consent__isnull=False)
                | (~models.Q(status="released") & models.Q(consent__isnull=True)),
                name="access_request_released_has_consent",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="declined") | ~models.Q(decline_reason=""),
                name="access_request_declined_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.asking_organisation} ({format_date(self.asked_at)})"

    @property
    def is_open(self) -> bool:
        return self.status == AccessRequestStatus.OPEN


class EventKind(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    UPDATED = "updated", _("Details changed")
    BACKGROUND_UPDATED = "background_updated", _("Background changed")
    NOTE_ADDED = "note_added", _("Case note written")
    PLAN_ITEM_ADDED = "plan_item_added", _("Plan item added")
    PLAN_ITEM_UPDATED = "plan_item_updated", _("Plan item changed")
    CONSENT_RECORDED = "consent_recorded", _("Consent recorded")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("Consent withdrawn")
    ACCESS_REQUESTED = "access_requested", _("Access requested by another organisation")
    ACCESS_RELEASED = "access_released", _("Access request released")
    ACCESS_DECLINED = "access_declined", _("Access request declined")
    ACCESS_REQUEST_WITHDRAWN = "access_request_withdrawn", _("Access request withdrawn")
    PRESENTATION_CONSENT = "presentation_consent", _("Consent to employer presentation recorded")
    PRESENTATION_CONSENT_WITHDRAWN = (
        "presentation_consent_withdrawn",
        _("Consent to employer presentation withdrawn"),
    )
    ANONYMISED = "anonymised", _("Anonymised: identity and contact data removed")


class ParticipantEvent(ScopedModel, models.Model):
    """The participant's history: what was done to the record, by whom, when."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=32, choices=EventKind.choices)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "jobbspar.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    at = models.DateTimeField(_("time"), default=timezone.now)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("history event")
        verbose_name_plural = _("history events")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["participant", "-at", "-id"], name="event_participant")]

    def __str__(self) -> str:
        return f"{format_date(self.at)} {self.get_kind_display()}"
