"""The monthly summary as CSV for a whole track, against a month counted by hand (April 2026:
Good Friday and Easter Monday skipped)."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from jobbspar.models import AccessLog, AccessPurpose
from schedule.attendance import record_attendance
from schedule.models import StrandKind
from tests.participants.factories import ParticipantFactory
from tests.schedule.factories import StrandFactory, weekly
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tracks.models import State

pytestmark = pytest.mark.django_db


@time_machine.travel(dt.datetime(2026, 5, 5, 10, 0, tzinfo=dt.UTC))
def test_the_month_export_matches_a_hand_computed_month(client, af, af_coordinator):
    track = TrackFactory(name="Kombi lager", start_date=dt.date(2026, 3, 2), weeks=12)
    training = StrandFactory(track=track, name="Lager och logistik")
    weekly(training, [0, 1, 2], "08:30", "15:00")  # 6.5 hours
    apl = StrandFactory(track=track, kind=StrandKind.APL, name="", responsible="employer")
    weekly(apl, [3, 4], "07:00", "16:00")  # 9 hours
    amal, _bo, _formula = (
        TrackParticipantFactory(
            track=track,
            state=State.IN_APL,
            participant=ParticipantFactory(registered_by=af, name=name),
            nominated_by=af_coordinator,
        )
        for name in ("Amal Hassan", "Bo Ek", "=Kalle")
    )
    for strand, day, status, extra in (
        (training, dt.date(2026, 4, 1), "present", {}),
        (apl, dt.date(2026, 4, 2), "partly", {"hours_missed": Decimal("1.5")}),
        (training, dt.date(2026, 4, 7), "absent_valid", {"reason": "sick"}),
        (apl, dt.date(2026, 4, 9), "absent_invalid", {}),
        # March is not in April's figures.
        (apl, dt.date(2026, 3, 26), "absent_invalid", {}),
    ):
        record_attendance(
            strand=strand, day=day, member=amal, status=status, by=af_coordinator, **extra
        )
    client.force_login(af_coordinator)
    url = reverse("schedule:attendance_month_csv", kwargs={"pk": track.pk})
    response = client.get(url, {"month": "2026-04"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert len(rows[0]) == 8
    # Training Mon–Wed in April: 1, 7, 8, 13–15, 20–22, 27–29 (Easter Monday skipped) = 12 ×
    # 6.5 = 78 hours; APL Thu–Fri: 2, 9, 10, 16, 17, 23, 24, 30 (Good Friday skipped) = 8 × 9
    # = 72 hours; 150 planned. Amal: attended 6.5 + 7.5 = 14; valid 6.5; invalid 1.5 + 9 =
    # 10.5; not recorded 150 − 31 = 119.
    assert sorted(rows[1:]) == [
        ["Kombi lager", "2026-04", "'=Kalle", "150,00", "0,00", "0,00", "0,00", "150,00"],
        ["Kombi lager", "2026-04", "Amal Hassan", "150,00", "14,00", "6,50", "10,50", "119,00"],
        ["Kombi lager", "2026-04", "Bo Ek", "150,00", "0,00", "0,00", "0,00", "150,00"],
    ]
    logged = AccessLog.objects.filter(user=af_coordinator, purpose=AccessPurpose.EXPORT)
    assert logged.count() == 3


def test_a_bad_month_falls_back_to_this_month_without_an_error(client, af_coordinator):
    track = TrackFactory()
    client.force_login(af_coordinator)
    url = reverse("schedule:attendance_month_csv", kwargs={"pk": track.pk})
    response = client.get(url, {"month": "april"})
    assert response.status_code == 200
    assert response.content.decode("utf-8").count("\n") == 1
