"""Users and organisations: who works in Jobbspår and on whose behalf."""

from __future__ import annotations

from typing import Any

import pghistory
import pgtrigger
from django.contrib.auth.models import AbstractUser
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from jobbspar.identity import normalise_organisation_number
from jobbspar.local_time import format_datetime


class OrganisationKind(models.TextChoices):
    EMPLOYMENT_SERVICE = "employment_service", _("Employment service (Arbetsförmedlingen)")
    MUNICIPALITY = "municipality", _("Municipality")
    EMPLOYER = "employer", _("Employer")
    EDUCATION_PROVIDER = "education_provider", _("Education provider")


# (The related managers of scoped models are made by ScopedManager, which mypy cannot follow.)
@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Organisation(models.Model):  # type: ignore[django-manager-missing]
    """An authority, employer or education provider whose staff use the system."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    organisation_number = models.CharField(
        _("organisation number"), max_length=11, unique=True, null=True, blank=True
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["kind", "name"])]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.organisation_number:
            self.organisation_number = normalise_organisation_number(self.organisation_number)

    @property
    def is_authority(self) -> bool:
        return self.kind in {OrganisationKind.EMPLOYMENT_SERVICE, OrganisationKind.MUNICIPALITY}


class PartnershipQuerySet(models.QuerySet):
    def of(self, organisation_id: int | None) -> PartnershipQuerySet:
        """The partnerships an organisation is a party of (none for None)."""
        if organisation_id is None:
            return self.none()
        return self.filter(
            models.Q(employment_service_id=organisation_id)
            | models.Q(municipality_id=organisation_id)
        )


class Region(models.TextChoices):
    """Sweden's counties (län, with their codes), the regions of AF's occupational forecasts, and
    the whole country."""

    WHOLE_COUNTRY = "00", _("The whole country")
    STOCKHOLM = "01", "Stockholms län"
    UPPSALA = "03", "Uppsala län"
    SODERMANLAND = "04", "Södermanlands län"
    OSTERGOTLAND = "05", "Östergötlands län"
    JONKOPING = "06", "Jönköpings län"
    KRONOBERG = "07", "Kronobergs län"
    KALMAR = "08", "Kalmar län"
    GOTLAND = "09", "Gotlands län"
    BLEKINGE = "10", "Blekinge län"
    SKANE = "12", "Skåne län"
    HALLAND = "13", "Hallands län"
    VASTRA_GOTALAND = "14", "Västra Götalands län"
    VARMLAND = "17", "Värmlands län"
    OREBRO = "18", "Örebro län"
    VASTMANLAND = "19", "Västmanlands län"
    DALARNA = "20", "Dalarnas län"
    GAVLEBORG = "21", "Gävleborgs län"
    VASTERNORRLAND = "22", "Västernorrlands län"
    JAMTLAND = "23", "Jämtlands län"
    VASTERBOTTEN = "24", "Västerbottens län"
    NORRBOTTEN = "25", "Norrbottens län"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Partnership(models.Model):
    """An AF office and a municipality that run local job tracks together ("AF Malmö + Malmö
    stad"). Tracks, recruitment needs and planning meetings belong to one partnership, and its
    staff edit only their partnerships' work. An organisation belongs to every partnership it is
    a party of: a municipality normally to one, an AF office that serves several municipalities
    to one per municipality. Employers are shared by all partnerships."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    employment_service = models.ForeignKey(
        Organisation,
        verbose_name=_("Arbetsförmedlingen office"),
        on_delete=models.PROTECT,
        related_name="partnerships_as_employment_service",
        limit_choices_to={"kind": OrganisationKind.EMPLOYMENT_SERVICE},
    )
    municipality = models.ForeignKey(
        Organisation,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="partnerships_as_municipality",
        limit_choices_to={"kind": OrganisationKind.MUNICIPALITY},
    )
    # The county the partnership works in: which regional shortage occupations apply to it.
    region = models.CharField(
        _("county"),
        max_length=2,
        choices=[c for c in Region.choices if c[0] != Region.WHOLE_COUNTRY],
        blank=True,
    )

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["employment_service", "municipality"], name="partnership_parties_once"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        if (
            self.employment_service_id
            and self.employment_service.kind != OrganisationKind.EMPLOYMENT_SERVICE
        ):
            errors["employment_service"] = _("Choose an Arbetsförmedlingen office.")
        if self.municipality_id and self.municipality.kind != OrganisationKind.MUNICIPALITY:
            errors["municipality"] = _("Choose a municipality.")
        if errors:
            raise ValidationError(errors)


