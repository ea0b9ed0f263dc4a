"""The participants app's part of the start page (its `start_page` contribution)."""

from typing import Any

from jobbspar.access import AUTHORITY_STAFF, has_role
from jobbspar.http import AuthenticatedRequest
from participants.access_requests import start_page_context


def start_page(request: AuthenticatedRequest) -> dict[str, Any]:
    """Access requests the user's organisation must decide, and its own still waiting."""
    if not has_role(request.user, AUTHORITY_STAFF):
        return {}
    return start_page_context(request.user)
