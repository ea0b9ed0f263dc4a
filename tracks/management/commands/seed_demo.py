from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from employers import demo as employers_demo
from jobbspar import demo as base_demo
from participants import demo as participants_demo
from tracks import demo as tracks_demo


class Command(BaseCommand):
    help = "Load the demo story (organisations, users for every role, and their work). Idempotent."

    def handle(self, *args, **options):
        if not settings.DEMO_MODE:
            raise CommandError("Demo data is loaded only in demo mode (set DEMO_MODE=true).")
        users = base_demo.seed()
        employers = employers_demo.seed()
        participants = participants_demo.seed()
        tracks = tracks_demo.seed()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {len(users)} demo users, {len(employers)} demo employers, "
                f"{participants} participants, {len(tracks)} tracks."
            )
        )