class Role(models.TextChoices):
    AF_COORDINATOR = "af_coordinator", _("Coordinator, Arbetsförmedlingen")
    MUNICIPAL_COORDINATOR = "municipal_coordinator", _("Coordinator, municipality")
    JOB_COACH = "job_coach", _("Job coach")
    EMPLOYER = "employer", _("Employer user")
    MANAGER = "manager", _("Manager")
    ADMIN = "admin", _("Administrator")
    EDUCATION_PROVIDER = "education_provider", _("Education provider user")


# Which kind of organisation each role belongs to (administrators may belong to any or none).
ROLE_ORGANISATION_KINDS: dict[str, set[str]] = {
    Role.AF_COORDINATOR: {OrganisationKind.EMPLOYMENT_SERVICE},
    Role.MUNICIPAL_COORDINATOR: {OrganisationKind.MUNICIPALITY},
    Role.JOB_COACH: {OrganisationKind.MUNICIPALITY, OrganisationKind.EMPLOYMENT_SERVICE},
    Role.EMPLOYER: {OrganisationKind.EMPLOYER},
    Role.MANAGER: {OrganisationKind.MUNICIPALITY, OrganisationKind.EMPLOYMENT_SERVICE},
    Role.EDUCATION_PROVIDER: {OrganisationKind.EDUCATION_PROVIDER},
}


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    exclude=["password", "last_login"],
)
class User(AbstractUser):
    """A person who signs in. Each has exactly one role and belongs to one organisation."""

    # Set only on a signed-in request's user, by jobbspar.backends (not columns): the verified
    # authenticator loaded with the user, and whether the user has a confirmed one.
    session_otp_device: Any
    has_confirmed_device: bool

    role = models.CharField(_("role"), max_length=32, choices=Role.choices, db_index=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=[("sv", _("Swedish")), ("en", _("English"))],
        default="sv",
        help_text=_("The language of e-mails and notifications to this user."),
    )
    is_demo = models.BooleanField(
        _("demo user"), default=False, help_text=_("Can sign in only when demo mode is on.")
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role="admin") | models.Q(organisation__isnull=False),
                name="user_non_admin_has_organisation",
                violation_error_message=_(
                    "Every user except administrators needs an organisation."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values),
                name="user_role_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def clean(self) -> None:
        super().clean()
        allowed = ROLE_ORGANISATION_KINDS.get(self.role)
        if allowed is not None:
            if self.organisation is None:
                raise ValidationError({"organisation": _("This role needs an organisation.")})
            if self.organisation.kind not in allowed:
                raise ValidationError(
                    {"organisation": _("This role cannot belong to that kind of organisation.")}
                )

    @property
    def is_coordinator(self) -> bool:
        return self.role in {Role.AF_COORDINATOR, Role.MUNICIPAL_COORDINATOR}

    @property
    def is_authority_staff(self) -> bool:
        """Coordinators and job coaches: the people who work with participants."""
        return self.role in {Role.AF_COORDINATOR, Role.MUNICIPAL_COORDINATOR, Role.JOB_COACH}


class UserSession(AbstractBaseSession):
    """A session, with the user and the verified authenticator its data names as columns of
    their own, written from the data on every save (jobbspar.sessions). A signed-in page reads
    the session, its user, the user's organisation and the device in one statement
    (jobbspar.backends.session_row): no second round trip, and no session copy in Redis."""

    user = models.ForeignKey(
        User,
        verbose_name=_("user"),
        on_delete=models.CASCADE,  # a removed account's sessions end with it
        null=True,
        related_name="+",
        # No database constraint: a session saved while its account is being removed must not
        # fail the request; a row naming no account reads as signed out (jobbspar.sessions).
        db_constraint=False,
    )
    device_pk = models.BigIntegerField(_("authenticator"), null=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self) -> str:
        # Never the key: whoever holds it is signed in as the session's user.
        return f"{self._meta.verbose_name} #{self.user_id or '-'}"

    @classmethod
    def get_session_store_class(cls) -> type:
        # By name: jobbspar.sessions imports this module.
        return import_string("jobbspar.sessions.SessionStore")


