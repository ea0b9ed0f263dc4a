from django.conf import settings
from django.utils.functional import SimpleLazyObject

from jobbspar.navigation import items_for


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated

    def unread() -> int:
        from jobbspar.notifications import unread_count

        return unread_count(user) if signed_in else 0

    return {
        "nav_items": items_for(user, request.path) if user is not None else [],
        "demo_mode": settings.DEMO_MODE,
        # Lazy: one COUNT query, only on pages that show the header.
        "unread_notifications": SimpleLazyObject(unread),
    }
