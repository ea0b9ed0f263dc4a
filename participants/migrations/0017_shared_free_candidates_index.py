"""Candidate matching reads the active copies shared with an organisation, in person order, from
one partial covering index of them (`sharedcopy_org_free`), instead of every copy of the
organisation's name index, sorted (issue 18).

The index is built concurrently. Each step may be run again: a build cancelled half-way leaves
an invalid index of the name, which the next run drops first; a run that stopped after the
build drops the index and builds it again."""

from django.db import migrations, models

COLUMNS = (
    "name",
    "registered_by",
    "newly_arrived",
    "long_term_unemployed",
    "receives_income_support",
    "swedish_level",
    "coordinator",
    "driving_licences",
    "available_from",
    "education_level",
    "certificates",
    "working_hours",
)
_RELATIONS = {"registered_by", "coordinator"}
INCLUDE = ", ".join(f'"{name}_id"' if name in _RELATIONS else f'"{name}"' for name in COLUMNS)
NAME = "sharedcopy_org_free"


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("participants", "0016_experience_read_from_its_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    f"DROP INDEX CONCURRENTLY IF EXISTS {NAME}",
                    f"DROP INDEX CONCURRENTLY IF EXISTS {NAME}",
                ),
                migrations.RunSQL(
                    f"CREATE INDEX CONCURRENTLY {NAME} ON participants_sharedcopy"
                    f' ("shared_with_id", "participant_id") INCLUDE ({INCLUDE})'
                    """ WHERE "status" = 'active'""",
                    migrations.RunSQL.noop,
                ),
            ],
            state_operations=[
                migrations.AddIndex(
                    model_name="sharedcopy",
                    index=models.Index(
                        condition=models.Q(("status", "active")),
                        fields=["shared_with", "participant"],
                        include=COLUMNS,
                        name=NAME,
                    ),
                ),
            ],
        ),
    ]
