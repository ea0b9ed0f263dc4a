"""The two covering indexes a name search reads each organisation's rows from (the people it
registered, the copies of those shared with it) end with the name in capitals, as the search
tests it (`icontains`: UPPER(name) LIKE UPPER('%q%')), so the search reads it from the index
instead of computing UPPER for each row (issue 18). The key comes after the id, so it never
changes the name order the indexes are read in.

Each index is built concurrently under a new name beside the old one, which is then dropped
concurrently and the new one given its name, as tracks 0020 does. Each step may be run again:
a build cancelled half-way leaves an invalid index of the new name, which the next run drops
first; a run that stopped after the drop or the rename builds the new index again and drops
what then carries the old name."""

from django.db import migrations, models
from django.db.models.functions import Upper

FILTERS = (
    "status",
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
FILTER_COLUMNS = ", ".join(
    f'"{name}_id"' if name == "coordinator" else f'"{name}"' for name in FILTERS
)


def _rebuilt(table: str, name: str, columns: str, include: str) -> list[migrations.RunSQL]:
    building = f"{name}_new"
    return [
        migrations.RunSQL(f"DROP INDEX CONCURRENTLY IF EXISTS {building}", migrations.RunSQL.noop),
        migrations.RunSQL(
            f"CREATE INDEX CONCURRENTLY {building} ON {table} ({columns}) INCLUDE ({include})",
            migrations.RunSQL.noop,
        ),
        migrations.RunSQL(f"DROP INDEX CONCURRENTLY IF EXISTS {name}", migrations.RunSQL.noop),
        migrations.RunSQL(f"ALTER INDEX {building} RENAME TO {name}", migrations.RunSQL.noop),
    ]


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("participants", "0013_kept_columns_in_the_covering_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                *_rebuilt(
                    "participants_participant",
                    "participant_org_name_filters",
                    '"registered_by_id", "name", "id", (UPPER("name"))',
                    FILTER_COLUMNS,
                ),
                *_rebuilt(
                    "participants_sharedcopy",
                    "sharedcopy_org_name_filters",
                    '"shared_with_id", "name", "participant_id", (UPPER("name"))',
                    f'"registered_by_id", {FILTER_COLUMNS}',
                ),
            ],
            state_operations=[
                migrations.RemoveIndex(
                    model_name="participant", name="participant_org_name_filters"
                ),
                migrations.AddIndex(
                    model_name="participant",
                    index=models.Index(
                        models.F("registered_by"),
                        models.F("name"),
                        models.F("id"),
                        Upper("name"),
                        include=FILTERS,
                        name="participant_org_name_filters",
                    ),
                ),
                migrations.RemoveIndex(model_name="sharedcopy", name="sharedcopy_org_name_filters"),
                migrations.AddIndex(
                    model_name="sharedcopy",
                    index=models.Index(
                        models.F("shared_with"),
                        models.F("name"),
                        models.F("participant"),
                        Upper("name"),
                        include=("registered_by", *FILTERS),
                        name="sharedcopy_org_name_filters",
                    ),
                ),
            ],
        ),
    ]
