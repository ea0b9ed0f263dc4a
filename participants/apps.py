from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipantsConfig(AppConfig):
    name = "participants"
    verbose_name = _("Participants")
    contributions = {
        "navigation": "participants.access.menu",
        "demo": "participants.demo.demo_step",
        "start_page": "participants.home.start_page",
        "redact_participant": "participants.retention.redact_participant",
    }
