from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScheduleConfig(AppConfig):
    name = "schedule"
    verbose_name = _("Schedule")
    contributions = {
        "demo": "schedule.demo.demo_step",
        "navigation": "schedule.access.menu",
        "track_links": "schedule.links.track_links",
        "track_page": "schedule.rates.track_page",
        "dashboard_counts": "schedule.dashboard_part.counts",
        "dashboard_parts": "schedule.dashboard_part.parts",
        "redact_participant": "schedule.attendance.redact_participant",
        "last_activity": "schedule.attendance.last_activity",
        "track_copied": "schedule.planning.copy_plan",
    }
