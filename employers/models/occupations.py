"""SSYK 2012 occupations: the reference data needs, criteria and participants point to."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from jobbspar.models import Region


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


class ShortageOccupation(models.Model):
    """An occupation marked as a shortage occupation (bristyrke) for a region and period, with
    where that comes from (e.g. AF's occupational forecast). Public reference data, maintained
    by administrators in the admin and by `import_shortage_occupations`."""

    occupation = models.ForeignKey(
        Occupation,
        verbose_name=_("occupation"),
        on_delete=models.CASCADE,
        related_name="shortages",
    )
    region = models.CharField(_("region"), max_length=2, choices=Region.choices)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"))
    source = models.CharField(
        _("source"),
        max_length=200,
        help_text=_("For example Arbetsförmedlingen's occupational forecast 2027."),
    )

    class Meta:
        verbose_name = _("shortage occupation")
        verbose_name_plural = _("shortage occupations")
        ordering = ["occupation__code", "region", "-valid_from", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["occupation", "region", "valid_from"],
                name="shortage_occupation_once_per_region_and_start",
            ),
            models.CheckConstraint(
                condition=models.Q(valid_to__gte=models.F("valid_from")),
                name="shortage_occupation_period_in_order",
                violation_error_message=_("The period cannot end before it starts."),
            ),
        ]
        indexes = [models.Index(fields=["occupation", "valid_from", "valid_to"])]

    def __str__(self) -> str:
        return f"{self.occupation_id} {self.region} {self.valid_from}–{self.valid_to}"
