"""An import from upload to commit: the batch (the parsed file, its owner's, server-side
only), the column mapping, the preview, the all-or-nothing commit, and the cleanup.

Views, the management commands and the tests all call these functions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from imports import employer_rows, participant_rows
from imports.access import batches_for, may_import
from imports.fields import FIELDS, guess_mapping, missing_required
from imports.models import ImportBatch, ImportKind
from imports.outcomes import Preview, RowOutcome, fingerprint
from jobbspar import access
from jobbspar.models import User
from jobbspar.tables import Table, read_table

# How long an uploaded file is kept if it is neither committed nor cancelled.
BATCH_LIFETIME = dt.timedelta(hours=1)

_PREVIEW: dict[str, Callable[..., list[RowOutcome]]] = {
    ImportKind.PARTICIPANTS: participant_rows.preview_rows,
    ImportKind.EMPLOYERS: employer_rows.preview_rows,
}
_COMMIT: dict[str, Callable[..., None]] = {
    ImportKind.PARTICIPANTS: participant_rows.commit_rows,
    ImportKind.EMPLOYERS: employer_rows.commit_rows,
}


class PreviewOutdated(Exception):
    """The records changed since the preview: nothing was written; preview again."""


def create_batch(*, by: User, kind: str, name: str, data: bytes) -> ImportBatch:
    """Read the file (reader.FileRefused if it cannot be) and keep it for the user."""
    if not may_import(by) or kind not in ImportKind.values:
        raise PermissionDenied
    table: Table = read_table(name, data)
    return ImportBatch.objects.create(
        owner=by,
        kind=kind,
        file_name=name[-200:],
        headers=table.headers,
        rows=table.rows,
        mapping=guess_mapping(kind, table.headers),
    )


def set_mapping(*, batch: ImportBatch, mapping: dict[str, str]) -> ImportBatch:
    """Keep the user's column mapping: each known field at most once, each required one present."""
    known = {field.key for field in FIELDS[batch.kind]}
    cleaned = {
        index: key
        for index, key in mapping.items()
        if key in known and index.isdigit() and int(index) < len(batch.headers)
    }
    chosen = list(cleaned.values())
    twice = sorted({key for key in chosen if chosen.count(key) > 1})
    if twice:
        labels = {field.key: str(field.label) for field in FIELDS[batch.kind]}
        raise ValidationError(
            _("Each field can come from one column only: %(fields)s.")
            % {"fields": ", ".join(labels[key] for key in twice)}
        )
    missing = missing_required(batch.kind, cleaned)
    if missing:
        raise ValidationError(
            _("Choose a column for: %(fields)s.")
            % {"fields": ", ".join(str(field.label) for field in missing)}
        )
    batch.mapping = cleaned
    batch.save(update_fields=["mapping"])
    return batch


def preview(*, batch: ImportBatch, by: User, lock: bool = False) -> Preview:
    rows = _PREVIEW[batch.kind](rows=batch.rows, mapping=batch.mapping, user=by, lock=lock)
    return Preview(rows=rows, fingerprint=fingerprint(batch.pk, batch.mapping, rows))


def commit(*, batch: ImportBatch, by: User, expected: str) -> Preview:
    """Write every row that is new, changed or an access request, in one transaction, if the
    outcomes are still those of the preview the user saw (`expected`); then forget the file.
    Rows with errors are left out (the preview said so); all the others are written, or none."""
    if batch.owner_id != by.pk:
        raise PermissionDenied
    try:
        with transaction.atomic():
            current = preview(batch=batch, by=by, lock=True)
            if current.fingerprint != expected:
                raise PreviewOutdated
            _COMMIT[batch.kind](outcomes=current.rows, user=by, file_name=batch.file_name)
            batch.delete()
    except (IntegrityError, ValidationError) as clash:
        # Somebody registered one of the file's numbers between the lookup and the insert, or
        # an access request was sent or a consent recorded meanwhile (request_access refuses).
        raise PreviewOutdated from clash
    return current


def cancel(*, batch: ImportBatch) -> None:
    batch.delete()


def batch_for(*, by: User, pk: int) -> ImportBatch | None:
    return batches_for(by).filter(pk=pk).first()


def remove_expired(*, now: dt.datetime | None = None) -> int:
    """Delete the batches older than BATCH_LIFETIME (they hold personal data)."""
    cutoff = (now or timezone.now()) - BATCH_LIFETIME
    with access.unscoped("import cleanup: every user's expired uploads are deleted"):
        deleted, _per_model = ImportBatch.objects.filter(created_at__lt=cutoff).delete()
    return deleted
