"""Notifications: plan a row once, show it in the app, e-mail it at least once.

`notify` creates the row (idempotent on kind, object, due date and recipient). A web request
only writes rows, so it never fails because Redis is down. `sweep`, run by Celery beat every
couple of minutes, claims due rows with FOR UPDATE SKIP LOCKED, marking them `sending` with a
claim token of its own. For each row it then (1) renews its lease, only if the row still carries
its token, (2) sends, and (3) marks the row `sent`, again only under its token. So:

- A row is never lost: it stays `sending` until marked, and is claimed again after LEASE.
- A row whose lease ran out and was claimed by another sweep is skipped by the first one (its
  token no longer matches), so a slow sweep and the next one never both send it. One send cannot
  outlast the lease: EMAIL_TIMEOUT bounds every SMTP socket operation far below LEASE.
- The one duplicate left: a worker that dies (or loses the database) after the SMTP server
  accepted a message and before step (3) commits leaves that row `sending`, and it is sent again
  after the lease. That is at most one message per loop sending when the worker died: a sweep
  runs NOTIFICATION_SWEEP_WORKERS loops at once (2), so at most two per crashed worker. (The
  marks commit asynchronously, so a crash of PostgreSQL itself may also lose its last moments'
  marks: those rows are re-sent.)
  Delivery is therefore *at least once*, not exactly once: SMTP offers no way to ask whether a
  message was already accepted, and losing a reminder is worse than receiving it twice.

Step (3) of one row and step (1) of the next are one statement (`_step`).

Transient mail errors are retried with backoff; after the last attempt the row is `failed`,
visible to administrators in the admin, never silently lost.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import functools
import itertools
import logging
import smtplib
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import connection, transaction
from django.db.models import Model, QuerySet
from django.db.models.signals import post_save
from django.template.loader import render_to_string
from django.utils import timezone, translation

from jobbspar import scoping
from jobbspar.models import (
    EmailState,
    Notification,
    NotificationPreference,
    User,
)

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# Minutes to wait after the 1st, 2nd, 3rd … failed attempt.
BACKOFF_MINUTES = [1, 5, 25, 120]
# A row left `sending` longer than this (a killed worker) is claimed again. Each row's lease is
# renewed just before it is sent, so the lease need only outlast one send (EMAIL_TIMEOUT).
LEASE = dt.timedelta(minutes=10)
TRANSIENT_MAIL_ERRORS = (smtplib.SMTPException, OSError)
# Loops of one sweep at once (NOTIFICATION_SWEEP_WORKERS is held to this): each holds a
# database connection while it runs.
MAX_SWEEP_WORKERS = 8


@dataclass(frozen=True)
class Message:
    subject: str
    body: str


def render_message(*, recipient: User, template: str, context: dict) -> Message:
    """Render `<template>_subject.txt` and `<template>_body.txt` in the recipient's language."""
    with translation.override(recipient.language or settings.LANGUAGE_CODE):
        context = {**context, "recipient": recipient, "site_url": settings.SITE_URL}
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}_body.txt", context).strip()
    return Message(subject=" ".join(subject.split()), body=body)


def notify(
    *,
    recipient: User,
    kind: str,
    obj: Model,
    due_on: dt.date,
    send_after: dt.datetime,
    message: Message,
    url: str,
    ics: str = "",
) -> tuple[Notification, bool]:
    """Plan one notification; returns (row, created). Planning it again changes nothing."""
    return Notification.objects.get_or_create(
        kind=kind,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        due_on=due_on,
        recipient=recipient,
        defaults={
            "send_after": send_after,
            "subject": message.subject[:200],
            "body": message.body,
            "url": url,
            "ics": ics,
        },
    )


