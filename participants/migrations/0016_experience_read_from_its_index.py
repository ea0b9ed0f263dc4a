"""Candidate matching asks of each candidate whether their work experience in an occupation
adds up to the months a profile requires (tracks.matching.criterion_condition): the months are
now summed from one index of (occupation, person) that carries them, `experience_occupation_person`,
not from the table's rows found through the person's index. It replaces `experience_occupation`
(occupation, months), which no query used (issue 18).

The new index is built concurrently and the old one dropped concurrently. Each step may be run
again: a build cancelled half-way leaves an invalid index of the name, which the next run drops
first; a run that stopped after the build drops the index and builds it again."""

from django.db import migrations, models

TABLE = "participants_workexperience"
NAME = "experience_occupation_person"
OLD = "experience_occupation"


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("participants", "0015_free_candidates_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    f"DROP INDEX CONCURRENTLY IF EXISTS {NAME}",
                    f"DROP INDEX CONCURRENTLY IF EXISTS {NAME}",
                ),
                migrations.RunSQL(
                    f'CREATE INDEX CONCURRENTLY {NAME} ON {TABLE} ("occupation_id", "participant_id")'
                    ' INCLUDE ("months")',
                    migrations.RunSQL.noop,
                ),
                migrations.RunSQL(
                    f"DROP INDEX CONCURRENTLY IF EXISTS {OLD}",
                    # Backwards, as forwards: an invalid index left by a cancelled build goes.
                    [
                        f"DROP INDEX CONCURRENTLY IF EXISTS {OLD}",
                        f'CREATE INDEX CONCURRENTLY {OLD} ON {TABLE} ("occupation_id", "months")',
                    ],
                ),
            ],
            state_operations=[
                migrations.RemoveIndex(model_name="workexperience", name=OLD),
                migrations.AddIndex(
                    model_name="workexperience",
                    index=models.Index(
                        fields=["occupation", "participant"], include=["months"], name=NAME
                    ),
                ),
            ],
        ),
    ]
