from django.conf import settings
from django.contrib.auth.backends import ModelBackend


class JobbsparBackend(ModelBackend):
    """Django's backend, except that demo users can sign in only when demo mode is on."""

    def user_can_authenticate(self, user) -> bool:
        if getattr(user, "is_demo", False) and not settings.DEMO_MODE:
            return False
        return super().user_can_authenticate(user)
