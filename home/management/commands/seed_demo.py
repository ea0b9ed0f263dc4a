from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from jobbspar.contributions import collect
from tracks.reminders import plan_reminders


class Command(BaseCommand):
    help = "Load the demo story (organisations, users for every role, and their work). Idempotent."

    def handle(self, *args: object, **options: object) -> None:
        if not settings.DEMO_MODE:
            raise CommandError("Demo data is loaded only in demo mode (set DEMO_MODE=true).")
        # Each app seeds its part (its `demo` contribution), in the order of the layers: the
        # users and organisations first, then employers, participants, tracks, the employer's
        # portal and the dashboard's earlier tracks with outcomes.
        done = [seed() for seed in collect("demo")]
        # Reminders due now (meetings soon, overdue action items) show up at once in the demo.
        plan_reminders(today=timezone.localdate())
        self.stdout.write(self.style.SUCCESS("Demo data ready: " + "; ".join(filter(None, done))))
