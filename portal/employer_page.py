"""The portal's part of the employer page (declared in PortalConfig.contributions)."""

from __future__ import annotations

from typing import Any, cast

from django.http import HttpRequest

from employers.models import Employer
from jobbspar.access import has_role
from jobbspar.models import User
from portal.access import PORTAL_INVITERS


def context(request: HttpRequest, employer: Employer) -> dict[str, Any]:
    """Whether the user may invite the employer's contact persons to the portal."""
    user = cast(User, request.user)  # the employer page admits signed-in users only
    return {"may_invite": has_role(user, PORTAL_INVITERS)}
