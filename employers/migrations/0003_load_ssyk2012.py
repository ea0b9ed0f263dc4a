"""Load the SSYK 2012 unit groups (employers/data/ssyk2012.csv) so every database has them."""

from django.db import migrations

from employers.occupations import load_occupations


def load(apps, schema_editor):
    load_occupations(apps.get_model("employers", "Occupation"))


class Migration(migrations.Migration):
    dependencies = [("employers", "0002_employers_needs_meetings_agreements")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
