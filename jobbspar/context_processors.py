from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from jobbspar.middleware import session_seconds_left
from jobbspar.models import User
from jobbspar.navigation import items_for
from jobbspar.notifications import UNREAD_SHOWN, header_count


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    # Until the second step of the sign-in is done: no menu, no counts (TwoFactorRequired...).
    account = (
        user
        if isinstance(user, User)
        and user.is_authenticated
        and not getattr(request, "awaiting_second_step", False)
        else None
    )

    def unread() -> int:
        if account is None:
            return 0
        return header_count(account, request.method or "")

    return {
        "show_menu": account is not None,
        # Lazy, like the count: pages without the menu (files, the floor) do not build it.
        "nav_items": SimpleLazyObject(lambda: items_for(account, request.path))
        if account is not None
        else [],
        "demo_mode": settings.DEMO_MODE,
        # Lazy: pages without the header (files, the floor) never ask. A GET or HEAD shows the
        # count read with its session (jobbspar.notifications.header_count: unless a
        # notification was written since); any other request counts with one more query.
        "unread_notifications": SimpleLazyObject(unread),
        # More than this many reads "99+" (the count stops at one more).
        "unread_shown": UNREAD_SHOWN,
    }


def session_timeout(request) -> dict:
    """The idle timeout for static/js/idle-timeout.js, and whether to offer 2FA in the header.

    The timeout lives in settings only (SESSION_COOKIE_AGE); the page gets it as data attributes.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    is_verified = getattr(user, "is_verified", None)
    return {
        "session_idle_seconds": session_seconds_left(request.session),
        "session_warning_seconds": settings.SESSION_IDLE_WARNING_SECONDS,
        "session_warning_minutes": max(1, settings.SESSION_IDLE_WARNING_SECONDS // 60),
        # Only users without a second factor get past the middleware unverified.
        "offer_two_factor": is_verified is not None and not is_verified(),
    }
