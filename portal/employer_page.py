"""The portal's part of the employer page (declared in PortalConfig.contributions)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from employers.models import Employer
from jobbspar.access import has_role
from portal.access import PORTAL_INVITERS


def context(request: HttpRequest, employer: Employer) -> dict[str, Any]:
    """Whether the user may invite the employer's contact persons to the portal."""
    return {"may_invite": has_role(request.user, PORTAL_INVITERS)}
