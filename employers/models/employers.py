"""Employers, their contact persons and their change history."""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from jobbspar.identity import validate_organisation_number
from jobbspar.locking import version_field, version_trigger
from jobbspar.scoping import ScopedManager, ScopedModel

phone_validator = RegexValidator(
    r"^\+?[0-9][0-9 ()-]{5,18}[0-9]$",
    _("Enter a phone number with digits only, for example 040-123 45 67 or +46 40 123 45 67."),
    code="phone",
)


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
        ordering = ["name", "id"]
        indexes = [
            # icontains is UPPER(name) LIKE UPPER(%q%) on PostgreSQL: a trigram index on the
            # same expression serves it. Organisation-number prefixes need pattern ops: Django
            # gives the unique column its own (…_like), so none is declared here.
            GinIndex(OpClass(Upper("name"), name="gin_trgm_ops"), name="employer_name_trgm"),
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
        ordering = ["name", "id"]

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
