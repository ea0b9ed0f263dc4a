"""Audit: who read which record and why (AccessLog), and who changed what (pghistory triggers).

Writes are captured by database triggers on tracked models (`@pghistory.track`), including bulk
updates and deletes; each request's events carry the user, organisation, role and URL from
`AuditContextMiddleware`. Reads are logged explicitly with `log_read` by the views that show a
person's record, notes or an export.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import pghistory
import pghistory.middleware
from django.db import models, router

from jobbspar.models import AccessLog, AccessPurpose, RecordReader, User


class AuditContextMiddleware(pghistory.middleware.HistoryMiddleware):
    """pghistory's middleware, with the organisation and role of the user in every event."""

    def get_context(self, request) -> dict:
        context = super().get_context(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            context["organisation"] = user.organisation_id
            context["role"] = user.role
        return context


def object_label(obj: models.Model) -> str:
    return obj._meta.label_lower


def log_read(*, user: User, obj: models.Model, purpose: str, path: str = "") -> AccessLog:
    """Record that `user` saw `obj` (a person's record, notes or an export) for `purpose`."""
    return AccessLog.objects.create(
        user=user,
        organisation_id=user.organisation_id,
        role=user.role,
        object_type=object_label(obj),
        object_id=str(obj.pk),
        purpose=purpose,
        path=path[:500],
    )


def log_page_read(request, participant: models.Model) -> AccessLog:
    """A page or file about one person was shown: a case-work read of that participant."""
    return log_read(
        user=request.user, obj=participant, purpose=AccessPurpose.CASE_WORK, path=request.path
    )


def log_reads(*, user: User, objects: Iterable[models.Model], purpose: str, path: str = "") -> int:
    """Record one read per object (an export): a single INSERT, however many rows."""
    entries = [
        AccessLog(
            user=user,
            organisation_id=user.organisation_id,
            role=user.role,
            object_type=object_label(obj),
            object_id=str(obj.pk),
            purpose=purpose,
            path=path[:500],
        )
        for obj in objects
    ]
    if entries:
        # One INSERT of every row, as bulk_create writes it, without the transaction bulk_create
        # opens around it (BEGIN and COMMIT: two more round trips on every page that lists
        # people, issue 18). A single statement is written whole or not at all, and inside a
        # caller's transaction it is part of it, as before.
        AccessLog._base_manager._insert(  # type: ignore[attr-defined]
            entries, fields=_LOGGED_FIELDS, using=router.db_for_write(AccessLog)
        )
    return len(entries)


# The columns of a read, chosen as bulk_create chooses them for rows without an id: every
# concrete column but the generated ones and the automatic id.
_LOGGED_FIELDS = [
    field
    for field in AccessLog._meta.concrete_fields
    if not field.generated and not isinstance(field, models.AutoField)
]


def reads_of(obj: models.Model) -> models.QuerySet[AccessLog]:
    """Who has viewed this record, newest first."""
    return AccessLog.objects.filter(
        object_type=object_label(obj), object_id=str(obj.pk)
    ).select_related("user", "organisation")


@dataclass(frozen=True)
class Reader:
    """Everyone who read a record for one organisation and purpose: how often, and when last."""

    user: User
    organisation_name: str
    purpose: str  # its label, in the language of the request
    reads: int
    latest: dt.datetime


def readers_of(obj: models.Model, *, limit: int) -> list[Reader]:
    """Who has viewed this record, one row per person, organisation and purpose with the number
    of reads and the latest, latest first: one query of the log's sums (RecordReader, kept by a
    trigger on every insert into the log), as cheap for a record read ten thousand times as for
    one read once (every single read is in the register extract, `reads_of`)."""
    rows = (
        RecordReader.objects.filter(object_type=object_label(obj), object_id=str(obj.pk))
        .order_by("-latest", "user_id", "purpose")
        .select_related("user", "organisation")
        .only(*READER_FIELDS)[:limit]
    )
    return [
        Reader(
            user=row.user,
            organisation_name=row.organisation.name if row.organisation else "",
            purpose=str(AccessPurpose(row.purpose).label),  # in the request's language
            reads=row.reads,
            latest=row.latest,
        )
        for row in rows
    ]


# What readers_of reads: the sums, and of the reader only the name as str(user) writes it.
READER_FIELDS = (
    "purpose",
    "reads",
    "latest",
    "user__id",
    "user__username",
    "user__first_name",
    "user__last_name",
    "organisation__id",
    "organisation__name",
)


def changes_of(obj: models.Model) -> models.QuerySet:
    """The recorded changes of a tracked object, newest first; `pgh_context` holds user and URL."""
    return pghistory.models.Events.objects.tracks(obj).order_by("-pgh_created_at", "-pgh_id")
