"""The unread count's index also holds send_after, so the count on every signed-in page is an
index-only scan (issue 18). Built concurrently (no lock on the notifications while it builds),
then the old one is dropped concurrently too."""

from django.contrib.postgres.operations import AddIndexConcurrently, RemoveIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("jobbspar", "0017_after_mentor_merge"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="notification",
            index=models.Index(
                condition=models.Q(("read_at__isnull", True)),
                fields=["recipient", "send_after"],
                name="notification_unread_due",
            ),
        ),
        RemoveIndexConcurrently(
            model_name="notification",
            name="notification_unread",
        ),
    ]
