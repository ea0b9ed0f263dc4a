"""The two covering indexes a name search reads each organisation's rows from (the people it
registered, the copies of those shared with it) end with the name in capitals, as the search
tests it (`icontains`: UPPER(name) LIKE UPPER('%q%')), so the search reads it from the index
instead of computing UPPER for each row (issue 18). Built concurrently beside the old ones, as
0008 and 0013 did, which are then dropped and the new ones named."""

from django.contrib.postgres.operations import AddIndexConcurrently, RemoveIndexConcurrently
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
PARTICIPANT = "participant_org_name_filters"
COPY = "sharedcopy_org_name_filters"


def _rebuilt(model_name: str, name: str, index: models.Index) -> list:
    return [
        AddIndexConcurrently(model_name=model_name, index=index),
        RemoveIndexConcurrently(model_name=model_name, name=name),
        migrations.RenameIndex(model_name=model_name, new_name=name, old_name=index.name),
    ]


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("participants", "0013_kept_columns_in_the_covering_index"),
    ]

    operations = [
        *_rebuilt(
            "participant",
            PARTICIPANT,
            models.Index(
                models.F("registered_by"),
                models.F("name"),
                models.F("id"),
                Upper("name"),
                include=FILTERS,
                name=f"{PARTICIPANT}_new",
            ),
        ),
        *_rebuilt(
            "sharedcopy",
            COPY,
            models.Index(
                models.F("shared_with"),
                models.F("name"),
                models.F("participant"),
                Upper("name"),
                include=("registered_by", *FILTERS),
                name=f"{COPY}_new",
            ),
        ),
    ]
