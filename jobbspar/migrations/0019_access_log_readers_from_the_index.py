"""The access log's index by record also carries the reader, their organisation and the purpose,
so a record's readers (jobbspar.audit.readers_of, on the participant page) are counted from the
index alone instead of from every logged read's row (issue 18).

Built concurrently (the log takes a row on every read, and must not wait) under a new name
beside the old index, which is then dropped concurrently and the new one given its name: the
register extract always has an index to read by record."""

from django.contrib.postgres.operations import AddIndexConcurrently, RemoveIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("jobbspar", "0018_unread_count_from_the_index"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="accesslog",
            index=models.Index(
                fields=["object_type", "object_id", "-at"],
                include=["user", "organisation", "purpose"],
                name="accesslog_object_at_new",
            ),
        ),
        RemoveIndexConcurrently(model_name="accesslog", name="accesslog_object_at"),
        migrations.RenameIndex(
            model_name="accesslog", new_name="accesslog_object_at", old_name="accesslog_object_at_new"
        ),
    ]