class AccessPurpose(models.TextChoices):
    CASE_WORK = "case_work", _("Case work")
    MATCHING = "matching", _("Matching candidates for a track")
    EXPORT = "export", _("Export")
    REGISTER_EXTRACT = "register_extract", _("Register extract for the person")
    SUPPORT = "support", _("Support and administration")


class AccessLog(models.Model):
    """One read of a person's record, notes or an export: who, for which organisation, when, why.

    Append-only: a database trigger refuses updates and deletes, so not even the Django admin or
    a bug can rewrite it. Only the retention job redacts it (jobbspar.audit).
    """

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.PROTECT, related_name="access_logs"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    object_type = models.CharField(_("kind of record"), max_length=64)
    object_id = models.CharField(_("record id"), max_length=64)
    purpose = models.CharField(_("purpose"), max_length=32, choices=AccessPurpose.choices)
    path = models.CharField(_("address"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-id"]
        indexes = [
            # Carries who read and why, so the record's readers (jobbspar.audit.readers_of) are
            # counted from the index alone.
            models.Index(
                fields=["object_type", "object_id", "-at"],
                include=["user", "organisation", "purpose"],
                name="accesslog_object_at",
            ),
            models.Index(fields=["user", "-at"], name="accesslog_user_at"),
        ]
        triggers = [
            pgtrigger.Protect(
                name="accesslog_append_only", operation=pgtrigger.Update | pgtrigger.Delete
            ),
            # Each INSERT's rows summed into RecordReader in the same transaction: one upsert
            # per statement (an export's thousand reads too), in a fixed order so that two
            # statements upserting the same rows wait for each other instead of deadlocking.
            pgtrigger.Trigger(
                name="accesslog_sum_readers",
                level=pgtrigger.Statement,
                when=pgtrigger.After,
                operation=pgtrigger.Insert,
                referencing=pgtrigger.Referencing(new="inserted"),
                func="""
                    INSERT INTO jobbspar_recordreader
                        (object_type, object_id, user_id, organisation_id, purpose, reads, latest)
                    SELECT object_type, object_id, user_id, organisation_id, purpose,
                        count(*), max(at)
                    FROM inserted
                    GROUP BY object_type, object_id, user_id, organisation_id, purpose
                    ORDER BY object_type, object_id, user_id, organisation_id, purpose
                    ON CONFLICT (object_type, object_id, user_id, organisation_id, purpose)
                    DO UPDATE
                    SET reads = jobbspar_recordreader.reads + excluded.reads,
                        latest = greatest(jobbspar_recordreader.latest, excluded.latest);
                    RETURN NULL;
                """,
            ),
        ]

    def __str__(self) -> str:
        return f"{format_datetime(self.at)} {self.user} {self.object_type}:{self.object_id}"


class RecordReader(models.Model):
    """The access log summed by record, reader, organisation and purpose: how many reads and
    the latest (jobbspar.audit.readers_of, "who has viewed this record"). Written only by the
    trigger on AccessLog's inserts, in their transaction, so it always equals the log grouped
    the same way; reading it costs as much for a record read ten thousand times as for one
    read once. Rows are never deleted (the log is not either)."""

    object_type = models.CharField(_("kind of record"), max_length=64)
    object_id = models.CharField(_("record id"), max_length=64)
    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    purpose = models.CharField(_("purpose"), max_length=32, choices=AccessPurpose.choices)
    reads = models.BigIntegerField(_("reads"))
    latest = models.DateTimeField(_("latest read"))

    class Meta:
        verbose_name = _("record reader")
        verbose_name_plural = _("record readers")
        constraints = [
            # One row per reader of a record; a read with no organisation is one reader too.
            models.UniqueConstraint(
                fields=["object_type", "object_id", "user", "organisation", "purpose"],
                nulls_distinct=False,
                name="record_reader_unique",
            ),
        ]
        triggers = [pgtrigger.Protect(name="record_reader_kept", operation=pgtrigger.Delete)]

    def __str__(self) -> str:
        return f"{self.object_type}:{self.object_id} {self.user_id} × {self.reads}"


class NotificationKind(models.TextChoices):
    MEETING_SOON = "meeting_soon", _("Planning meeting coming up")
    ACTION_ITEM_DUE = "action_item_due", _("Action item due tomorrow")
    ACTION_ITEM_OVERDUE = "action_item_overdue", _("Action item overdue")
    SELECTION_DEADLINE_SOON = "selection_deadline_soon", _("Selection deadline coming up")
    SELECTION_DEADLINE_PASSED = "selection_deadline_passed", _("Selection deadline passed")
    CANDIDATE_DECISION = "candidate_decision", _("Employer's decision on a candidate")
    JOB_OFFER = "job_offer", _("Job offer recorded")
    PHASE_STARTS_SOON = "phase_starts_soon", _("Phase starting soon")
    APL_WITHOUT_MENTOR = "apl_without_mentor", _("APL without a mentor")
    AGREEMENT_UNCONFIRMED = "agreement_unconfirmed", _("Agreement not confirmed")
    CONSENT_EXPIRING = "consent_expiring", _("Consent expiring")
    FOLLOW_UP_DUE = "follow_up_due", _("Follow-up due")
    FOLLOW_UP_ESCALATED = "follow_up_escalated", _("Follow-up not answered")
    ACCESS_REQUESTED = "access_requested", _("Request for access to a record")
    ACCESS_REQUEST_DECIDED = "access_request_decided", _("Answer to a request for access")
    PRESENTATION_CONSENT_WITHDRAWN = (
        "presentation_consent_withdrawn",
        _("Consent to employer presentation withdrawn"),
    )
    APL_DEVIATION = "apl_deviation", _("Deviation in APL")
    STEERING_FOLLOW_UP_DUE = "steering_follow_up_due", _("Steering group decision to follow up")
    INVALID_ABSENCE = "invalid_absence", _("Absence without a valid reason above the limit")
    DECISION_REMINDER = "decision_reminder", _("Candidates waiting for your decision")
    PAUSE_RETURN_PASSED = "pause_return_passed", _("Planned return from a pause passed")
    APL_LOG_ENTRY = "apl_log_entry", _("New entry in the APL log")


class EmailState(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    SKIPPED = "skipped", _("Not sent (e-mail turned off)")
    FAILED = "failed", _("Failed")


class Notification(models.Model):
    """A reminder or message for one user: the row, not a queued message, is the truth.

    One row per (kind, object, due date, recipient), so planning the same reminder twice adds
    nothing. The sweeper (jobbspar.notifications.sweep) claims due rows and e-mails them.
    """

    recipient = models.ForeignKey(
        User, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=40, choices=NotificationKind.choices)
    object_type = models.CharField(_("kind of record"), max_length=64)
    object_id = models.CharField(_("record id"), max_length=64)
    due_on = models.DateField(_("due date"))
    send_after = models.DateTimeField(_("send after"))
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    url = models.CharField(_("link"), max_length=500)
    ics = models.TextField(_("calendar invitation"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    email_state = models.CharField(
        _("e-mail"), max_length=16, choices=EmailState.choices, default=EmailState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    # The sweep that holds the row: it sends and marks the row only while this is still its own.
    claim_token = models.UUIDField(_("claim"), null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-send_after", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_type", "object_id", "due_on", "recipient"],
                name="notification_once_per_kind_object_day_recipient",
            ),
            models.CheckConstraint(
                condition=~models.Q(email_state="sent") | models.Q(sent_at__isnull=False),
                name="notification_sent_has_time",
            ),
        ]
        indexes = [
            # The sweeper's claim: pending rows in due order.
            models.Index(
                fields=["send_after"],
                name="notification_pending_due",
                condition=models.Q(email_state__in=["pending", "sending"]),
            ),
            models.Index(fields=["recipient", "-send_after"], name="notification_inbox"),
            # The unread count on every signed-in page: counted from the index alone (an
            # index-only scan), not from each unread row in the table (issue 18).
            models.Index(
                fields=["recipient", "send_after"],
                name="notification_unread_due",
                condition=models.Q(read_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.subject


class NotificationPreference(models.Model):
    """Per user and kind: whether to e-mail it. No row means e-mail is on."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=40, choices=NotificationKind.choices)
    email = models.BooleanField(_("send e-mail"), default=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind} ({'e-mail' if self.email else 'no e-mail'})"
