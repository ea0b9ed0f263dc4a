from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Employer portal")
    contributions = {
        "navigation": "portal.access.menu",
        "demo": "portal.demo.demo_step",
        "employer_page": "portal.employer_page.context",
    }
