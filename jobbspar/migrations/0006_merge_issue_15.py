# Joins the three migrations that issue 15's parts added side by side (mail claim tokens,
# partnerships, access-request notifications); none touches the others' tables.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("jobbspar", "0005_access_request_notifications"),
        ("jobbspar", "0005_notification_claim_token"),
        ("jobbspar", "0005_partnerships"),
    ]

    operations = []
