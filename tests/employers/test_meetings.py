"""Planning meetings: validation, action items, the .ics invitation and the start page."""

import datetime as dt
import zoneinfo

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from employers.models import ActionItem, PlanningMeeting
from tests.employers.factories import (
    ActionItemFactory,
    ContactPersonFactory,
    EmployerFactory,
    PlanningMeetingFactory,
    RecruitmentNeedFactory,
)

pytestmark = pytest.mark.django_db
STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


def test_coordinator_books_a_meeting_in_swedish_time(client, af_coordinator, municipal_coordinator):
    employer = EmployerFactory()
    contact = ContactPersonFactory(employer=employer)
    client.force_login(af_coordinator)
    response = client.post(
        reverse("employers:meeting_create", args=[employer.pk]),
        {
            "title": "Första avstämning",
            "starts_at": "2027-03-29T09:00",
            "ends_at": "2027-03-29T10:30",
            "place": "Södra Förstadsgatan 40",
            "video_link": "",
            "attendee_contacts": [contact.pk],
            "attendee_users": [af_coordinator.pk, municipal_coordinator.pk],
            "agenda": "Behovet",
        },
    )
    meeting = PlanningMeeting.objects.get()
    assert response["Location"] == reverse("employers:meeting_detail", args=[meeting.pk])
    assert meeting.starts_at == dt.datetime(2027, 3, 29, 9, 0, tzinfo=STOCKHOLM)
    assert meeting.starts_at.astimezone(dt.UTC).hour == 7  # summer time, UTC+2
    assert set(meeting.attendee_users.all()) == {af_coordinator, municipal_coordinator}
    assert list(meeting.attendee_contacts.all()) == [contact]
    assert meeting.created_by == af_coordinator


def test_the_meeting_form_lists_an_employers_needs_in_one_query(client, af_coordinator):
    # Each need's label names its employer: without the employer joined, a second need was a
    # query per need (an N+1 error from the detector, found by the authorization matrix).
    employer = EmployerFactory()
    needs = RecruitmentNeedFactory.create_batch(2, employer=employer)
    client.force_login(af_coordinator)
    response = client.get(reverse("employers:meeting_create", args=[employer.pk]))
    assert response.status_code == 200
    choices = [str(need) for need in response.context["form"].fields["need"].queryset]
    assert sorted(choices) == sorted(str(need) for need in needs)


def test_a_meeting_that_ends_before_it_starts_is_refused(client, af_coordinator):
    employer = EmployerFactory()
    client.force_login(af_coordinator)
    response = client.post(
        reverse("employers:meeting_create", args=[employer.pk]),
        {
            "title": "Avstämning",
            "starts_at": "2027-03-29T10:00",
            "ends_at": "2027-03-29T09:00",
            "place": "Malmö",
        },
    )
    html = response.content.decode()
    assert html.count("Mötet måste sluta efter att det har börjat.") == 2
    assert 'value="2027-03-29T10:00"' in html and 'value="Avstämning"' in html
    assert not PlanningMeeting.objects.exists()


def test_the_database_refuses_a_meeting_ending_before_it_starts():
    from django.db import IntegrityError, transaction

    start = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanningMeetingFactory(starts_at=start, ends_at=start - dt.timedelta(minutes=1))


def test_an_action_item_without_owner_is_refused(client, af_coordinator):
    meeting = PlanningMeetingFactory()
    client.force_login(af_coordinator)
    url = reverse("employers:action_item_create", args=[meeting.pk])
    response = client.post(url, {"description": "Boka lokal", "due_date": "2027-01-10"})
    html = response.content.decode()
    assert html.count("Välj vem som är ansvarig för åtgärden.") == 2
    assert 'value="Boka lokal"' in html and 'value="2027-01-10"' in html
    assert not ActionItem.objects.exists()
    response = client.post(
        url, {"description": "Boka lokal", "due_date": "2027-01-10", "owner": af_coordinator.pk}
    )
    assert response.status_code == 302
    item = ActionItem.objects.get()
    client.post(reverse("employers:action_item_toggle", args=[item.pk]), {"done": "1"})
    item.refresh_from_db()
    assert item.done


def test_another_employers_user_cannot_own_an_action_item(
    client, af_coordinator, other_employer_user
):
    meeting = PlanningMeetingFactory()
    client.force_login(af_coordinator)
    response = client.post(
        reverse("employers:action_item_create", args=[meeting.pk]),
        {"description": "Boka lokal", "due_date": "2027-01-10", "owner": other_employer_user.pk},
    )
    assert "Välj vem som är ansvarig för åtgärden." in response.content.decode()


