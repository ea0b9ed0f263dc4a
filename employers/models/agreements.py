"""Agreements (överenskommelser) for a need, versioned, and each party's confirmation."""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from employers.models.needs import RecruitmentNeed, RequirementProfileVersion
from employers.models.providers import EducationProvider
from jobbspar.locking import version_field, version_trigger
from jobbspar.scoping import ScopedManager, ScopedModel


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

    def required_parties(self) -> list[Party]:
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
        ordering = ["confirmed_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "party"], name="confirmation_per_party"),
        ]

    def __str__(self) -> str:
        return f"{self.get_party_display()}: {self.confirmed_by_name}"
