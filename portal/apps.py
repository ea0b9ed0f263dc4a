from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Employer portal")
    contributions = {"employer_page": "portal.employer_page.context"}
