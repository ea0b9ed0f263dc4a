"""Anonymise participants with no activity for PARTICIPANT_RETENTION_MONTHS (what the daily job
does); --dry-run lists them without changing anything."""

from django.conf import settings
from django.core.management.base import BaseCommand

from jobbspar.local_time import format_date
from participants import retention


class Command(BaseCommand):
    help = "Anonymise participants past the retention period (--dry-run: only list them)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="List who would be anonymised; change nothing."
        )

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        candidates = retention.run_retention(dry_run=dry_run)
        months = settings.PARTICIPANT_RETENTION_MONTHS
        verb = "Would anonymise" if dry_run else "Anonymised"
        self.stdout.write(
            f"{verb} {len(candidates)} participant(s) with no activity for {months} months."
        )
        for candidate in candidates:
            self.stdout.write(
                f"  participant {candidate.participant_id} ({candidate.registered_by}), "
                f"last activity {format_date(candidate.last_activity)}"
            )
