"""The unread count drawn on every signed-in page is counted from its index alone (an index-only
scan of notification_unread_due), however many unread notifications the person has (issue 18)."""

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from jobbspar.models import Notification, NotificationKind
from jobbspar.notifications import inbox, unread_count

pytestmark = pytest.mark.django_db


def _notification(recipient, n, *, send_after, read_at=None):
    return Notification(
        recipient=recipient,
        kind=NotificationKind.MEETING_SOON,
        object_type="employers.planningmeeting",
        object_id=str(n),
        due_on=send_after.date(),
        send_after=send_after,
        read_at=read_at,
        subject=f"Påminnelse {n}",
        body="",
        url="/",
    )


def test_the_unread_count_reads_only_its_index(af_coordinator):
    now = timezone.now()
    Notification.objects.bulk_create(
        _notification(af_coordinator, n, send_after=now) for n in range(50)
    )
    statements = []

    def capture(execute, sql, params, many, context):
        statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        assert unread_count(af_coordinator) == 50
    ((sql, params),) = statements
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Index Only Scan using notification_unread_due" in plan


def test_the_unread_count_is_what_the_orm_counts(af_coordinator, municipal_coordinator):
    """Written once from the model's fields: the same number as the ORM's query of the inbox,
    with read, not yet due and other people's notifications left out, in a web request too."""
    from jobbspar import scoping

    now = timezone.now()
    hour = dt.timedelta(hours=1)
    Notification.objects.bulk_create(
        [
            _notification(af_coordinator, 1, send_after=now - hour),
            _notification(af_coordinator, 2, send_after=now - 2 * hour),
            _notification(af_coordinator, 3, send_after=now - hour, read_at=now),
            _notification(af_coordinator, 4, send_after=now + hour),
            _notification(municipal_coordinator, 5, send_after=now - hour),
        ]
    )

    def orm(user):
        return inbox(user).filter(read_at__isnull=True).count()

    with scoping.request_scope():
        assert unread_count(af_coordinator) == orm(af_coordinator) == 2
        assert unread_count(municipal_coordinator) == orm(municipal_coordinator) == 1
    Notification.objects.filter(recipient=af_coordinator).update(read_at=now)
    assert unread_count(af_coordinator) == orm(af_coordinator) == 0
