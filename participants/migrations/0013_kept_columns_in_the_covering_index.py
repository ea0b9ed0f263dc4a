"""The id index the ranking of candidates reads each person from also carries the columns the
database keeps for matching (0012), so those cost no lookup per candidate (issue 18). Built
concurrently beside the old one, as 0008 did, which is then dropped and the new one named."""

from django.contrib.postgres.operations import AddIndexConcurrently, RemoveIndexConcurrently
from django.db import migrations, models

INCLUDE = (
    "name",
    "registered_by",
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
    "in_active_track",
    "continued_support_occupations",
    "language_levels",
)
NAME = "participant_id_name_filters"


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("participants", "0012_kept_for_matching"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="participant",
            index=models.Index(fields=["id"], include=INCLUDE, name=f"{NAME}_new"),
        ),
        RemoveIndexConcurrently(model_name="participant", name=NAME),
        migrations.RenameIndex(model_name="participant", new_name=NAME, old_name=f"{NAME}_new"),
    ]
