"""The visibility indexes also carry what candidate matching checks on a person's own row
(availability, education level, certificates, working hours), so the free candidates who meet a
profile's required criteria are found from the indexes alone (issue 18).

Built concurrently (no lock on the participants while they build), each under a new name beside
the old one, which is then dropped concurrently and the new one given its name: the lists and
searches always have a covering index to read."""

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


def _rebuilt(name: str, fields: list[str], include: tuple[str, ...]) -> list:
    building = f"{name}_new"
    return [
        AddIndexConcurrently(
            model_name="participant",
            index=models.Index(fields=fields, include=include, name=building),
        ),
        RemoveIndexConcurrently(model_name="participant", name=name),
        migrations.RenameIndex(model_name="participant", new_name=name, old_name=building),
    ]


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("participants", "0007_list_filter_covering_indexes"),
    ]

    operations = [
        *_rebuilt("participant_org_name_filters", ["registered_by", "name", "id"], COLUMNS),
        *_rebuilt("participant_id_name_filters", ["id"], ("name", "registered_by", *COLUMNS)),
    ]