def notify_each(
    *,
    recipients: list[User],
    kind: str,
    obj: Model,
    due_on: dt.date,
    send_after: dt.datetime,
    template: str,
    context: dict,
    url: str,
) -> None:
    """Plan the same notification for several people (each in their own language) in one
    insert, not a get-or-create per person (an N+1); planning it again changes nothing."""
    rows = []
    for recipient in recipients:
        message = render_message(recipient=recipient, template=template, context=context)
        rows.append(
            Notification(
                kind=kind,
                object_type=obj._meta.label_lower,
                object_id=str(obj.pk),
                due_on=due_on,
                recipient=recipient,
                send_after=send_after,
                subject=message.subject[:200],
                body=message.body,
                url=url,
            )
        )
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    _note_write()


def claim_due(*, now: dt.datetime, limit: int, token: uuid.UUID | None = None) -> list[int]:
    """Atomically mark up to `limit` due rows `sending` under `token` and return their ids."""
    table = Notification._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE {table}
            SET email_state = 'sending', claimed_at = %(now)s, claim_token = %(token)s
            WHERE id IN (
                SELECT id FROM {table}
                WHERE send_after <= %(now)s
                  AND (
                    (email_state = 'pending'
                     AND (next_attempt_at IS NULL OR next_attempt_at <= %(now)s))
                    OR (email_state = 'sending' AND claimed_at < %(stale)s)
                  )
                ORDER BY send_after, id
                LIMIT %(limit)s
                FOR UPDATE SKIP LOCKED
            )
            RETURNING id
            """,  # noqa: S608 - the table name is ours; values are parameters
            {"now": now, "stale": now - LEASE, "limit": limit, "token": token or uuid.uuid4()},
        )
        return [row[0] for row in cursor.fetchall()]


def _email(notification: Notification) -> EmailMessage:
    link = settings.SITE_URL.rstrip("/") + notification.url
    message = EmailMessage(
        subject=notification.subject,
        body=f"{notification.body}\n\n{link}\n",
        to=[notification.recipient.email],
    )
    if notification.ics:
        message.attach("inbjudan.ics", notification.ics, "text/calendar; method=REQUEST")
    return message


def _held(pk: int, token: uuid.UUID) -> QuerySet[Notification]:
    """The row, only while this sweep's claim on it stands (the fence)."""
    return Notification.objects.filter(pk=pk, email_state=EmailState.SENDING, claim_token=token)


def _record_failure(
    notification: Notification, error: Exception, now: dt.datetime, token: uuid.UUID
) -> None:
    attempts = notification.attempts + 1
    if attempts >= MAX_ATTEMPTS:
        state, next_at = EmailState.FAILED, None
        logger.error("Notification %s failed for good: %s", notification.pk, error)
    else:
        state = EmailState.PENDING
        next_at = now + dt.timedelta(minutes=BACKOFF_MINUTES[attempts - 1])
    _held(notification.pk, token).update(
        email_state=state, attempts=attempts, next_attempt_at=next_at, last_error=str(error)[:2000]
    )


