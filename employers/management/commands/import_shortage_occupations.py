"""Import shortage occupations (bristyrken) from a CSV file: columns ssyk, region, valid_from,
valid_to, source (comma or semicolon separated, UTF-8), or the same columns in an Excel file
(.xlsx, read by the imports' reader, jobbspar.tables). A malformed file is reported line by line
and nothing is written; importing the same file again changes nothing."""

import csv
import io
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from employers.shortages import MalformedFile, import_shortage_occupations
from jobbspar.tables import FileRefused, read_table


def _xlsx_as_csv(path: str) -> str:
    """The first sheet of an Excel file as the CSV text the import reads."""
    try:
        table = read_table(path, Path(path).read_bytes())
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error}") from error
    except FileRefused as refused:
        raise CommandError(f"{path}: {refused}") from refused
    out = io.StringIO()
    csv.writer(out).writerows([table.headers, *table.rows])
    return out.getvalue()


class Command(BaseCommand):
    help = "Import shortage occupations from a CSV file (ssyk,region,valid_from,valid_to,source)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The CSV file (UTF-8) or an Excel file (.xlsx).")

    def handle(self, *args: object, path: str, **options: object) -> None:
        if path.lower().endswith(".xlsx"):
            text = _xlsx_as_csv(path)
        else:
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
