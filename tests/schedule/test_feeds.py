"""The track's `.ics` file for staff, the employer's APL days (page and `.ics`: APL only, their
own tracks only, nobody named) and the participant's printable schedule; parsed and counted by
hand over Easter, 1 May and Ascension Day 2026."""

import datetime as dt

import icalendar
import pytest
from django.urls import reverse

from jobbspar.models import AccessLog
from schedule.models import StrandKind
from tests.employers.factories import EmployerFactory
from tests.portal.factories import employer_of
from tests.schedule.factories import StrandFactory, weekly
from tests.tracks.factories import TrackFactory

pytestmark = pytest.mark.django_db

# Monday 30 March 2026, 7 weeks to Sunday 17 May: Good Friday 3 April, Easter Monday 6 April,
# 1 May (a Friday) and Ascension Day 14 May (a Thursday) fall inside.
START = dt.date(2026, 3, 30)
HOLIDAYS = {dt.date(2026, 4, 3), dt.date(2026, 4, 6), dt.date(2026, 5, 1), dt.date(2026, 5, 14)}


def _plan(track):
    training = StrandFactory(track=track, name="Lager och logistik", place="Komvux Malmö")
    weekly(training, [0, 1, 2], "08:30", "15:00")
    apl = StrandFactory(
        track=track, kind=StrandKind.APL, name="", responsible="employer", place="Lagret, Hamnen"
    )
    weekly(apl, [3, 4], "07:00", "16:00")
    return training, apl


@pytest.fixture
def track(employer_org, af, af_coordinator):
    track = TrackFactory(employer=employer_of(employer_org), start_date=START, weeks=7)
    _plan(track)
    return track


def _events(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    return calendar.walk("VEVENT")


def test_the_staff_calendar_has_every_session_and_no_holiday(client, af_coordinator, track, member):
    client.force_login(af_coordinator)
    response = client.get(reverse("schedule:calendar_ics", kwargs={"pk": track.pk}))
    events = _events(response)
    # Training Monday–Wednesday: 21 less Easter Monday; APL Thursday–Friday: 14 less Good
    # Friday, 1 May and Ascension Day.
    assert len(events) == 20 + 11
    starts = [event.decoded("dtstart") for event in events]
    assert not {start.date() for start in starts} & HOLIDAYS
    assert len({str(event["uid"]) for event in events}) == len(events)
    thursday = next(e for e in events if e.decoded("dtstart").date() == dt.date(2026, 4, 2))
    assert thursday["dtstart"].params["TZID"] == "Europe/Stockholm"
    assert thursday.decoded("dtstart").utcoffset() == dt.timedelta(hours=2)  # summer time
    assert (thursday.decoded("dtstart").time(), thursday.decoded("dtend").time()) == (
        dt.time(7),
        dt.time(16),
    )
    assert str(thursday["location"]) == "Lagret, Hamnen"
    assert "Lager och logistik" in {str(e["summary"]).split(" – ")[0] for e in events}
    # The calendar names no participant.
    assert b"Amal Hassan" not in response.content
    assert member.participant.personal_number.encode() not in response.content


def test_the_employer_gets_only_the_apl_days_of_their_own_track(
    client, employer_user, track, member
):
    client.force_login(employer_user)
    response = client.get(reverse("schedule:employer_calendar_ics", kwargs={"pk": track.pk}))
    events = _events(response)
    assert len(events) == 11
    assert {e.decoded("dtstart").weekday() for e in events} == {3, 4}
    assert not {e.decoded("dtstart").date() for e in events} & HOLIDAYS
    assert b"Lager och logistik" not in response.content
    assert b"Amal Hassan" not in response.content
    assert member.participant.personal_number.encode() not in response.content


def test_another_employers_track_is_not_found(client, other_employer_user, track):
    client.force_login(other_employer_user)
    url = reverse("schedule:employer_calendar_ics", kwargs={"pk": track.pk})
    assert client.get(url).status_code == 404
    page = client.get(reverse("schedule:employer_apl"))
    assert track.name not in page.content.decode()


def test_the_employer_page_lists_their_apl_days(client, employer_user, track):
    other = TrackFactory(employer=EmployerFactory(), start_date=START, weeks=7)
    _plan(other)
    client.force_login(employer_user)
    page = client.get(reverse("schedule:employer_apl"))
    content = page.content.decode()
    assert track.name in content and other.name not in content
    assert [
        (row["track"], [count for _, count in row["strands"]]) for row in page.context["rows"]
    ] == [(track, [11])]
    assert "Lager och logistik" not in content


def test_the_participants_schedule_prints_every_session_by_week(
    client, af_coordinator, track, member
):
    client.force_login(af_coordinator)
    url = reverse("schedule:member_schedule", kwargs={"pk": track.pk, "member_pk": member.pk})
    page = client.get(url)
    assert page.status_code == 200
    content = page.content.decode()
    assert "Schema för Amal Hassan" in content
    weeks = page.context["weeks"]
    assert [week["number"] for week in weeks] == [14, 15, 16, 17, 18, 19, 20]
    assert page.context["session_count"] == 31
    # Easter week: Monday–Wednesday training, Thursday APL, Good Friday nothing.
    assert [session.day.isoformat() for session, _ in weeks[0]["sessions"]] == [
        "2026-03-30",
        "2026-03-31",
        "2026-04-01",
        "2026-04-02",
    ]
    assert AccessLog.objects.filter(user=af_coordinator, path=url).count() == 1
