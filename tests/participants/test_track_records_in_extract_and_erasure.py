"""A participant's track records (membership, progress, APL log, follow-ups and their write
history) are in the register extract, and erasure removes the free texts about the person from
them and from their history while the states, dates and answers the statistics need stay."""

import datetime as dt
import json

import pytest
from django.urls import reverse

from tests.participants.factories import ParticipantFactory
from tests.tracks.factories import PhaseFactory, TrackFactory, TrackParticipantFactory
from tracks.models import (
    AplLogComment,
    AplLogEntry,
    FollowUp,
    PhaseProgress,
    State,
    TrackParticipant,
)

pytestmark = pytest.mark.django_db

SECRET = "Berättade om sin sjukdom"


@pytest.fixture
def member(af, af_coordinator):
    participant = ParticipantFactory(registered_by=af, name="Olena Kovalenko")
    track = TrackFactory(name="Vård Söder")
    member = TrackParticipantFactory(
        track=track,
        participant=participant,
        nominated_by=af_coordinator,
        motivation=f"{SECRET} i motiveringen",
        state=State.IN_APL,
    )
    phase = PhaseFactory(track=track)
    PhaseProgress.objects.create(
        track_participant=member, phase=phase, attendance_percent=75, notes=f"{SECRET} i noter"
    )
    progress = PhaseProgress.objects.get(track_participant=member)
    progress.notes = f"{SECRET} igen"
    progress.save()  # a second history row
    entry = AplLogEntry.objects.create(
        track_participant=member,
        week_starting=phase.starts_on,
        mentor=track.mentors.first(),
        work_done=f"{SECRET} gjorde",
        note=f"{SECRET} i APL",
        recorded_by=af_coordinator,
    )
    AplLogComment.objects.create(entry=entry, text=f"{SECRET} kommenterad", author=af_coordinator)
    FollowUp.objects.create(
        track_participant=member,
        months=3,
        due_on=dt.date(2026, 6, 1),
        situation="employed_here",
        not_hired_reason=SECRET,
    )
    return member


def test_the_extract_has_the_track_records_and_their_history(client, af_coordinator, member):
    client.force_login(af_coordinator)
    url = reverse("participants:register_extract", args=[member.participant.pk])
    data = json.loads(client.get(url).content)
    assert [t["track"] for t in data["tracks"]] == ["Vård Söder"]
    assert [p["attendance_percent"] for p in data["track_progress"]] == [75]
    assert [a["note"] for a in data["apl_log"]] == [f"{SECRET} i APL"]
    assert [f["months"] for f in data["follow_ups"]] == [3]
    assert {c["record"] for c in data["changes"]} >= {
        "tracks.TrackParticipantEvent",
        "tracks.PhaseProgressEvent",
        "tracks.AplLogEntryEvent",
        "tracks.FollowUpEvent",
    }
    # Each history row once, even where it references both the participant and the member.
    keys = [(c["record"], c["at"], json.dumps(c["data"], sort_keys=True)) for c in data["changes"]]
    assert len(keys) == len(set(keys))


def _track_history(member) -> str:
    rows = []
    for model in (TrackParticipant, PhaseProgress, AplLogEntry, FollowUp):
        event_model = model.pgh_event_models["update"]
        field = "pgh_obj_id" if model is TrackParticipant else "track_participant_id"
        rows += list(event_model.objects.filter(**{field: member.pk}).values())
    return repr(rows)


def test_erasure_removes_the_free_texts_from_track_records_and_history(
    client, af_coordinator, member
):
    assert SECRET in _track_history(member)
    client.force_login(af_coordinator)
    url = reverse("participants:participant_erase", args=[member.participant.pk])
    assert client.post(url, {"confirm": "on"}).status_code == 302

    member.refresh_from_db()
    assert SECRET not in member.motivation
    assert SECRET not in repr(list(PhaseProgress.objects.values("notes")))
    assert SECRET not in repr(list(AplLogEntry.objects.values("note", "work_done")))
    assert SECRET not in repr(list(AplLogComment.objects.values("text")))
    comment_history = AplLogComment.pgh_event_models["insert"].objects.values("text")
    assert SECRET not in repr(list(comment_history))
    assert SECRET not in repr(list(FollowUp.objects.values("not_hired_reason")))
    assert SECRET not in _track_history(member)
    # What the statistics need stays.
    assert member.state == State.IN_APL
    assert PhaseProgress.objects.get().attendance_percent == 75
    assert FollowUp.objects.get().situation == "employed_here"
