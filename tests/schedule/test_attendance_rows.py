"""The day's attendance rows are written by the view (schedule.attendance_views, issue 18): each
input labelled for screen readers with the person's name, what was recorded and changed by whom,
every value escaped, and a refused entry kept as typed with the field marked invalid."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from schedule.models import Attendance
from tests.jobbspar.factories import UserFactory
from tests.participants.factories import ParticipantFactory
from tests.schedule.factories import StrandFactory, weekly
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tracks.models import State

pytestmark = pytest.mark.django_db

NAME = '<i>Ann & "B"</i>'
ESCAPED = "&lt;i&gt;Ann &amp; &quot;B&quot;&lt;/i&gt;"


@pytest.fixture
def day(af, af_coordinator):
    track = TrackFactory(start_date=dt.date(2026, 3, 2), weeks=12)
    strand = StrandFactory(track=track)
    weekly(strand, [0, 1, 2])
    member = TrackParticipantFactory(
        track=track,
        state=State.IN_TRAINING,
        participant=ParticipantFactory(registered_by=af, name=NAME),
        nominated_by=af_coordinator,
    )
    url = reverse("schedule:attendance_day", kwargs={"pk": track.pk, "strand_pk": strand.pk})
    return track, strand, member, f"{url}?day=2026-03-09"


def _row(html: str, member) -> str:
    rows = [r for r in re.findall(r"<tr>.*?</tr>", html, flags=re.DOTALL) if f"m{member.pk}-" in r]
    assert len(rows) == 1, html
    return rows[0]


@time_machine.travel(dt.datetime(2026, 3, 10, 12, tzinfo=dt.UTC))
def test_a_recorded_and_changed_row(client, af_coordinator, day):
    track, strand, member, url = day
    editor = UserFactory(username="redigerare", first_name="Eva", last_name="<Ek>")
    Attendance.objects.create(
        strand=strand,
        day=dt.date(2026, 3, 9),
        track_participant=member,
        status="absent_valid",
        reason="authority",
        note='Besök "M" & <b>',
        recorded_by=af_coordinator,
        edited_by=editor,
        edited_at=dt.datetime(2026, 3, 9, 15, 30, tzinfo=dt.UTC),
    )
    client.force_login(af_coordinator)
    html = client.get(url, headers={"Accept-Language": "sv"}).content.decode()
    assert NAME not in html and "<b>" not in html and "<Ek>" not in html
    row = _row(html, member)
    summary = reverse("schedule:attendance_summary", args=[track.pk, member.pk])
    assert f'<th scope="row"><a href="{summary}">{ESCAPED}</a></th>' in row
    for field, label in (
        ("status", "Närvaro för"),
        ("reason", "Orsak till frånvaro för"),
        ("hours_missed", "Frånvarande timmar för"),
        ("note", "Anteckning om"),
    ):
        target = f"id_m{member.pk}-{field}"
        assert f'<label class="visually-hidden" for="{target}">{label} {ESCAPED}</label>' in row
    assert '<option value="absent_valid" selected>' in row
    assert '<option value="authority" selected>' in row
    assert 'value="Besök &quot;M&quot; &amp; &lt;b&gt;"' in row
    recorder = af_coordinator.get_full_name() or af_coordinator.username
    assert re.search(rf"\d{{4}}-\d\d-\d\d \d\d:\d\d av {re.escape(recorder)}<br>", row)
    assert "Ändrad 2026-03-09 16:30 av Eva &lt;Ek&gt;</td>" in row


@time_machine.travel(dt.datetime(2026, 3, 10, 12, tzinfo=dt.UTC))
def test_an_unrecorded_row_and_a_refused_entry_kept_as_typed(client, af_coordinator, day):
    _track, _strand, member, url = day
    client.force_login(af_coordinator)
    row = _row(client.get(url).content.decode(), member)
    assert '<td class="small">–</td>' in row
    refused = client.post(
        url, {f"m{member.pk}-status": "partly", f"m{member.pk}-hours_missed": "9,5x"}
    )
    assert refused.status_code == 200
    row = _row(refused.content.decode(), member)
    assert '<option value="partly" selected>' in row
    assert 'value="9,5x"' in row
    assert re.search(r'<input[^>]*name="m\d+-hours_missed"[^>]*aria-invalid="true"', row)
    assert not Attendance.objects.exists()


@time_machine.travel(dt.datetime(2026, 3, 10, 12, tzinfo=dt.UTC))
def test_an_entry_whose_recorder_was_removed(client, af_coordinator, day):
    _track, strand, member, url = day
    Attendance.objects.create(
        strand=strand,
        day=dt.date(2026, 3, 9),
        track_participant=member,
        status="present",
        recorded_by=None,
    )
    client.force_login(af_coordinator)
    row = _row(client.get(url).content.decode(), member)
    assert re.search(r'<td class="small">\d{4}-\d\d-\d\d \d\d:\d\d av </td>', row)
