"""API clients: service accounts through which another system works in Jobbspår.

A client belongs to one organisation and has one role, like a person; it acts through a
service user of its own (inactive, so it can never sign in to the web and is offered in no
list of people), and every access function decides what it may see exactly as for a person of
that role and organisation. Its scopes narrow that further, per resource and read / write. Its
key is shown once, stored only as a SHA-256 hash (a random 256-bit secret needs no slow hash),
and can be rotated (the old key stops working at once) or revoked.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobbspar.models import Organisation, Role, User


class ApiScope(models.TextChoices):
    EMPLOYERS_READ = "employers:read", _("Employers: read")
    TRACKS_READ = "tracks:read", _("Tracks: read")
    POOL_READ = "pool:read", _("Candidate pools: read")
    POOL_WRITE = "pool:write", _("Candidate pools: nominate")
    PARTICIPANTS_READ = "participants:read", _("Participants: read")
    PARTICIPANTS_WRITE = "participants:write", _("Participants: register")
    FOLLOW_UPS_READ = "follow-ups:read", _("Follow-ups: read")
    FOLLOW_UPS_WRITE = "follow-ups:write", _("Follow-ups: answer")
    DASHBOARD_READ = "dashboard:read", _("Dashboard: read aggregates")


# The roles a client may act in: the authorities' staff. (Employers use the portal; managers
# read the dashboard; administrators read no person's data.)
CLIENT_ROLES = [Role.AF_COORDINATOR, Role.MUNICIPAL_COORDINATOR, Role.JOB_COACH]


class ApiClient(models.Model):
    name = models.CharField(_("name"), max_length=200)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="api_clients",
        verbose_name=_("organisation"),
    )
    role = models.CharField(
        _("role"), max_length=32, choices=[(r.value, r.label) for r in CLIENT_ROLES]
    )
    scopes = ArrayField(
        models.CharField(max_length=32, choices=ApiScope.choices),
        verbose_name=_("scopes"),
        default=list,
        blank=True,
    )
    expires_on = models.DateField(_("expires on"))
    user = models.OneToOneField(
        User, on_delete=models.PROTECT, related_name="api_client", editable=False
    )
    key_prefix = models.CharField(max_length=16, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    key_created_at = models.DateTimeField(_("key created"), default=timezone.now, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=[r.value for r in CLIENT_ROLES]),
                name="apiclient_role_is_staff",
            ),
            models.CheckConstraint(
                condition=models.Q(scopes__contained_by=ApiScope.values),
                name="apiclient_scopes_known",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def is_usable(self, today: dt.date | None = None) -> bool:
        return self.revoked_at is None and (today or timezone.localdate()) <= self.expires_on
