"""The sessions of the engine before jobbspar.sessions (django.contrib.sessions' table, read
through a Redis cache): no longer read by anything, so removed rather than kept with their
users' ids and password hashes' digests until someone drops the table."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("jobbspar", "0021_user_sessions"),
        ("sessions", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL("DELETE FROM django_session", reverse_sql=migrations.RunSQL.noop),
    ]
