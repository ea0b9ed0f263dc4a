"""The steering page's counts read from indexes alone (issue 18): a partnership's tracks with
their need, weeks and status (track_partnership_start), and a track's members with the dates
the figures count by (trackparticipant_hired, whose first column is the track; with the unique
(track, participant) index it serves what the foreign key's own index did, which goes).

Each index is built concurrently under a new name beside the old one, which is then dropped
concurrently and the new one given its name, as jobbspar 0019 does. Each step may be run again:
a build cancelled half-way leaves an invalid index of the new name, which the next run drops
first; a run that stopped after the drop or the rename builds the new index again and drops
what then carries the old name."""

from django.db import migrations, models

# Django's name for the foreign key's index (the same on every database: a hash of the names).
TRACK_FK_INDEX = "tracks_trackparticipant_track_id_0820720b"


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
        ("tracks", "0019_participant_standing"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                *_rebuilt(
                    "tracks_track",
                    "track_partnership_start",
                    '"partnership_id", "start_date" DESC, "id"',
                    '"need_id", "weeks", "status"',
                ),
                *_rebuilt(
                    "tracks_trackparticipant",
                    "trackparticipant_hired",
                    '"track_id", "employed_on"',
                    '"id", "started_on", "completed_on", "offered_on", "withdrawn_on"',
                ),
                migrations.RunSQL(
                    f"DROP INDEX CONCURRENTLY IF EXISTS {TRACK_FK_INDEX}",
                    f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {TRACK_FK_INDEX}"
                    " ON tracks_trackparticipant (track_id)",
                ),
            ],
            state_operations=[
                migrations.RemoveIndex(model_name="track", name="track_partnership_start"),
                migrations.AddIndex(
                    model_name="track",
                    index=models.Index(
                        fields=["partnership", "-start_date", "id"],
                        include=("need", "weeks", "status"),
                        name="track_partnership_start",
                    ),
                ),
                migrations.RemoveIndex(
                    model_name="trackparticipant", name="trackparticipant_hired"
                ),
                migrations.AddIndex(
                    model_name="trackparticipant",
                    index=models.Index(
                        fields=["track", "employed_on"],
                        include=("id", "started_on", "completed_on", "offered_on", "withdrawn_on"),
                        name="trackparticipant_hired",
                    ),
                ),
                migrations.AlterField(
                    model_name="trackparticipant",
                    name="track",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=models.deletion.CASCADE,
                        related_name="participants",
                        to="tracks.track",
                    ),
                ),
            ],
        ),
    ]
