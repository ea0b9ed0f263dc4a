"""Importing participants: every row's outcome, the commit, re-import, and what the other
organisation's record leaks (nothing)."""

import datetime as dt

import pytest

from imports import batches
from imports.models import ImportBatch, ImportKind
from imports.outcomes import Outcome
from participants.forms import ParticipantForm
from participants.models import AccessRequest, EventKind, Participant, ParticipantEvent
from tests.dates import today
from tests.imports.conftest import number
from tests.imports.files import csv_bytes
from tests.participants.factories import ParticipantFactory

HEADERS = [
    "Personnummer",
    "Namn",
    "Telefon",
    "E-post",
    "Kön",
    "Nyanländ",
    "Samtycke lämnat",
    "Samtycke sätt",
]


def _batch(user, rows, headers=HEADERS):
    return batches.create_batch(
        by=user, kind=ImportKind.PARTICIPANTS, name="lista.csv", data=csv_bytes([headers, *rows])
    )


@pytest.fixture
def world(municipal_coordinator, af):
    own = ParticipantFactory(
        personal_number=number(1).replace("-", ""),
        name="Own Person",
        registered_by=municipal_coordinator.organisation,
        phone="0701111111",
        email="",
        gender="woman",
    )
    same = ParticipantFactory(
        personal_number=number(2).replace("-", ""),
        name="Same Person",
        registered_by=municipal_coordinator.organisation,
        phone="0702222222",
        email="",
        gender="man",
    )
    theirs = ParticipantFactory(
        personal_number=number(3).replace("-", ""),
        name="Secret Name",
        registered_by=af,
        phone="0709999999",
        email="secret@af.example",
    )
    return {"own": own, "same": same, "theirs": theirs}


def _rows():
    yesterday = (today() - dt.timedelta(days=1)).isoformat()
    return [
        [number(10), "Ny Person", "070-123 45 67", "ny@example.se", "kvinna", "ja", "", ""],
        [number(1), "Own Person", "070-333 33 33", "", "kvinna", "", "", ""],
        [number(2), "Same Person", "0702222222", "", "man", "", "", ""],
        [number(3), "Från fil", "", "", "", "", yesterday, "skriftligt"],
        ["19800101-0000", "Fel Nummer", "", "", "", "", "", ""],
        [number(10), "Ny Person", "070-123 45 67", "ny@example.se", "kvinna", "ja", "", ""],
        [number(11), "Dålig Post", "", "inte-en-adress", "", "", "", ""],
        [number(12), "", "", "", "", "", "", ""],
        [number(13), "Tolk?", "", "", "", "kanske", "", ""],
    ]


def test_each_row_gets_its_outcome(municipal_coordinator, world):
    batch = _batch(municipal_coordinator, _rows())
    rows = batches.preview(batch=batch, by=municipal_coordinator).rows
    assert [row.outcome for row in rows] == [
        Outcome.NEW,
        Outcome.UPDATE,
        Outcome.UNCHANGED,
        Outcome.ACCESS_REQUEST,
        Outcome.ERROR,
        Outcome.DUPLICATE,
        Outcome.ERROR,
        Outcome.ERROR,
        Outcome.ERROR,
    ]
    assert [(c.label, c.old, c.new) for c in rows[1].changes] == [
        ("Telefon", "0701111111", "0703333333")
    ]
    assert "kontrollsiffra" in rows[4].reasons[0]
    assert rows[5].reasons == ["Samma som rad 2."]
    assert "namn" in rows[7].reasons[0].lower()
    assert "ja eller nej" in rows[8].reasons[0]


def test_errors_are_the_forms_own_messages(municipal_coordinator, world):
    form = ParticipantForm({"email": "inte-en-adress"}, user=municipal_coordinator)
    form.is_valid()
    batch = _batch(municipal_coordinator, _rows())
    row = batches.preview(batch=batch, by=municipal_coordinator).rows[6]
    assert f"E-post: {form.errors['email'][0]}" in row.reasons


def test_the_other_organisations_record_is_not_shown(municipal_coordinator, world):
    batch = _batch(municipal_coordinator, _rows())
    row = batches.preview(batch=batch, by=municipal_coordinator).rows[3]
    shown = repr([row.title, row.changes, row.reasons, row.outcome_label])
    assert "Secret" not in shown and "0709999999" not in shown and "secret@" not in shown
    assert row.title == "Från fil"


