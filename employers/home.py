"""The employers app's part of the start page (its `start_page` contribution)."""

from typing import Any

from employers.meetings import coordinator_overview
from jobbspar.access import COORDINATORS, has_role
from jobbspar.http import AuthenticatedRequest


def start_page(request: AuthenticatedRequest) -> dict[str, Any]:
    """A coordinator's upcoming meetings and open action items."""
    if not has_role(request.user, COORDINATORS):
        return {}
    return {"coordinator_overview": coordinator_overview(request.user)}
