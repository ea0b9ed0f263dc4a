"""Retention and erasure: inactive participants are anonymised in the record and its history,
statistics and the access log are kept; a dry run only lists them. On a frozen clock."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from jobbspar.audit import log_read, reads_of
from jobbspar.identity import luhn_ok
from jobbspar.models import AccessPurpose
from participants import retention
from participants.models import CaseNote, Participant
from participants.tasks import run_retention
from tests.participants.factories import CaseNoteFactory, ConsentFactory, ParticipantFactory

pytestmark = pytest.mark.django_db

START = dt.datetime(2024, 1, 10, 9, 0, tzinfo=dt.UTC)
CANARY = "Zlatan Canarysson"


@pytest.fixture
def old_and_recent(af, af_coordinator):
    with time_machine.travel(START, tick=False):
        old = ParticipantFactory(
            registered_by=af,
            name=CANARY,
            phone="0709998877",
            email="zlatan@example.se",
            gender="man",
            newly_arrived=True,
            receives_income_support=True,
        )
        CaseNoteFactory(participant=old, author=af_coordinator, text="Hemlig anteckning")
        Participant.objects.filter(pk=old.pk).update(phone="0709998878")  # a history row
        log_read(user=af_coordinator, obj=old, purpose=AccessPurpose.CASE_WORK)
    with time_machine.travel(START + dt.timedelta(days=700), tick=False):
        recent = ParticipantFactory(registered_by=af, name="Aktiv Person")
    return old, recent


def _everything_in_history(participant_pk: int) -> str:
    event_model = Participant.pgh_event_models["update"]
    note_model = CaseNote.pgh_event_models["update"]
    rows = list(event_model.objects.filter(pgh_obj_id=participant_pk).values())
    rows += list(note_model.objects.filter(participant_id=participant_pk).values())
    return repr(rows)


def test_dry_run_lists_without_changing(old_and_recent, settings):
    settings.PARTICIPANT_RETENTION_MONTHS = 24
    old, _recent = old_and_recent
    with time_machine.travel(START + dt.timedelta(days=740), tick=False):
        candidates = retention.run_retention(dry_run=True)
    assert [c.participant_id for c in candidates] == [old.pk]
    old.refresh_from_db()
    assert old.name == CANARY and old.anonymised_at is None


def test_inactive_participants_are_anonymised_in_record_and_history(
    old_and_recent, settings, af_coordinator
):
    settings.PARTICIPANT_RETENTION_MONTHS = 24
    old, recent = old_and_recent
    old_number = old.personal_number
    with time_machine.travel(START + dt.timedelta(days=740), tick=False):
        assert run_retention() == 1
        assert run_retention() == 0  # idempotent
    old.refresh_from_db()
    recent.refresh_from_db()
    assert recent.name == "Aktiv Person" and recent.anonymised_at is None
    assert old.anonymised_at is not None
    assert old.name == f"Anonymiserad deltagare {old.pk}"
    assert (old.phone, old.email) == ("", "")
    assert old.personal_number[:4] == old_number[:4]  # birth year kept for statistics
    assert not luhn_ok(old.personal_number[2:])  # never a real personnummer
    # Statistics kept.
    assert (old.gender, old.newly_arrived, old.receives_income_support) == ("man", True, True)
    assert not CaseNote.objects.filter(participant=old).exists()
    history = _everything_in_history(old.pk)
    for secret in (CANARY, "0709998877", "0709998878", "zlatan@example.se", old_number):
        assert secret not in history
    assert "Hemlig anteckning" not in history
    # The access log is kept, pointing at the anonymised record.
    assert [r.user for r in reads_of(old)] == [af_coordinator]


def test_a_shorter_period_from_the_setting(old_and_recent, settings):
    settings.PARTICIPANT_RETENTION_MONTHS = 6
    old, recent = old_and_recent
    with time_machine.travel(START + dt.timedelta(days=900), tick=False):
        ids = {c.participant_id for c in retention.run_retention(dry_run=True)}
    assert ids == {old.pk, recent.pk}


def test_management_command_dry_run_reports(old_and_recent, settings, capsys):
    settings.PARTICIPANT_RETENTION_MONTHS = 24
    old, _recent = old_and_recent
    with time_machine.travel(START + dt.timedelta(days=740), tick=False):
        call_command("anonymise_inactive", "--dry-run")
    out = capsys.readouterr().out
    assert "Would anonymise 1 participant(s)" in out
    assert f"participant {old.pk} " in out
    assert CANARY not in out
    old.refresh_from_db()
    assert old.anonymised_at is None


def test_beat_runs_the_retention_job_daily(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["participant-retention"]
    assert entry["task"] == run_retention.name


def test_erasure_on_request_needs_confirmation(client, af_coordinator, af):
    participant = ParticipantFactory(registered_by=af, name=CANARY)
    url = reverse("participants:participant_erase", args=[participant.pk])
    client.force_login(af_coordinator)
    response = client.post(url, {})
    assert "Kryssa i rutan för att bekräfta raderingen." in response.content.decode()
    participant.refresh_from_db()
    assert participant.name == CANARY
    response = client.post(url, {"confirm": "on"})
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.anonymised_at is not None
    assert CANARY not in _everything_in_history(participant.pk)
    page = client.get(participant.get_absolute_url()).content.decode()
    assert CANARY not in page


def test_only_the_registering_organisation_may_erase(
    client, municipal_coordinator, af, municipality
):

    participant = ParticipantFactory(registered_by=af, name=CANARY)
    ConsentFactory(participant=participant, shared_with=municipality)
    client.force_login(municipal_coordinator)
    url = reverse("participants:participant_erase", args=[participant.pk])
    assert client.post(url, {"confirm": "on"}).status_code == 403
    participant.refresh_from_db()
    assert participant.anonymised_at is None
