"""Who may import, and whose batches they see: a batch is its owner's alone."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import pgettext_lazy

from imports.models import ImportBatch
from jobbspar.access import COORDINATORS, has_role
from jobbspar.models import User
from jobbspar.navigation import NavItem
from jobbspar.scoping import scoped

# Coordinators register participants (for their own organisation) and employers.
IMPORTERS = COORDINATORS


def may_import(user: User) -> bool:
    return has_role(user, IMPORTERS) and user.organisation_id is not None


def batches_for(user: User) -> QuerySet[ImportBatch]:
    """The user's own batches: nobody else, not even a colleague, sees an upload."""
    if not may_import(user):
        return scoped(ImportBatch).none()
    return scoped(ImportBatch).filter(owner=user)


def menu() -> list[NavItem]:
    """The imports app's section of the main navigation (its `navigation` contribution)."""
    return [NavItem(pgettext_lazy("menu", "Import"), "imports:start", IMPORTERS)]
