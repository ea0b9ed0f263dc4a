"""Import shortage occupations (bristyrken) from a CSV file: columns ssyk, region, valid_from,
valid_to, source (comma or semicolon separated, UTF-8). A malformed file is reported line by
line and nothing is written; importing the same file again changes nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from employers.shortages import MalformedFile, import_shortage_occupations


class Command(BaseCommand):
    help = "Import shortage occupations from a CSV file (ssyk,region,valid_from,valid_to,source)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The CSV file, UTF-8.")

    def handle(self, *args: object, path: str, **options: object) -> None:
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        try:
            result = import_shortage_occupations(text)
        except MalformedFile as error:
            raise CommandError(
                f"{path} was not imported (nothing was written):\n" + "\n".join(error.problems)
            ) from error
        self.stdout.write(
            f"Shortage occupations: {result.added} added, {result.changed} changed, "
            f"{result.unchanged} unchanged."
        )
