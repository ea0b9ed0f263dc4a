from django.conf import settings

from jobbspar.navigation import items_for


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    return {
        "nav_items": items_for(user, request.path) if user is not None else [],
        "demo_mode": settings.DEMO_MODE,
    }
