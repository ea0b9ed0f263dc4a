"""The monthly summary as an Excel workbook, read back with openpyxl: the same month as the CSV
(April 2026), numbers as numbers, a name that looks like a formula kept as text."""

import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from jobbspar.models import AccessLog, AccessPurpose
from schedule.attendance import record_attendance
from tests.participants.factories import ParticipantFactory
from tests.schedule.factories import StrandFactory, weekly
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tracks.models import State

pytestmark = pytest.mark.django_db


@time_machine.travel(dt.datetime(2026, 5, 5, 10, 0, tzinfo=dt.UTC))
def test_the_month_as_excel_reads_back(client, af, af_coordinator):
    track = TrackFactory(name="Kombi lager", start_date=dt.date(2026, 3, 2), weeks=12)
    training = StrandFactory(track=track, name="Lager och logistik")
    weekly(training, [0, 1, 2], "08:30", "15:00")  # 6.5 hours, 12 days in April: 78 hours
    amal, _formula = (
        TrackParticipantFactory(
            track=track,
            state=State.IN_APL,
            participant=ParticipantFactory(registered_by=af, name=name),
            nominated_by=af_coordinator,
        )
        for name in ("Amal Hassan", "=Kalle")
    )
    record_attendance(
        strand=training,
        day=dt.date(2026, 4, 7),
        member=amal,
        status="absent_valid",
        by=af_coordinator,
        reason="sick",
    )
    client.force_login(af_coordinator)
    url = reverse("schedule:attendance_month_xlsx", kwargs={"pk": track.pk})
    response = client.get(url, {"month": "2026-04"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-2026-04.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert len(rows[0]) == 8
    assert sorted(rows[1:]) == [
        ["Kombi lager", "2026-04", "=Kalle", 78, 0, 0, 0, 78],
        ["Kombi lager", "2026-04", "Amal Hassan", 78, 0, Decimal("6.5"), 0, 71.5],
    ]
    assert sheet["C2"].data_type == "s" and sheet["C3"].data_type == "s"
    assert AccessLog.objects.filter(user=af_coordinator, purpose=AccessPurpose.EXPORT).count() == 2
