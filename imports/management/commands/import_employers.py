"""Import employers from a CSV or Excel file, as the pages do (docs/import.md); --dry-run prints
the preview's summary and writes nothing."""

from django.core.management.base import BaseCommand, CommandParser

from imports import commands
from imports.models import ImportKind


class Command(BaseCommand):
    help = "Import employers from a .csv or .xlsx file (docs/import.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        commands.add_arguments(parser)

    def handle(self, *args: object, **options: object) -> None:
        commands.run(
            self,
            kind=ImportKind.EMPLOYERS,
            path=str(options["path"]),
            username=str(options["username"]),
            dry_run=bool(options["dry_run"]),
        )
