"""The schedule's pages: planning strands, the calendar, attendance; access and audit."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jobbspar.models import AccessLog
from schedule.models import Attendance, Strand, StrandException
from schedule.sessions import sessions_of
from tests.participants.factories import ParticipantFactory
from tests.schedule.factories import StrandFactory, weekly
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tracks.models import State

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 3, 2)


@pytest.fixture
def track():
    return TrackFactory(start_date=MONDAY, weeks=12)


def test_a_coordinator_adds_a_language_strand_and_its_pattern(client, af_coordinator, track):
    client.force_login(af_coordinator)
    response = client.post(
        reverse("schedule:strand_create", kwargs={"pk": track.pk}),
        {
            "kind": "language",
            "language_course": "vocational_swedish",
            "level": "B",
            "responsible": "provider",
            "starts_on": MONDAY.isoformat(),
            "ends_on": (MONDAY + dt.timedelta(weeks=12, days=-3)).isoformat(),
            "place": "Komvux",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    strand = Strand.objects.get(track=track)
    assert response["Location"] == reverse(
        "schedule:pattern_edit", kwargs={"pk": track.pk, "strand_pk": strand.pk}
    )
    response = client.post(response["Location"], {"start_1": "13:00", "end_1": "16:00"})
    assert response.status_code == 302
    page = client.get(reverse("schedule:track_schedule", kwargs={"pk": track.pk}))
    assert "Yrkessvenska B" in page.content.decode()
    # 12 Tuesdays, none of them a holiday in March–May 2026.
    assert page.context["strands"] == [(strand, 12)]


def test_a_strand_outside_the_track_gets_a_clear_message(client, af_coordinator, track):
    client.force_login(af_coordinator)
    response = client.post(
        reverse("schedule:strand_create", kwargs={"pk": track.pk}),
        {
            "kind": "other",
            "name": "Truckkort",
            "responsible": "municipality",
            "starts_on": (MONDAY - dt.timedelta(days=7)).isoformat(),
            "ends_on": MONDAY.isoformat(),
        },
    )
    assert response.status_code == 200
    assert "inom spåret" in response.content.decode()
    assert not Strand.objects.exists()


def test_a_pattern_with_half_a_day_is_refused(client, af_coordinator, track):
    strand = StrandFactory(track=track)
    client.force_login(af_coordinator)
    url = reverse("schedule:pattern_edit", kwargs={"pk": track.pk, "strand_pk": strand.pk})
    response = client.post(url, {"start_0": "08:30", "start_1": "nio"})
    assert response.status_code == 200
    assert not strand.weekdays.exists()
    assert "TT:MM" in response.content.decode()


def test_a_cancelled_day_through_the_page(client, municipal_coordinator, track):
    strand = StrandFactory(track=track)
    weekly(strand, [0])
    client.force_login(municipal_coordinator)
    url = reverse("schedule:exception_add", kwargs={"pk": track.pk, "strand_pk": strand.pk})
    assert client.post(url, {"day": MONDAY.isoformat(), "kind": "cancelled"}).status_code == 302
    refused = client.post(url, {"day": "2026-03-03", "kind": "cancelled"})
    assert "inget pass" in refused.content.decode()
    assert list(StrandException.objects.values_list("day", flat=True)) == [MONDAY]


def test_a_job_coach_reads_the_schedule_but_does_not_plan_it(client, job_coach, track):
    strand = StrandFactory(track=track)
    client.force_login(job_coach)
    assert (
        client.get(reverse("schedule:track_schedule", kwargs={"pk": track.pk})).status_code == 200
    )
    edit = reverse("schedule:strand_edit", kwargs={"pk": track.pk, "strand_pk": strand.pk})
    assert client.get(edit).status_code == 403


def test_another_tracks_strand_is_not_found_under_this_track(client, af_coordinator, track):
    elsewhere = StrandFactory()
    client.force_login(af_coordinator)
    for name in ("strand_edit", "pattern_edit", "attendance_day", "exception_add"):
        url = reverse(f"schedule:{name}", kwargs={"pk": track.pk, "strand_pk": elsewhere.pk})
        assert client.get(url).status_code == 404, name
        assert client.post(url, {}).status_code == 404, name


def test_the_week_view_shows_parallel_strands_and_skips_easter_monday(
    client, af_coordinator, track, django_assert_max_num_queries
):
    training = StrandFactory(track=track, name="Vård och omsorg")
    weekly(training, [0, 1, 2])
    apl = StrandFactory(track=track, kind="apl", name="", responsible="employer")
    weekly(apl, [3, 4], "07:00", "16:00")
    client.force_login(af_coordinator)
    url = reverse("schedule:calendar_week", kwargs={"pk": track.pk})
    response = client.get(url, {"week": "2026-04-08"})
    days = response.context["days"]
    assert [len(column["sessions"]) for column in days] == [0, 1, 1, 1, 1]
    assert response.context["week_number"] == 15
    # Easter week: Good Friday off, and no session on Easter Monday the week after.
    easter = client.get(url, {"week": "2026-04-01"}).context["days"]
    assert [len(column["sessions"]) for column in easter] == [1, 1, 1, 1, 0]
    # The same queries however many strands and weeks.
    for _ in range(3):
        weekly(StrandFactory(track=track, kind="other", name="Körkort"), [1])
    with django_assert_max_num_queries(12):
        assert client.get(url, {"week": "2026-04-08"}).status_code == 200
    with django_assert_max_num_queries(12):
        listed = client.get(reverse("schedule:calendar_list", kwargs={"pk": track.pk}))
    assert len(listed.context["sessions"]) == 36 - 2 + 24 - 2 + 3 * 12


def test_a_bad_week_gets_a_message_not_an_error(client, af_coordinator, track):
    client.force_login(af_coordinator)
    url = reverse("schedule:calendar_week", kwargs={"pk": track.pk})
    response = client.get(url, {"week": "den 3:e"})
    assert response.status_code == 200
    assert "ÅÅÅÅ-MM-DD" in response.content.decode()


@pytest.fixture
def running(track, af, municipality, af_coordinator):
    strand = StrandFactory(track=track)
    weekly(strand, [0, 1, 2])
    seen = TrackParticipantFactory(
        track=track,
        state=State.IN_TRAINING,
        participant=ParticipantFactory(registered_by=af, name="Amal Hassan"),
        nominated_by=af_coordinator,
    )
    unseen = TrackParticipantFactory(
        track=track,
        state=State.IN_TRAINING,
        participant=ParticipantFactory(registered_by=municipality, name="Dolda Person"),
        nominated_by=af_coordinator,
    )
    return strand, seen, unseen


@time_machine.travel(dt.datetime(2026, 3, 10, 12, tzinfo=dt.UTC))
def test_attendance_of_a_day_names_only_people_the_user_may_see_and_logs_the_reads(
    client, af_coordinator, running, track
):
    strand, seen, unseen = running
    client.force_login(af_coordinator)
    url = reverse("schedule:attendance_day", kwargs={"pk": track.pk, "strand_pk": strand.pk})
    response = client.get(url)
    assert response.context["day"] == dt.date(2026, 3, 10)
    html = response.content.decode()
    assert "Amal Hassan" in html
    assert "Dolda Person" not in html
    assert AccessLog.objects.filter(
        user=af_coordinator, object_id=str(seen.participant.pk)
    ).exists()
    assert not AccessLog.objects.filter(object_id=str(unseen.participant.pk)).exists()
    response = client.post(
        f"{url}?day=2026-03-09",
        {
            f"m{seen.pk}-status": "absent_valid",
            f"m{seen.pk}-reason": "authority",
            f"m{seen.pk}-note": "Besök hos Migrationsverket",
            # Someone else's member id in the body is ignored: only shown rows are read.
            f"m{unseen.pk}-status": "present",
        },
    )
    assert response.status_code == 302
    entry = Attendance.objects.get()
    assert (entry.track_participant, entry.day, entry.reason) == (
        seen,
        dt.date(2026, 3, 9),
        "authority",
    )
    assert entry.recorded_by == af_coordinator


@time_machine.travel(dt.datetime(2026, 3, 10, 12, tzinfo=dt.UTC))
def test_invalid_attendance_is_shown_and_nothing_is_saved(client, job_coach, running, track):
    strand, _seen, unseen = running
    # The job coach (the municipality's) may see the municipality's participant only.
    client.force_login(job_coach)
    url = reverse("schedule:attendance_day", kwargs={"pk": track.pk, "strand_pk": strand.pk})
    response = client.post(
        f"{url}?day=2026-03-09",
        {f"m{unseen.pk}-status": "partly", f"m{unseen.pk}-hours_missed": "9"},
    )
    assert response.status_code == 200
    assert "Närvaron sparades inte" in response.content.decode()
    assert not Attendance.objects.exists()
    future = client.post(f"{url}?day=2026-03-16", {f"m{unseen.pk}-status": "present"})
    assert "kan inte registreras i förväg" in future.content.decode()
    assert not Attendance.objects.exists()
    bad_day = client.get(f"{url}?day=igår")
    assert bad_day.status_code == 200
    assert "ÅÅÅÅ-MM-DD" in bad_day.content.decode()


@time_machine.travel(dt.datetime(2026, 3, 31, 12, tzinfo=dt.UTC))
def test_the_monthly_summary_page(client, af_coordinator, running, track):
    strand, seen, unseen = running
    client.force_login(af_coordinator)
    day_url = reverse("schedule:attendance_day", kwargs={"pk": track.pk, "strand_pk": strand.pk})
    client.post(f"{day_url}?day=2026-03-02", {f"m{seen.pk}-status": "present"})
    url = reverse("schedule:attendance_summary", kwargs={"pk": track.pk, "member_pk": seen.pk})
    response = client.get(url, {"month": "2026-03"})
    summary = response.context["summary"]
    # Mon–Wed in March 2026 from the 2nd: 14 days of 6.5 hours.
    assert summary.planned == 91
    assert summary.attended == 6.5
    assert AccessLog.objects.filter(object_id=str(seen.participant.pk), path=url).exists()
    hidden = reverse("schedule:attendance_summary", kwargs={"pk": track.pk, "member_pk": unseen.pk})
    assert client.get(hidden).status_code == 404


@time_machine.travel(dt.datetime(2026, 3, 10, 12, tzinfo=dt.UTC))
def test_a_days_attendance_page_makes_the_same_queries_for_more_participants(
    client, af, af_coordinator, running, track
):
    strand, _seen, _unseen = running
    client.force_login(af_coordinator)
    url = reverse("schedule:attendance_day", kwargs={"pk": track.pk, "strand_pk": strand.pk})
    client.get(url)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    before = queries()
    for _ in range(4):
        TrackParticipantFactory(
            track=track,
            state=State.IN_TRAINING,
            participant=ParticipantFactory(registered_by=af),
            nominated_by=af_coordinator,
        )
    assert queries() == before


@time_machine.travel(dt.datetime(2026, 3, 10, 12, tzinfo=dt.UTC))
def test_a_days_attendance_page_reads_only_what_it_shows(
    client, af_coordinator, job_coach, running, track
):
    """Issue 18: the members' query reads the person's name, not their whole record, and each
    member's entry of the day with it, with the recorder's name and not their whole user row;
    the strand comes with its track, pattern and exceptions in one statement; and the page still
    shows who recorded and who changed an entry."""
    strand, seen, _unseen = running
    af_coordinator.first_name, af_coordinator.last_name = "Åsa", "Registrerare"
    af_coordinator.save()
    Attendance.objects.create(
        strand=strand,
        day=dt.date(2026, 3, 10),
        track_participant=seen,
        status="present",
        recorded_by=job_coach,
        edited_by=af_coordinator,
        edited_at=dt.datetime(2026, 3, 10, 11, tzinfo=dt.UTC),
    )
    client.force_login(af_coordinator)
    url = reverse("schedule:attendance_day", kwargs={"pk": track.pk, "strand_pk": strand.pk})
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    html = response.content.decode()
    assert "Amal Hassan" in html and "Dolda Person" not in html
    assert "Åsa Registrerare" in html
    (row,) = response.context["rows"]
    assert row["entry"].status == "present"
    assert row["entry"].recorded_by == job_coach and row["entry"].edited_by == af_coordinator
    sqls = [query["sql"] for query in captured.captured_queries]
    members = [sql for sql in sqls if sql.startswith('SELECT "tracks_trackparticipant"."id"')]
    assert len(members) == 1
    assert '"participants_participant"."name"' in members[0]
    for column in ("personal_number", "motivation", "match_summary"):
        assert column not in members[0], column
    # The day's entries with their members, under their own rule.
    assert '"schedule_attendance"' in members[0]
    assert '"password"' not in members[0] and '"email"' not in members[0]
    assert not [sql for sql in sqls if sql.startswith('SELECT "schedule_attendance"')]
    strands = [sql for sql in sqls if sql.startswith('SELECT "schedule_strand"."id"')]
    assert len(strands) == 1
    assert all(table in strands[0] for table in ATTENDANCE_STRAND_TABLES)
    assert not [sql for sql in sqls if sql.startswith('SELECT "tracks_track"')]
    assert not [
        sql
        for sql in sqls
        if sql.startswith(('SELECT "schedule_strandweekday"', 'SELECT "schedule_strandexception"'))
    ]
    # The session (with the unread count), the strand, the members, the read log's INSERT.
    assert len(sqls) == ATTENDANCE_PAGE_QUERIES


ATTENDANCE_STRAND_TABLES = (
    '"tracks_track"',
    '"employers_employer"',
    '"schedule_strandweekday"',
    '"schedule_strandexception"',
)
ATTENDANCE_PAGE_QUERIES = 4


@time_machine.travel(dt.datetime(2026, 3, 10, 12, tzinfo=dt.UTC))
def test_the_days_sessions_come_from_the_pattern_read_with_the_strand(
    client, af_coordinator, running, track
):
    """The day's page reads the weekly pattern and the exceptions with the strand: its days (the
    one asked, the previous and the next) are those of sessions_of on a strand loaded on its
    own, with a cancelled day and an extra one."""
    strand, _seen, _unseen = running
    StrandException.objects.create(strand=strand, day=dt.date(2026, 3, 11), kind="cancelled")
    StrandException.objects.create(
        strand=strand,
        day=dt.date(2026, 3, 12),
        kind="extra",
        starts_at=dt.time(9),
        ends_at=dt.time(12),
    )
    client.force_login(af_coordinator)
    url = reverse("schedule:attendance_day", kwargs={"pk": track.pk, "strand_pk": strand.pk})
    response = client.get(url, {"day": "2026-03-10"})
    days = [session.day for session in sessions_of(Strand.objects.get(pk=strand.pk))]
    at = days.index(dt.date(2026, 3, 10))
    assert response.context["session"] is not None
    assert response.context["previous"] == days[at - 1]
    assert response.context["next"] == days[at + 1] == dt.date(2026, 3, 12)
    strand_read = response.context["strand"]
    assert [row.weekday for row in strand_read.weekdays.all()] == [0, 1, 2]
    assert [row.day for row in strand_read.exceptions.all()] == [
        dt.date(2026, 3, 11),
        dt.date(2026, 3, 12),
    ]


@time_machine.travel(dt.datetime(2026, 3, 10, 12, tzinfo=dt.UTC))
def test_a_strand_of_a_track_the_user_may_not_open_is_not_found(
    client, lund_coordinator, af_coordinator, running, track
):
    """The strand is read under strands_for, which holds only for a track the user may open;
    and only under the track the address names."""
    strand, _seen, _unseen = running
    client.force_login(lund_coordinator)
    url = reverse("schedule:attendance_day", kwargs={"pk": track.pk, "strand_pk": strand.pk})
    assert client.get(url).status_code == 404
    other = StrandFactory(track=TrackFactory(start_date=MONDAY, weeks=12))
    client.force_login(af_coordinator)
    own = reverse("schedule:attendance_day", kwargs={"pk": other.track_id, "strand_pk": other.pk})
    assert client.get(own).status_code == 200
    url = reverse("schedule:attendance_day", kwargs={"pk": track.pk, "strand_pk": other.pk})
    assert client.get(url).status_code == 404


def test_a_member_of_another_track_has_no_summary_under_this_track(
    client, af, af_coordinator, track
):
    elsewhere = TrackParticipantFactory(
        participant=ParticipantFactory(registered_by=af), nominated_by=af_coordinator
    )
    client.force_login(af_coordinator)
    url = reverse("schedule:attendance_summary", kwargs={"pk": track.pk, "member_pk": elsewhere.pk})
    assert client.get(url).status_code == 404


def test_the_track_and_member_pages_link_to_the_schedule(client, af_coordinator, track):
    """tracks links to the schedule through the schedule's `track_links` contribution."""
    member = TrackParticipantFactory(
        track=track, participant=ParticipantFactory(registered_by=af_coordinator.organisation)
    )
    client.force_login(af_coordinator)
    page = client.get(reverse("tracks:track_detail", args=[track.pk])).content.decode()
    assert reverse("schedule:track_schedule", kwargs={"pk": track.pk}) in page
    page = client.get(reverse("tracks:member_detail", args=[track.pk, member.pk])).content.decode()
    kwargs = {"pk": track.pk, "member_pk": member.pk}
    assert reverse("schedule:attendance_summary", kwargs=kwargs) in page
