from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "dashboard"
    verbose_name = _("Manager dashboard")
    contributions = {
        "navigation": "dashboard.access.menu",
        "demo": "dashboard.demo.demo_step",
    }
