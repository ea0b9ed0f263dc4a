from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        # Registers the API key scheme with drf-spectacular (an extension, found by import).
        from api import schema  # noqa: F401
