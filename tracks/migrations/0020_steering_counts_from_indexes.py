"""The steering page's counts read from indexes alone (issue 18): a partnership's tracks with
their need, weeks and status (track_partnership_start), and a track's members with the dates
the figures count by (trackparticipant_hired, whose first column is the track: it takes the
place of the foreign key's own index). Each is built concurrently beside the old one, which is
then dropped and the new one named, as participants' 0013 did."""

from django.contrib.postgres.operations import AddIndexConcurrently, RemoveIndexConcurrently
from django.db import migrations, models

# Frozen here, as the models had them when this ran.
PARTNERSHIP_INCLUDE = ("need", "weeks", "status")
HIRED_INCLUDE = ("id", "started_on", "completed_on", "offered_on", "withdrawn_on")
# Django's name for the foreign key's index (the same on every database: a hash of the names).
TRACK_FK_INDEX = "tracks_trackparticipant_track_id_0820720b"


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("tracks", "0019_participant_standing"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="track",
            index=models.Index(
                fields=["partnership", "-start_date", "id"],
                include=PARTNERSHIP_INCLUDE,
                name="track_partnership_start_new",
            ),
        ),
        RemoveIndexConcurrently(model_name="track", name="track_partnership_start"),
        migrations.RenameIndex(
            model_name="track",
            new_name="track_partnership_start",
            old_name="track_partnership_start_new",
        ),
        AddIndexConcurrently(
            model_name="trackparticipant",
            index=models.Index(
                fields=["track", "employed_on"],
                include=HIRED_INCLUDE,
                name="trackparticipant_hired_new",
            ),
        ),
        RemoveIndexConcurrently(model_name="trackparticipant", name="trackparticipant_hired"),
        migrations.RenameIndex(
            model_name="trackparticipant",
            new_name="trackparticipant_hired",
            old_name="trackparticipant_hired_new",
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
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
            database_operations=[
                migrations.RunSQL(
                    f"DROP INDEX CONCURRENTLY IF EXISTS {TRACK_FK_INDEX}",
                    reverse_sql=(
                        f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {TRACK_FK_INDEX}"
                        " ON tracks_trackparticipant (track_id)"
                    ),
                ),
            ],
        ),
    ]
