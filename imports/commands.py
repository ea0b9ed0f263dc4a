"""What `import_participants` and `import_employers` share: the same batch, preview and commit
as the pages, run as a named coordinator."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from imports import batches
from imports.fields import missing_required
from imports.outcomes import Outcome
from jobbspar.models import User
from jobbspar.tables import FileRefused


def add_arguments(parser: CommandParser) -> None:
    parser.add_argument("path", help="The file: .csv (UTF-8, ; or ,) or .xlsx.")
    parser.add_argument(
        "--as", dest="username", required=True, help="The coordinator the import is made by."
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="Print the preview's summary; write nothing."
    )


def run(command: BaseCommand, *, kind: str, path: str, username: str, dry_run: bool) -> None:
    translation.activate("sv")
    user = User.objects.select_related("organisation").filter(username=username).first()
    if user is None:
        raise CommandError(f"No user named {username!r}.")
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error}") from error
    try:
        batch = batches.create_batch(by=user, kind=kind, name=Path(path).name, data=data)
    except FileRefused as refused:
        raise CommandError(f"{path}: {refused} Nothing was imported.") from refused
    except PermissionError as error:
        raise CommandError(f"{username} may not import.") from error
    try:
        missing = missing_required(kind, batch.mapping)
        if missing:
            raise CommandError("Columns not found for: " + ", ".join(str(f.label) for f in missing))
        preview = batches.preview(batch=batch, by=user)
        for row in preview.rows:
            if row.outcome == Outcome.ERROR:
                command.stdout.write(f"row {row.number}: {'; '.join(row.reasons)}")
        for label, count in preview.summary():
            command.stdout.write(f"{label}: {count}")
        if dry_run:
            command.stdout.write("Dry run: nothing was written.")
            return
        batches.commit(batch=batch, by=user, expected=preview.fingerprint)
        command.stdout.write(f"Imported {preview.writes} rows.")
    finally:
        if batch.pk is not None:  # not committed (a commit removes it)
            batches.cancel(batch=batch)
