"""The access log's index by record also carries the reader, their organisation and the purpose,
so a record's readers (jobbspar.audit.readers_of, on the participant page) are counted from the
index alone instead of from every logged read's row (issue 18).

Built concurrently (the log takes a row on every read, and must not wait) under a new name
beside the old index, which is then dropped concurrently and the new one given its name: the
register extract always has an index to read by record. Each step may be run again: a build
cancelled half-way leaves an invalid index of the new name, which the next run drops first; a
run that stopped after the drop or the rename builds the new index again and drops what then
carries the old name."""

from django.db import migrations, models

TABLE = "jobbspar_accesslog"
NAME = "accesslog_object_at"
BUILDING = f"{NAME}_new"


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("jobbspar", "0018_unread_count_from_the_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    f"DROP INDEX CONCURRENTLY IF EXISTS {BUILDING}", migrations.RunSQL.noop
                ),
                migrations.RunSQL(
                    f"CREATE INDEX CONCURRENTLY {BUILDING} ON {TABLE} "
                    '("object_type", "object_id", "at" DESC) '
                    'INCLUDE ("user_id", "organisation_id", "purpose")',
                    migrations.RunSQL.noop,
                ),
                migrations.RunSQL(
                    f"DROP INDEX CONCURRENTLY IF EXISTS {NAME}", migrations.RunSQL.noop
                ),
                migrations.RunSQL(
                    f"ALTER INDEX {BUILDING} RENAME TO {NAME}", migrations.RunSQL.noop
                ),
            ],
            state_operations=[
                migrations.RemoveIndex(model_name="accesslog", name=NAME),
                migrations.AddIndex(
                    model_name="accesslog",
                    index=models.Index(
                        fields=["object_type", "object_id", "-at"],
                        include=["user", "organisation", "purpose"],
                        name=NAME,
                    ),
                ),
            ],
        ),
    ]
