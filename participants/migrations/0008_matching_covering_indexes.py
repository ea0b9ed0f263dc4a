"""The visibility indexes also carry what candidate matching checks on a person's own row
(availability, education level, certificates, working hours), so the free candidates who meet a
profile's required criteria are found from the indexes alone (issue 18). Rebuilt concurrently:
no lock on the participants while they build."""

from django.contrib.postgres.operations import AddIndexConcurrently, RemoveIndexConcurrently
from django.db import migrations, models

COLUMNS = (
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


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("participants", "0007_list_filter_covering_indexes"),
    ]

    operations = [
        RemoveIndexConcurrently(model_name="participant", name="participant_org_name_filters"),
        AddIndexConcurrently(
            model_name="participant",
            index=models.Index(
                fields=["registered_by", "name", "id"],
                include=COLUMNS,
                name="participant_org_name_filters",
            ),
        ),
        RemoveIndexConcurrently(model_name="participant", name="participant_id_name_filters"),
        AddIndexConcurrently(
            model_name="participant",
            index=models.Index(
                fields=["id"],
                include=("name", "registered_by", *COLUMNS),
                name="participant_id_name_filters",
            ),
        ),
    ]