def deliver(
    ids: list[int],
    *,
    token: uuid.UUID,
    now: dt.datetime | None = None,
    deadline: float | None = None,
) -> int:
    """E-mail the rows claimed under `token`, one at a time; returns how many were sent.

    Each row's lease is renewed before its send and the row marked after it, both fenced by the
    token (see the module's docstring), in one statement per message (`_step`). `now` fixes the
    clock (tests); otherwise each step reads it. Past the `deadline` (time.monotonic()) the rows
    not yet sent are released for the next sweep.
    """
    if not ids:
        return 0
    notifications = list(
        Notification.objects.filter(
            pk__in=ids, email_state=EmailState.SENDING, claim_token=token
        ).select_related("recipient")
    )
    muted = set(
        NotificationPreference.objects.filter(
            user__in={n.recipient_id for n in notifications}, email=False
        ).values_list("user_id", "kind")
    )
    skipped = [
        n.pk
        for n in notifications
        if (n.recipient_id, n.kind) in muted or not (n.recipient.email and n.recipient.is_active)
    ]
    Notification.objects.filter(pk__in=skipped, claim_token=token).update(
        email_state=EmailState.SKIPPED
    )
    total = 0
    sent: int | None = None  # the row sent last, marked by the next step
    with get_connection() as mail:
        for position, notification in enumerate(notifications):
            if notification.pk in skipped:
                continue
            if deadline is not None and time.monotonic() > deadline:
                _step(token=token, sent=sent, next_pk=None, now=now)
                sent = None
                rest = [n.pk for n in notifications[position:]]
                Notification.objects.filter(
                    pk__in=rest, email_state=EmailState.SENDING, claim_token=token
                ).update(email_state=EmailState.PENDING, claim_token=None, claimed_at=None)
                break
            held = _step(token=token, sent=sent, next_pk=notification.pk, now=now)
            sent = None
            if notification.pk not in held:
                continue  # our lease ran out and another sweep holds the row now
            try:
                mail.send_messages([_email(notification)])
            except TRANSIENT_MAIL_ERRORS as error:
                _record_failure(notification, error, now or timezone.now(), token)
                continue
            sent = notification.pk
            total += 1
    _step(token=token, sent=sent, next_pk=None, now=now)
    return total


def _step(
    *, token: uuid.UUID, sent: int | None, next_pk: int | None, now: dt.datetime | None
) -> set[int]:
    """One statement per message: mark the row just sent `sent` and renew the lease of the row
    about to be sent, each only while it still carries `token` (the fence). Returns the ids it
    changed; a sent row not among them was re-claimed meanwhile (logged)."""
    ids = [pk for pk in (sent, next_pk) if pk is not None]
    if not ids:
        return set()
    table = Notification._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE {table} SET
                email_state = CASE WHEN id = %(sent)s THEN 'sent' ELSE email_state END,
                sent_at = CASE WHEN id = %(sent)s THEN %(now)s ELSE sent_at END,
                attempts = attempts + CASE WHEN id = %(sent)s THEN 1 ELSE 0 END,
                claimed_at = CASE WHEN id = %(next)s THEN %(now)s ELSE claimed_at END
            WHERE id = ANY(%(ids)s) AND claim_token = %(token)s AND email_state = 'sending'
            RETURNING id
            """,  # noqa: S608 - the table name is ours; values are parameters
            {
                "sent": sent,
                "next": next_pk,
                "ids": ids,
                "token": token,
                "now": now or timezone.now(),
            },
        )
        changed = {row[0] for row in cursor.fetchall()}
    if sent is not None and sent not in changed:
        logger.warning("Notification %s sent after its claim was lost", sent)
    return changed


def sweep(
    *,
    now: dt.datetime | None = None,
    batch: int = 500,
    max_seconds: float = 50,
    workers: int | None = None,
) -> int:
    """Send everything due, in batches, within a time budget; returns how many were sent.

    `workers` loops (NOTIFICATION_SWEEP_WORKERS, 2; at most MAX_SWEEP_WORKERS) run at once, each
    in a thread of its own with its own database connection, claiming batches as two sweeps on
    two machines would (FOR UPDATE SKIP LOCKED, a token each): a loop spends half its time
    waiting for the database, so a second one nearly doubles the rows sent per second. Each
    runs in a copy of the caller's context (a request's scope checks hold there too). Where
    other connections cannot see the caller's rows (inside a transaction, as in a test) the
    sweep runs here, alone. An error in a loop is raised here once all have stopped (any
    other loop's error is logged); the rows a failed loop held are claimed again after the
    lease, as a killed worker's are."""
    workers = settings.NOTIFICATION_SWEEP_WORKERS if workers is None else workers
    workers = max(1, min(workers, MAX_SWEEP_WORKERS))
    deadline = time.monotonic() + max_seconds
    if workers == 1 or connection.in_atomic_block or not connection.get_autocommit():
        return _sweep(now=now, batch=batch, deadline=deadline)
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="sweep") as pool:
        running = [
            pool.submit(
                contextvars.copy_context().run,
                _sweep_in_thread,
                now=now,
                batch=batch,
                deadline=deadline,
            )
            for _ in range(workers)
        ]
    errors = [error for future in running if (error := future.exception()) is not None]
    for error in errors[1:]:
        logger.error("Another sweep loop failed too", exc_info=error)
    if errors:
        raise errors[0]
    return sum(future.result() for future in running)