def test_ics_invitation_is_rfc5545_with_stockholm_time_zone(client, job_coach):
    meeting = PlanningMeetingFactory(
        title="Avstämning kravprofil",
        starts_at=dt.datetime(2027, 7, 1, 9, 0, tzinfo=STOCKHOLM),
        ends_at=dt.datetime(2027, 7, 1, 10, 0, tzinfo=STOCKHOLM),
        video_link="https://meet.example/abc",
        agenda="1. Kravprofil",
    )
    client.force_login(job_coach)
    response = client.get(reverse("employers:meeting_ics", args=[meeting.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    calendar = icalendar.Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    timezones = calendar.walk("VTIMEZONE")
    assert [str(tz["TZID"]) for tz in timezones] == ["Europe/Stockholm"]
    (event,) = calendar.walk("VEVENT")
    assert event["UID"] and event["DTSTAMP"]
    assert event["DTSTART"].params["TZID"] == "Europe/Stockholm"
    start = event.decoded("DTSTART")
    assert start == dt.datetime(2027, 7, 1, 9, 0, tzinfo=STOCKHOLM)
    assert start.utcoffset() == dt.timedelta(hours=2)  # summer time
    assert event.decoded("DTEND") - start == dt.timedelta(hours=1)
    assert "Avstämning kravprofil" in str(event["SUMMARY"])
    assert "https://meet.example/abc" in str(event["LOCATION"])
    assert b"DTSTART;TZID=Europe/Stockholm:20270701T090000" in response.content


def test_start_page_lists_upcoming_meetings_and_open_action_items(client, af_coordinator):
    upcoming = PlanningMeetingFactory(title="Kommande avstämning")
    upcoming.attendee_users.add(af_coordinator)
    past = PlanningMeetingFactory(
        title="Gammal avstämning",
        starts_at=timezone.now() - dt.timedelta(days=10),
        ends_at=timezone.now() - dt.timedelta(days=10, hours=-1),
    )
    past.attendee_users.add(af_coordinator)
    ActionItemFactory(meeting=past, owner=af_coordinator, description="Skicka protokollet")
    ActionItemFactory(meeting=past, owner=af_coordinator, description="Klar sak", done=True)
    client.force_login(af_coordinator)
    html = client.get(reverse("home")).content.decode()
    assert "Kommande avstämning" in html and "Gammal avstämning</a>" not in html
    assert "Skicka protokollet" in html and "Klar sak" not in html


@pytest.mark.parametrize("rows", [3, 30])
def test_start_page_query_count_is_constant(
    client, af_coordinator, django_assert_num_queries, rows
):
    for _ in range(rows):
        meeting = PlanningMeetingFactory()
        meeting.attendee_users.add(af_coordinator)
        ActionItemFactory(meeting=meeting, owner=af_coordinator)
    client.force_login(af_coordinator)
    client.get(reverse("home"))
    with django_assert_num_queries(6):  # + open tracks, access requests to decide and made
        client.get(reverse("home"))


@pytest.mark.parametrize("rows", [3, 30])
def test_meeting_page_query_count_is_constant(
    client, af_coordinator, django_assert_num_queries, rows
):
    meeting = PlanningMeetingFactory()
    ActionItemFactory.create_batch(rows, meeting=meeting, owner=af_coordinator)
    meeting.attendee_contacts.set(
        ContactPersonFactory.create_batch(rows, employer=meeting.employer)
    )
    client.force_login(af_coordinator)
    client.get(reverse("employers:meeting_detail", args=[meeting.pk]))
    with django_assert_num_queries(6):  # session, user, device, organisation, unread in one
        client.get(reverse("employers:meeting_detail", args=[meeting.pk]))


def test_start_page_items_are_escaped_linked_and_in_local_time(client, af_coordinator):
    """The start page's meetings, action items and tracks are written by the apps' home modules
    (issue 18): each value escaped, each linked, a meeting's start in Swedish time."""
    from tests.tracks.factories import TrackFactory

    meeting = PlanningMeetingFactory(
        title='<b>Möte & "x"</b>',
        starts_at=dt.datetime(2027, 6, 1, 7, 30, tzinfo=dt.UTC),
        ends_at=dt.datetime(2027, 6, 1, 8, 30, tzinfo=dt.UTC),
    )
    meeting.attendee_users.add(af_coordinator)
    ActionItemFactory(
        meeting=meeting,
        owner=af_coordinator,
        description="<i>Ring</i>",
        due_date=dt.date(2027, 5, 20),
    )
    track = TrackFactory(name="<u>Spår</u>", start_date=dt.date(2027, 3, 1))
    track.coordinators.add(af_coordinator)
    client.force_login(af_coordinator)
    html = client.get(reverse("home"), headers={"Accept-Language": "sv"}).content.decode()
    assert "<b>" not in html and "<i>Ring" not in html and "<u>" not in html
    link = reverse("employers:meeting_detail", args=[meeting.pk])
    title = "&lt;b&gt;Möte &amp; &quot;x&quot;&lt;/b&gt;"
    assert f'<li><a href="{link}">{title}</a> – {meeting.employer.name}, 2027-06-01 09:30' in html
    assert (
        f'<tr><td>&lt;i&gt;Ring&lt;/i&gt;</td><td>2027-05-20</td><td><a href="{link}">{title}, '
        in html
    )
    track_link = reverse("tracks:track_detail", args=[track.pk])
    name = "&lt;u&gt;Spår&lt;/u&gt;"
    assert f'<li><a href="{track_link}">{name}</a> – {track.employer.name}, 2027-03-01 (' in html
    assert f"({track.get_status_display()})</li>" in html
