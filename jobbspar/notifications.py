"""Notifications: plan a row once, show it in the app, e-mail it exactly once.

`notify` creates the row (idempotent on kind, object, due date and recipient). A web request
only writes rows, so it never fails because Redis is down. `sweep`, run by Celery beat every
couple of minutes, claims due rows with FOR UPDATE SKIP LOCKED, marks them `sending`, sends, and
marks them `sent`: two beats, a redelivered task or a retried one never send a row twice. A
worker killed mid-sweep leaves rows `sending`; after the lease they are claimed again. Transient
mail errors are retried with backoff; after the last attempt the row is `failed`, visible to
administrators in the admin, never silently lost.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import connection, transaction
from django.db.models import F, Model, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation

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
# A row left `sending` longer than this (a killed worker) is claimed again.
LEASE = dt.timedelta(minutes=10)
# Sent rows are marked in one UPDATE per this many (see deliver).
FLUSH_EVERY = 100
TRANSIENT_MAIL_ERRORS = (smtplib.SMTPException, OSError)


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


def claim_due(*, now: dt.datetime, limit: int) -> list[int]:
    """Atomically mark up to `limit` due rows `sending` and return their ids."""
    table = Notification._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE {table} SET email_state = 'sending', claimed_at = %(now)s
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
            {"now": now, "stale": now - LEASE, "limit": limit},
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


def _record_failure(notification: Notification, error: Exception, now: dt.datetime) -> None:
    attempts = notification.attempts + 1
    if attempts >= MAX_ATTEMPTS:
        state, next_at = EmailState.FAILED, None
        logger.error("Notification %s failed for good: %s", notification.pk, error)
    else:
        state = EmailState.PENDING
        next_at = now + dt.timedelta(minutes=BACKOFF_MINUTES[attempts - 1])
    Notification.objects.filter(pk=notification.pk, email_state=EmailState.SENDING).update(
        email_state=state, attempts=attempts, next_attempt_at=next_at, last_error=str(error)[:2000]
    )


def deliver(ids: list[int], *, now: dt.datetime) -> int:
    """E-mail the claimed rows; returns how many were sent.

    One mail connection per batch, and the outcome written in one UPDATE per FLUSH_EVERY rows
    rather than one per row (100 000 due rows in well under a minute). A crash between sending
    and the write leaves at most FLUSH_EVERY rows 'sending'; they are re-claimed after LEASE.
    """
    if not ids:
        return 0
    notifications = list(
        Notification.objects.filter(pk__in=ids, email_state=EmailState.SENDING).select_related(
            "recipient"
        )
    )
    muted = set(
        NotificationPreference.objects.filter(
            user__in={n.recipient_id for n in notifications}, email=False
        ).values_list("user_id", "kind")
    )
    sent: list[int] = []
    skipped: list[int] = []
    total = 0

    def flush() -> None:
        nonlocal total
        if skipped:
            Notification.objects.filter(pk__in=skipped).update(email_state=EmailState.SKIPPED)
        if sent:
            Notification.objects.filter(pk__in=sent, email_state=EmailState.SENDING).update(
                email_state=EmailState.SENT, sent_at=now, attempts=F("attempts") + 1
            )
        total += len(sent)
        sent.clear()
        skipped.clear()

    with get_connection() as mail:
        for notification in notifications:
            if (notification.recipient_id, notification.kind) in muted or not (
                notification.recipient.email and notification.recipient.is_active
            ):
                skipped.append(notification.pk)
                continue
            try:
                mail.send_messages([_email(notification)])
            except TRANSIENT_MAIL_ERRORS as error:
                _record_failure(notification, error, now)
                continue
            sent.append(notification.pk)
            if len(sent) >= FLUSH_EVERY:
                flush()
    flush()
    return total


def sweep(*, now: dt.datetime | None = None, batch: int = 500, max_seconds: float = 50) -> int:
    """Send everything due, in batches, within a time budget; returns how many were sent."""
    started = time.monotonic()
    total = 0
    while time.monotonic() - started < max_seconds:
        moment = now or timezone.now()
        ids = claim_due(now=moment, limit=batch)
        if not ids:
            break
        total += deliver(ids, now=moment)
    return total


def inbox(user: User) -> QuerySet[Notification]:
    """The user's notifications that are due, newest first."""
    return Notification.objects.filter(recipient=user, send_after__lte=timezone.now())


def unread_count(user: User) -> int:
    return inbox(user).filter(read_at__isnull=True).count()


def mark_read(user: User, notification_id: int) -> Notification | None:
    notification = inbox(user).filter(pk=notification_id).first()
    if notification is not None and notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(user: User) -> int:
    return inbox(user).filter(read_at__isnull=True).update(read_at=timezone.now())


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
