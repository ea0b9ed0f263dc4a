"""APL notes: a deviation reaches the track's coordinators and stands out on the track page; a
note is changed by its author's organisation (with history); a week that has not started is
refused. (Issue 21: a deviation notified nobody and was not highlighted; notes could not be
edited and accepted a future week.)"""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from jobbspar.models import Notification, NotificationKind
from tests.dates import this_monday
from tests.participants.factories import ParticipantFactory
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tracks import phases
from tracks import progress as apl
from tracks.models import AplLogEntry, State

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(af, af_coordinator, municipal_coordinator):
    track = TrackFactory(start_date=this_monday() - dt.timedelta(weeks=9), weeks=12)
    phases.generate_phase_plan(track=track)
    track.coordinators.set([af_coordinator, municipal_coordinator])
    return TrackParticipantFactory(
        track=track, participant=ParticipantFactory(registered_by=af), state=State.IN_APL
    )


def _add(member, by, *, week=None, deviation=False, note="Vecka i APL."):
    return apl.add_apl_log_entry(
        member=member,
        week_starting=week or this_monday(),
        mentor=member.track.mentors.first(),
        note=note,
        deviation=deviation,
        by=by,
    )


def test_a_deviation_notifies_every_coordinator_of_the_track(
    member, af_coordinator, municipal_coordinator
):
    entry = _add(member, af_coordinator, deviation=True, note="Kom inte tre dagar.")
    notes = Notification.objects.filter(kind=NotificationKind.APL_DEVIATION)
    assert {n.recipient for n in notes} == {af_coordinator, municipal_coordinator}
    body = notes.first().body
    assert str(member.pseudonym) in body and member.participant.name not in body
    assert "Kom inte" not in body  # the note itself stays in the system
    assert notes.first().object_id == str(entry.pk)


def test_an_ordinary_note_notifies_nobody(member, af_coordinator):
    _add(member, af_coordinator)
    assert not Notification.objects.filter(kind=NotificationKind.APL_DEVIATION).exists()


def test_the_track_page_tags_the_deviation(client, member, af_coordinator):
    _add(member, af_coordinator, deviation=True)
    client.force_login(af_coordinator)
    body = client.get(reverse("tracks:track_detail", args=[member.track.pk])).content.decode()
    assert "1 deltagare har en APL-anteckning markerad som avvikelse" in body
    assert f"Avvikelse i APL, veckan som börjar {this_monday():%Y-%m-%d}" in body


def test_a_week_that_has_not_started_is_refused(member, af_coordinator):
    with pytest.raises(ValidationError, match="inte börjat"):
        _add(member, af_coordinator, week=this_monday() + dt.timedelta(weeks=1))
    assert not AplLogEntry.objects.exists()


def test_the_authors_organisation_edits_a_note_with_history(
    client, member, af_coordinator, municipal_coordinator
):
    entry = _add(member, af_coordinator)
    colleague_url = reverse("tracks:apl_log_edit", args=[member.track.pk, member.pk, entry.pk])
    with pytest.raises(PermissionDenied):
        apl.edit_apl_log_entry(
            entry=entry,
            mentor=entry.mentor,
            note="Ändrad av fel organisation",
            deviation=False,
            by=municipal_coordinator,
        )
    client.force_login(af_coordinator)
    response = client.post(
        colleague_url, {"mentor": entry.mentor.pk, "note": "Rättad text.", "deviation": "on"}
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.note, entry.deviation, entry.edited_by) == ("Rättad text.", True, af_coordinator)
    events = AplLogEntry.pgh_event_models["update"].objects.filter(pgh_obj_id=entry.pk)
    notes = [(e.pgh_label, e.note) for e in events.order_by("pgh_id")]
    assert notes[0] == ("insert", "Vecka i APL.") and notes[-1] == ("update", "Rättad text.")
    # Marking it as a deviation afterwards tells the coordinators too.
    assert Notification.objects.filter(kind=NotificationKind.APL_DEVIATION).count() == 2
    page = client.get(reverse("tracks:member_detail", args=[member.track.pk, member.pk]))
    assert "Ändrad " in page.content.decode()
