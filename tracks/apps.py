from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TracksConfig(AppConfig):
    name = "tracks"
    verbose_name = _("Tracks")
    contributions = {
        "navigation": "tracks.access.menu",
        "demo": "tracks.demo.demo_step",
        "start_page": "tracks.home.start_page",
        "employer_page": "tracks.employer_page.context",
        "participant_page": "tracks.participant_page.context",
        "participant_list_actions": "tracks.views.bulk_nominate.participant_list_actions",
        "redact_participant": "tracks.retention.redact_participant",
        "last_activity": "tracks.retention.last_activity",
    }

    def ready(self) -> None:
        # Here, not at the top: these modules use models, which exist only once apps are ready.
        from participants.consent import on_presentation_consent_withdrawn
        from tracks.decisions import void_decisions_on_withdrawn_presentation

        # The handler's count of voided decisions is for its tests; the hook ignores it.
        on_presentation_consent_withdrawn(void_decisions_on_withdrawn_presentation)  # type: ignore[arg-type]