def _sweep_in_thread(*, now: dt.datetime | None, batch: int, deadline: float) -> int:
    try:
        # The connection is closed below: its session setting needs no resetting.
        return _sweep(now=now, batch=batch, deadline=deadline, reset=False)
    finally:
        connection.close()  # this thread's own connection


def _sweep(*, now: dt.datetime | None, batch: int, deadline: float, reset: bool = True) -> int:
    total = 0
    with _asynchronous_commit(reset=reset):
        while time.monotonic() < deadline:
            token = uuid.uuid4()
            ids = claim_due(now=now or timezone.now(), limit=batch, token=token)
            if not ids:
                break
            total += deliver(ids, token=token, now=now, deadline=deadline)
    return total


@contextlib.contextmanager
def _asynchronous_commit(*, reset: bool = True) -> Iterator[None]:
    """The sweep's marks commit without waiting for the disk (two small commits per row). If
    PostgreSQL itself crashes, the marks of its last moments may be lost: those rows are sent
    again, which at-least-once allows; a row is never lost that way. `reset=False` leaves the
    setting as it is afterwards, for a connection closed right after (a sweep loop's thread)."""
    if connection.in_atomic_block:  # inside a test's transaction: a session setting would leak
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('synchronous_commit')")
        (before,) = cursor.fetchone()
        cursor.execute("SET synchronous_commit TO off")
    try:
        yield
    finally:
        if reset:
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('synchronous_commit', %s, false)", [before])


def inbox(user: User, *, now: Any = None) -> QuerySet[Notification]:
    """The user's notifications that are due (at `now`, this moment unless given: the database's
    `Now()` in a statement built once, the job coach's overview; the header's count and the
    inbox page use the app server's clock, so the two differ only by the servers' clock
    skew), newest first."""
    return Notification.objects.filter(
        recipient=user, send_after__lte=timezone.now() if now is None else now
    )


# The header shows at most this many unread notifications, and "99+" for more, as mail and chat
# clients do; the count stops at one more (`unread_count`), so a user with thousands unread
# costs every page no more than one with a hundred (issue 18).
UNREAD_SHOWN = 99


def unread_count(user: User, *, read_with_session: bool = False) -> int:
    """How many of the user's due notifications are unread, up to `UNREAD_SHOWN` + 1: the
    number in every signed-in page's header (more than `UNREAD_SHOWN` reads "99+"). What
    `inbox(user).filter(read_at__isnull=True)[:UNREAD_SHOWN + 1].count()` counts, as one
    statement written once per process from the model's fields: building that queryset on every
    page was ~2-4 % of a page's time (issue 18), for a statement that never changes. It reads
    only the signed-in user's own rows, by their id, from its index alone
    (notification_unread_due); tested against the ORM's answer
    (tests/jobbspar/test_notifications_cost.py).

    `read_with_session`: the caller's request changes nothing (GET or HEAD), so the count the
    session's own statement read at the request's start (jobbspar.backends.session_row) may be
    used, one statement fewer on every signed-in page (issue 18). It is used only while this
    process has written no notification since it was read, nor committed one (`written()`);
    otherwise, or when the user was not loaded with the session, the count is read now. So the
    page shows the count as of its start, with its own request's writes: what another process
    writes while the page is built shows on the next page (as one written after the count was
    read always did)."""
    if read_with_session:
        kept = getattr(user, READ_WITH_SESSION, None)
        if kept is not None and kept[1] == _writes:
            return kept[0]
    with scoping.unscoped("the signed-in user's own unread count"), connection.cursor() as cursor:
        cursor.execute(_unread_count_statement(), [user.pk, timezone.now()])
        (count,) = cursor.fetchone()
    return count


