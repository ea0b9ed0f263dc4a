"""`employer_orgnr_prefix` was the same index as the one Django gives the unique organisation
number for prefix searches (`…_like`, varchar_pattern_ops). Dropped concurrently; safe to run
again."""

from django.db import migrations

NAME = "employer_orgnr_prefix"


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("employers", "0011_merge_shortages_and_provider_accounts"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    f"DROP INDEX CONCURRENTLY IF EXISTS {NAME}",
                    f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {NAME} ON employers_employer"
                    ' ("organisation_number" varchar_pattern_ops)',
                ),
            ],
            state_operations=[
                migrations.RemoveIndex(model_name="employer", name=NAME),
            ],
        ),
    ]
