"""The coordinator's and the job coach's first hour on the demo data, at desktop and phone size,
with axe on every page, asserting what the pages say against the rows: meeting times in Swedish
time, the count of "my tracks", the dashboard's lead times, the board, the job coach's
participants and tasks, and the follow-ups explanation. (Issue 21.)"""

import datetime as dt
import re

import pytest
from django.core.management import call_command
from django.utils import formats, timezone

from dashboard.outcomes import Filters, compute
from employers.models import PlanningMeeting
from jobbspar.demo import DEMO_PASSWORD
from jobbspar.local_time import in_stockholm
from jobbspar.models import User
from tests.browser import assert_no_axe_violations, login
from tracks.coaching import coach_overview
from tracks.models import Track, TrackStatus
from tracks.workflow import CLOSED_TRACK_STATUSES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SIZES = ["page", "phone_page"]


def _text(page) -> str:
    return page.locator("main").inner_text()


@pytest.mark.parametrize("size", SIZES)
def test_the_coordinators_first_hour(request, size, settings):
    settings.DEMO_MODE = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    page = request.getfixturevalue(size)
    user = User.objects.get(username="samordnare.af")
    login(page, user.username, DEMO_PASSWORD)

    # Start page: their open tracks, and their meetings at the Swedish wall-clock time.
    assert_no_axe_violations(page)
    start = _text(page)
    open_tracks = Track.objects.filter(coordinators=user).exclude(status__in=CLOSED_TRACK_STATUSES)
    for track in open_tracks:
        assert track.name in start
    meeting = (
        PlanningMeeting.objects.filter(attendee_users=user, ends_at__gte=timezone.now())
        .order_by("starts_at", "id")
        .first()
    )
    local = in_stockholm(meeting.starts_at)
    assert f"{local:%Y-%m-%d %H:%M}" in start
    assert meeting.starts_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M") not in start

    # "Show only my tracks": each track once.
    page.goto(page.base_url + "/tracks/?mine=1")
    assert_no_axe_violations(page)
    mine = Track.objects.filter(coordinators=user).distinct().count()
    assert page.locator("main table tbody tr").count() == mine

    # The dashboard's lead times: what the rows give, never negative.
    page.goto(page.base_url + "/dashboard/")
    assert_no_axe_violations(page)
    timing = compute(Filters()).timing
    assert timing["meeting_to_start"] >= 0 and timing["meeting_to_hire"] >= 0
    figures = _text(page)
    for key in ("meeting_to_start", "meeting_to_hire"):
        days = formats.number_format(round(timing[key]), 0)
        assert f"median {days} dagar ({timing[key + '_n']} jobbspår)" in figures
    assert not re.search(r"median -\d", figures)

    # The running track's board: one entry per member, and the APL phase dates.
    running = Track.objects.get(status=TrackStatus.RUNNING, coordinators=user)
    page.goto(page.base_url + f"/tracks/{running.pk}/")
    assert_no_axe_violations(page)
    assert page.locator("#board li.border").count() == running.participants.count()


@pytest.mark.parametrize("size", SIZES)
def test_the_job_coachs_first_hour(request, size, settings):
    settings.DEMO_MODE = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    page = request.getfixturevalue(size)
    coach = User.objects.get(username="jobbcoach")
    login(page, coach.username, DEMO_PASSWORD)
    assert_no_axe_violations(page)
    overview = coach_overview(coach, today=timezone.localdate())
    start = _text(page)
    count = len(overview.participants)
    assert count > 0
    assert f"{count} deltagare i de pågående jobbspår där du är jobbcoach" in start
    for member in overview.participants:
        assert member.participant.name in start
    for phase in overview.phases_starting:
        assert f"{phase.title} börjar {phase.starts_on:%Y-%m-%d}" in start

    # A participant's page, from the start page.
    first = overview.participants[0]
    page.get_by_role("link", name=first.participant.name).first.click()
    page.wait_for_load_state()
    assert_no_axe_violations(page)
    assert first.participant.name in _text(page)

    # Follow-ups: not theirs, and the page says so and where to go.
    page.goto(page.base_url + "/follow-ups/")
    assert "Uppföljningar av utfall besvaras av samordnarna" in _text(page)
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Dina deltagare och uppgifter (startsidan)").click()
    page.wait_for_load_state()
    assert page.title() == "Start – Jobbspår"
