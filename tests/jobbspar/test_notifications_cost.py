"""The unread count drawn on every signed-in page is counted from its index alone (an index-only
scan of notification_unread_due), however many unread notifications the person has (issue 18)."""

import pytest
from django.db import connection
from django.utils import timezone

from jobbspar.models import Notification, NotificationKind
from jobbspar.notifications import unread_count

pytestmark = pytest.mark.django_db


def test_the_unread_count_reads_only_its_index(af_coordinator):
    now = timezone.now()
    Notification.objects.bulk_create(
        Notification(
            recipient=af_coordinator,
            kind=NotificationKind.MEETING_SOON,
            object_type="employers.planningmeeting",
            object_id=str(n),
            due_on=now.date(),
            send_after=now,
            subject=f"Påminnelse {n}",
            body="",
            url="/",
        )
        for n in range(50)
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
