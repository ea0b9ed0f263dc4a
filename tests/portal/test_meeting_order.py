"""The track page's meetings come by start, then id: two meetings that start at the same time
are listed in one order on every load."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_track_pages_meetings_come_by_start_then_id(client, employer_user, own):
    client.force_login(employer_user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("portal:track", args=[own["track"].pk]))
    assert response.status_code == 200
    (meetings,) = [
        query["sql"]
        for query in captured.captured_queries
        if query["sql"].startswith("SELECT") and ' FROM "employers_planningmeeting"' in query["sql"]
    ]
    assert re.search(
        r' ORDER BY "employers_planningmeeting"."starts_at" ASC, '
        r'"employers_planningmeeting"."id" ASC$',
        meetings,
    )
