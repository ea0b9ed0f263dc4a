from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from dashboard import demo as dashboard_demo
from employers import demo as employers_demo
from jobbspar import demo as base_demo
from participants import demo as participants_demo
from portal import demo as portal_demo
from tracks import demo as tracks_demo
from tracks.reminders import plan_reminders


class Command(BaseCommand):
    help = "Load the demo story (organisations, users for every role, and their work). Idempotent."

    def handle(self, *args, **options) -> None:
        if not settings.DEMO_MODE:
            raise CommandError("Demo data is loaded only in demo mode (set DEMO_MODE=true).")
        users = base_demo.seed()
        employers = employers_demo.seed()
        participants = participants_demo.seed()
        tracks = tracks_demo.seed()
        # The demo employer user's portal: a track waiting for their selection.
        portal_demo.seed()
        tracks += dashboard_demo.seed()  # earlier tracks with outcomes for the dashboard
        # Reminders due now (meetings soon, overdue action items) show up at once in the demo.
        plan_reminders(today=timezone.localdate())
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {len(users)} demo users, {len(employers)} demo employers, "
                f"{participants} participants, {len(tracks)} tracks."
            )
        )
