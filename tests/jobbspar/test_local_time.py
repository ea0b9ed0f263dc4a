"""Every time a person reads is Swedish time (stored UTC, shown Europe/Stockholm), through one
path: `jobbspar.local_time` in Python, Django's converting `|date`/`|time` in templates.

Issue 21: the employer's "what we need from you next" box showed a meeting at 08:00 while the
meetings list, the .ics and the coordinators' pages said 09:00."""

from __future__ import annotations

import datetime as dt
import pathlib
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from jobbspar.local_time import STOCKHOLM, format_date, format_datetime, format_value
from tests.portal.factories import portal_track

ROOT = pathlib.Path(__file__).resolve().parents[2]
APPS = ("jobbspar", "employers", "participants", "tracks", "portal", "dashboard")
# An unusual minute, so the wall-clock time and its UTC form cannot match anything else on a page.
WALL = dt.time(9, 17)


def _meeting_day() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=5)


@pytest.fixture
def meeting(employer_user, af_coordinator):
    track, _ = portal_track(organisation=employer_user.organisation, coordinator=af_coordinator)
    meeting = track.employer.meetings.get()
    starts = dt.datetime.combine(_meeting_day(), WALL, tzinfo=STOCKHOLM)
    meeting.starts_at = starts
    meeting.ends_at = starts + dt.timedelta(hours=1)
    meeting.save()
    meeting.attendee_users.add(af_coordinator)  # so it is on the coordinator's start page
    return meeting


def _utc_text(meeting) -> str:
    return meeting.starts_at.astimezone(dt.UTC).strftime("%H:%M")


def test_the_utc_and_swedish_times_differ_so_the_test_can_fail(meeting):
    assert _utc_text(meeting) != "09:17"


@pytest.mark.parametrize("page", ["portal:home", "portal:track"])
def test_the_employer_sees_the_meeting_in_swedish_time(client, employer_user, meeting, page):
    client.force_login(employer_user)
    track = meeting.need.tracks.get()
    args = [track.pk] if page == "portal:track" else []
    body = client.get(reverse(page, args=args)).content.decode()
    assert "09:17" in body
    assert _utc_text(meeting) not in body


@pytest.mark.parametrize("page", ["employers:meeting_detail", "employers:detail", "start_page"])
def test_the_coordinator_sees_the_meeting_in_swedish_time(client, af_coordinator, meeting, page):
    client.force_login(af_coordinator)
    args = {
        "employers:meeting_detail": [meeting.pk],
        "employers:detail": [meeting.employer.pk],
        "start_page": [],
    }[page]
    url = reverse(page, args=args) if page != "start_page" else "/"
    body = client.get(url).content.decode()
    assert "09:17" in body
    assert _utc_text(meeting) not in body


def test_the_calendar_file_says_swedish_time(client, employer_user, meeting):
    client.force_login(employer_user)
    body = client.get(reverse("portal:meeting_ics", args=[meeting.pk])).content.decode()
    assert f"DTSTART;TZID=Europe/Stockholm:{_meeting_day():%Y%m%d}T091700" in body


def test_the_helpers_convert_an_aware_utc_moment():
    winter = dt.datetime(2026, 12, 7, 8, 17, tzinfo=dt.UTC)
    summer = dt.datetime(2027, 6, 7, 7, 17, tzinfo=dt.UTC)
    assert format_datetime(winter) == "2026-12-07 09:17"
    assert format_datetime(summer) == "2027-06-07 09:17"
    assert format_value(winter) == "2026-12-07 09:17"
    # Just before midnight in UTC is already the next day in Sweden.
    assert format_date(dt.datetime(2026, 12, 7, 23, 30, tzinfo=dt.UTC)) == "2026-12-08"


def test_an_edit_conflict_explains_a_moment_in_swedish_time():
    from django import forms

    from jobbspar.locking import _display

    shown = _display(forms.DateTimeField(), None, dt.datetime(2026, 12, 7, 8, 17, tzinfo=dt.UTC))
    assert shown == "2026-12-07 09:17"


# Files that format birth dates into identity numbers (dates, never moments), and the path itself.
NOT_MOMENTS = {"jobbspar/local_time.py", "participants/identities.py", "participants/retention.py"}


def _python_sources():
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue  # migrations show nothing
            if path.relative_to(ROOT).as_posix() in NOT_MOMENTS:
                continue
            yield path


# Ways to print a moment without converting it: formats.date_format / time_format and strftime
# print the zone the value carries (UTC from the database); f-string format specs likewise.
RAW_FORMATTING = re.compile(r"date_format\(|time_format\(|\.strftime\(|\{[^}]*:%[A-Za-z]")


def test_no_python_code_formats_a_moment_but_through_local_time():
    offenders = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in _python_sources()
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if RAW_FORMATTING.search(line)
    ]
    assert offenders == []


# Template constructs that switch the conversion off or show a moment in another zone.
RAW_TEMPLATE = re.compile(r"localtime off|\|utc\b|\{%\s*timezone\s+\"(?!Europe/Stockholm)")


def test_no_template_turns_the_conversion_off():
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in (ROOT / "templates").rglob("*")
        if path.is_file() and path.suffix in {".html", ".txt", ".ics"}
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if RAW_TEMPLATE.search(line)
    ]
    assert offenders == []


def test_templates_convert_to_stockholm_whatever_the_request_does(settings):
    from django.template import Context, Template

    assert settings.TIME_ZONE == "Europe/Stockholm" and settings.USE_TZ
    moment = dt.datetime(2026, 12, 7, 8, 17, tzinfo=dt.UTC)
    rendered = Template('{{ at|date:"Y-m-d H:i" }} {{ at|time:"H:i" }} {{ at }}').render(
        Context({"at": moment})
    )
    assert rendered.split()[:3] == ["2026-12-07", "09:17", "09:17"]
    assert "08:17" not in rendered
