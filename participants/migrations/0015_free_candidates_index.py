"""Candidate matching ranks an organisation's own free people (active, in no track now) apart
from those shared with it, from one covering index of them (`participant_org_free`), instead of
looking each candidate up by id (issue 18).

The index is built concurrently. Each step may be run again: a build cancelled half-way leaves
an invalid index of the name, which the next run drops first; a run that stopped after the
build drops the index and builds it again."""

from django.db import migrations, models

COLUMNS = (
    "id",
    "name",
    "status",
    "in_active_track",
    "available_from",
    "swedish_level",
    "education_level",
    "driving_licences",
    "certificates",
    "working_hours",
    "language_levels",
    "continued_support_occupations",
    "district",
)
INCLUDE = ", ".join(f'"{name}"' for name in COLUMNS)
NAME = "participant_org_free"


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("participants", "0014_name_search_reads_capitals_from_the_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    f"DROP INDEX CONCURRENTLY IF EXISTS {NAME}",
                    f"DROP INDEX CONCURRENTLY IF EXISTS {NAME}",
                ),
                migrations.RunSQL(
                    f"CREATE INDEX CONCURRENTLY {NAME} ON participants_participant"
                    f' ("registered_by_id") INCLUDE ({INCLUDE})'
                    """ WHERE ("status" = 'active' AND NOT "in_active_track")""",
                    migrations.RunSQL.noop,
                ),
            ],
            state_operations=[
                migrations.AddIndex(
                    model_name="participant",
                    index=models.Index(
                        condition=models.Q(("in_active_track", False), ("status", "active")),
                        fields=["registered_by"],
                        include=COLUMNS,
                        name=NAME,
                    ),
                ),
            ],
        ),
    ]
