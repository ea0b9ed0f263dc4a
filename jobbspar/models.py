"""Users and organisations: who works in Jobbspår and on whose behalf."""

from __future__ import annotations

import pghistory
import pgtrigger
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from jobbspar.identity import normalise_organisation_number


class OrganisationKind(models.TextChoices):
    EMPLOYMENT_SERVICE = "employment_service", _("Employment service (Arbetsförmedlingen)")
    MUNICIPALITY = "municipality", _("Municipality")
    EMPLOYER = "employer", _("Employer")
    EDUCATION_PROVIDER = "education_provider", _("Education provider")


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Organisation(models.Model):
    """An authority, employer or education provider whose staff use the system."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    organisation_number = models.CharField(
        _("organisation number"), max_length=11, unique=True, null=True, blank=True
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        indexes = [models.Index(fields=["kind", "name"])]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.organisation_number:
            self.organisation_number = normalise_organisation_number(self.organisation_number)

    @property
    def is_authority(self) -> bool:
        return self.kind in {OrganisationKind.EMPLOYMENT_SERVICE, OrganisationKind.MUNICIPALITY}


class Role(models.TextChoices):
    AF_COORDINATOR = "af_coordinator", _("Coordinator, Arbetsförmedlingen")
    MUNICIPAL_COORDINATOR = "municipal_coordinator", _("Coordinator, municipality")
    JOB_COACH = "job_coach", _("Job coach")
    EMPLOYER = "employer", _("Employer user")
    MANAGER = "manager", _("Manager")
    ADMIN = "admin", _("Administrator")


# Which kind of organisation each role belongs to (administrators may belong to any or none).
ROLE_ORGANISATION_KINDS: dict[str, set[str]] = {
    Role.AF_COORDINATOR: {OrganisationKind.EMPLOYMENT_SERVICE},
    Role.MUNICIPAL_COORDINATOR: {OrganisationKind.MUNICIPALITY},
    Role.JOB_COACH: {OrganisationKind.MUNICIPALITY, OrganisationKind.EMPLOYMENT_SERVICE},
    Role.EMPLOYER: {OrganisationKind.EMPLOYER},
    Role.MANAGER: {OrganisationKind.MUNICIPALITY, OrganisationKind.EMPLOYMENT_SERVICE},
}


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    exclude=["password", "last_login"],
)
class User(AbstractUser):
    """A person who signs in. Each has exactly one role and belongs to one organisation."""

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
        ordering = ["-at"]
        indexes = [
            models.Index(fields=["object_type", "object_id", "-at"], name="accesslog_object_at"),
            models.Index(fields=["user", "-at"], name="accesslog_user_at"),
        ]
        triggers = [
            pgtrigger.Protect(
                name="accesslog_append_only", operation=pgtrigger.Update | pgtrigger.Delete
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.object_type}:{self.object_id}"
