"""Education providers and their contacts."""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from employers.models.employers import ContactFields
from jobbspar.identity import validate_organisation_number
from jobbspar.locking import version_field, version_trigger
from jobbspar.scoping import ScopedManager, ScopedModel


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
        ordering = ["name", "id"]

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
    # The account a coordinator invited this contact to (portal.invitations): an education
    # provider user of the provider's organisation.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="provider_contact",
        verbose_name=_("Jobbspår account"),
    )
    invited_at = models.DateTimeField(_("invited to Jobbspår"), null=True, blank=True)

    objects = ScopedManager()

    class Meta(ContactFields.Meta):
        verbose_name = _("provider contact")
        verbose_name_plural = _("provider contacts")
