from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SteeringConfig(AppConfig):
    name = "steering"
    verbose_name = _("Steering group and budget")
    contributions = {
        "navigation": "steering.access.menu",
        "demo": "steering.demo.demo_step",
    }