def test_other_organisation_without_consent_columns_is_an_error(municipal_coordinator, world):
    batch = _batch(municipal_coordinator, [[number(3), "X", "", "", "", "", "", ""]])
    row = batches.preview(batch=batch, by=municipal_coordinator).rows[0]
    assert row.outcome == Outcome.ERROR
    assert "samtycke" in row.reasons[0]


def test_commit_writes_everything_and_forgets_the_file(municipal_coordinator, world):
    batch = _batch(municipal_coordinator, _rows())
    shown = batches.preview(batch=batch, by=municipal_coordinator)
    batches.commit(batch=batch, by=municipal_coordinator, expected=shown.fingerprint)

    new = Participant.objects.get(personal_number=number(10).replace("-", ""))
    assert new.registered_by == municipal_coordinator.organisation
    assert (new.name, new.phone, new.email, new.gender, new.newly_arrived) == (
        "Ny Person",
        "0701234567",
        "ny@example.se",
        "woman",
        True,
    )
    world["own"].refresh_from_db()
    assert world["own"].phone == "0703333333"
    assert world["own"].version == 2
    assert ParticipantEvent.objects.filter(participant=new, kind=EventKind.REGISTERED).exists()
    assert ParticipantEvent.objects.get(participant=world["own"], kind=EventKind.UPDATED).detail
    request = AccessRequest.objects.get(participant=world["theirs"])
    assert request.asking_organisation == municipal_coordinator.organisation
    assert request.consent_method == "in_writing"
    world["theirs"].refresh_from_db()
    assert world["theirs"].name == "Secret Name"
    assert not ImportBatch.objects.exists()
    assert Participant.objects.count() == 4


def test_importing_the_same_file_again_changes_nothing(municipal_coordinator, world):
    rows = [r for r in _rows() if r[1] not in {"Fel Nummer", "Dålig Post", "", "Tolk?"}]
    batch = _batch(municipal_coordinator, rows)
    batches.commit(
        batch=batch,
        by=municipal_coordinator,
        expected=batches.preview(batch=batch, by=municipal_coordinator).fingerprint,
    )
    again = _batch(municipal_coordinator, rows)
    outcomes = {row.outcome for row in batches.preview(batch=again, by=municipal_coordinator).rows}
    assert outcomes <= {Outcome.UNCHANGED, Outcome.DUPLICATE}


def test_commit_refuses_when_a_record_changed_after_the_preview(municipal_coordinator, world):
    batch = _batch(municipal_coordinator, _rows())
    shown = batches.preview(batch=batch, by=municipal_coordinator)
    Participant.objects.filter(pk=world["same"].pk).update(phone="0705555555")
    with pytest.raises(batches.PreviewOutdated):
        batches.commit(batch=batch, by=municipal_coordinator, expected=shown.fingerprint)
    assert not Participant.objects.filter(name="Ny Person").exists()
    assert not AccessRequest.objects.exists()
    assert ImportBatch.objects.filter(pk=batch.pk).exists()


def test_a_failure_during_commit_writes_nothing(municipal_coordinator, world, monkeypatch):
    batch = _batch(municipal_coordinator, _rows())
    shown = batches.preview(batch=batch, by=municipal_coordinator)

    def refuse(**kwargs):
        raise RuntimeError("the access request failed")

    monkeypatch.setattr("participants.access_requests.request_access", refuse)
    with pytest.raises(RuntimeError):
        batches.commit(batch=batch, by=municipal_coordinator, expected=shown.fingerprint)
    assert not Participant.objects.filter(name="Ny Person").exists()
    world["own"].refresh_from_db()
    assert world["own"].phone == "0701111111"


def test_blank_cells_keep_the_stored_value(municipal_coordinator, world):
    batch = _batch(municipal_coordinator, [[number(1), "", "", "", "", "", "", ""]])
    assert batches.preview(batch=batch, by=municipal_coordinator).rows[0].outcome == (
        Outcome.UNCHANGED
    )


def test_a_refused_access_request_at_commit_asks_for_a_new_preview(
    municipal_coordinator, world, monkeypatch
):
    from django.core.exceptions import ValidationError

    batch = _batch(municipal_coordinator, _rows())
    shown = batches.preview(batch=batch, by=municipal_coordinator)

    def already_shared(**kwargs):
        raise ValidationError("The record is already shared with your organisation.")

    monkeypatch.setattr("participants.access_requests.request_access", already_shared)
    with pytest.raises(batches.PreviewOutdated):
        batches.commit(batch=batch, by=municipal_coordinator, expected=shown.fingerprint)
    assert not Participant.objects.filter(name="Ny Person").exists()