def header_count(user: User, method: str) -> int:
    """The count in a page's header: a request that changes nothing (GET or HEAD; no view
    writes notifications on one) may show the count read with its session (`unread_count`);
    any other, a form sent back with its errors for one, counts again after its writes."""
    return unread_count(user, read_with_session=method in ("GET", "HEAD"))


# The unread count read with the session (count, `written()` before it was read), on the user.
READ_WITH_SESSION = "_unread_read_with_session"
# Each write of notification rows in this process (saved, inserted or updated together), and
# each commit of one: a count read before either may be out of date, and is read again. Any
# thread's write counts. `next()` of one counter: two threads never take the same number.
# Rows are deleted only with their recipient (a cascade), whose sessions go with them; no
# delete signal, which would end Django's fast delete of a user's notifications.
_write_numbers = itertools.count(1)
_writes = 0


def written() -> int:
    """The number of this process's latest write of notification rows (see `unread_count`)."""
    return _writes


def _note_write(**kwargs: Any) -> None:
    global _writes
    _writes = next(_write_numbers)
    if not connection.get_autocommit():
        # Inside a transaction: a count read before its commit did not see the rows either.
        transaction.on_commit(_note_commit)


def _note_commit() -> None:
    global _writes
    _writes = next(_write_numbers)


post_save.connect(_note_write, sender=Notification, dispatch_uid="notification_written")


def unread_count_column(recipient: str) -> str:
    """The unread count of `recipient` (a column of the outer statement) as a scalar subquery,
    for a statement that reads it with something else (jobbspar.backends.session_row); its one
    parameter is the time, as in `unread_count`."""
    return f"(SELECT {_unread_count_of(recipient)})"


@functools.cache
def _unread_count_statement() -> str:
    return f"SELECT {_unread_count_of('%s')}"


def _unread_count_of(recipient: str) -> str:
    quote = connection.ops.quote_name

    def column(name: str) -> str:
        return "n." + quote(Notification._meta.get_field(name).column)  # type: ignore[union-attr,arg-type]

    # Names from the model's _meta; the values are parameters. The count stops at one more than
    # the header shows: an index scan of at most that many entries, however many there are.
    return (
        f"COUNT(*) FROM (SELECT 1 FROM {quote(Notification._meta.db_table)} n "  # noqa: S608
        f"WHERE {column('recipient')} = {recipient} AND {column('send_after')} <= %s "
        f"AND {column('read_at')} IS NULL LIMIT {UNREAD_SHOWN + 1}) unread"
    )


def mark_read(user: User, notification_id: int) -> Notification | None:
    notification = inbox(user).filter(pk=notification_id).first()
    if notification is not None and notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(user: User) -> int:
    marked = inbox(user).filter(read_at__isnull=True).update(read_at=timezone.now())
    _note_write()
    return marked


def set_email_preferences(user: User, enabled_kinds: set[str], all_kinds: list[str]) -> None:
    # One upsert for every kind (not a get-or-create per kind: an N+1 django-zeal reports).
    NotificationPreference.objects.bulk_create(
        [
            NotificationPreference(user=user, kind=kind, email=kind in enabled_kinds)
            for kind in all_kinds
        ],
        update_conflicts=True,
        unique_fields=["user", "kind"],
        update_fields=["email"],
    )


def email_enabled_kinds(user: User, all_kinds: list[str]) -> set[str]:
    muted = set(
        NotificationPreference.objects.filter(user=user, email=False).values_list("kind", flat=True)
    )
    return {kind for kind in all_kinds if kind not in muted}
