from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmployersConfig(AppConfig):
    name = "employers"
    verbose_name = _("Employers")
    contributions = {
        "navigation": "employers.access.menu",
        "demo": "employers.demo.demo_step",
        "start_page": "employers.home.start_page",
    }
