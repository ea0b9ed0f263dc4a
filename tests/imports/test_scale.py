"""10 000 rows preview and commit in well under a minute, with a bounded number of queries."""

import datetime as dt
import time

from imports import batches
from imports.outcomes import Outcome
from jobbspar.identity import format_personal_number
from participants.identities import personal_number_for
from participants.models import Participant, ParticipantEvent
from tests.imports.files import csv_bytes

ROWS = int(__import__("os").environ.get("IMPORT_SCALE_ROWS", "10000"))


def _number(n: int) -> str:
    return personal_number_for(dt.date(1960, 1, 1) + dt.timedelta(days=n % 15000), n)


def test_ten_thousand_rows_preview_and_commit_in_under_a_minute(
    municipal_coordinator, django_assert_max_num_queries
):
    # Half the file is people already registered (their phone changes), half is new.
    Participant.objects.bulk_create(
        Participant(
            personal_number=_number(n),
            name=f"Person {n}",
            phone="0700000000",
            registered_by=municipal_coordinator.organisation,
        )
        for n in range(0, ROWS, 2)
    )
    rows = [["Personnummer", "Namn", "Telefon", "Nyanländ"]]
    rows += [
        [format_personal_number(_number(n)), f"Person {n}", "0701234567", "ja"] for n in range(ROWS)
    ]
    started = time.monotonic()
    batch = batches.create_batch(
        by=municipal_coordinator, kind="participants", name="stor.csv", data=csv_bytes(rows)
    )
    with django_assert_max_num_queries(12):
        shown = batches.preview(batch=batch, by=municipal_coordinator)
    assert shown.counts()[Outcome.NEW] == ROWS // 2
    assert shown.counts()[Outcome.UPDATE] == ROWS // 2
    with django_assert_max_num_queries(80):
        batches.commit(batch=batch, by=municipal_coordinator, expected=shown.fingerprint)
    elapsed = time.monotonic() - started
    assert elapsed < 60, f"{elapsed:.1f} s"
    assert Participant.objects.count() == ROWS
    assert Participant.objects.filter(phone="0701234567", newly_arrived=True).count() == ROWS
    assert ParticipantEvent.objects.count() == ROWS
