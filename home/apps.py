from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """The top layer: the start page and the whole demo, assembled from every app's declared
    contributions (jobbspar/contributions.py)."""

    name = "home"
    verbose_name = _("Start page")
