"""SSYK 2012 occupations: the reference data needs, criteria and participants point to."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


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
