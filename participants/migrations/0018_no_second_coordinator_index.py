"""`participant_coordinator` was the same index as Django's own on the coordinator foreign key:
every write of a person kept both. Dropped concurrently; safe to run again."""

from django.db import migrations

NAME = "participant_coordinator"


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("participants", "0017_shared_free_candidates_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    f"DROP INDEX CONCURRENTLY IF EXISTS {NAME}",
                    f'CREATE INDEX CONCURRENTLY IF NOT EXISTS {NAME} ON participants_participant'
                    ' ("coordinator_id")',
                ),
            ],
            state_operations=[
                migrations.RemoveIndex(model_name="participant", name=NAME),
            ],
        ),
    ]
