"""Consent to share a record with another authority, and the requests that ask for it."""

from __future__ import annotations

import datetime as dt

import pghistory
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobbspar.local_time import format_date
from jobbspar.scoping import ScopedManager, ScopedModel, ScopedQuerySet, scoped_manager
from participants.models.participant import Participant
from participants.models.shared_copy import consent_triggers


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
        # One filter (one copy of the query, not two: every access rule that names a consent
        # builds this on every page, issue 18).
        return self.filter(
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=on),
            withdrawn_at__isnull=True,
            given_on__lte=on,
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

    objects = scoped_manager(ConsentQuerySet)  # type: ignore[django-manager-missing]

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        # Each consent not withdrawn has its person's searchable copy (SharedCopy).
        triggers = consent_triggers()
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
                condition=models.Q(status=AccessRequestStatus.OPEN),
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
                condition=models.Q(
                    status=AccessRequestStatus.OPEN,
                    decided_at__isnull=True,
                    decided_by__isnull=True,
                )
                | (
                    ~models.Q(status=AccessRequestStatus.OPEN)
                    & models.Q(decided_at__isnull=False, decided_by__isnull=False)
                ),
                name="access_request_decision_complete",
            ),
            # A release is a recorded consent; nothing else is.
            models.CheckConstraint(
                condition=models.Q(status=AccessRequestStatus.RELEASED, consent__isnull=False)
                | (~models.Q(status=AccessRequestStatus.RELEASED) & models.Q(consent__isnull=True)),
                name="access_request_released_has_consent",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=AccessRequestStatus.DECLINED)
                | ~models.Q(decline_reason=""),
                name="access_request_declined_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.asking_organisation} ({format_date(self.asked_at)})"

    @property
    def is_open(self) -> bool:
        return self.status == AccessRequestStatus.OPEN
