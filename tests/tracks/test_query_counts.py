"""The track page, its pool and board, the track list and the matching results take the same
number of queries for 5 and for 50 rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.employers.factories import CriterionFactory
from tests.participants.factories import ParticipantFactory, WorkExperienceFactory, occupation
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tracks import phases
from tracks.models import FundingSource, State

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def _criteria(track):
    version = track.profile_version
    CriterionFactory(version=version, kind="swedish", mode="required", swedish_level="none")
    CriterionFactory(version=version, kind="certificate", mode="trained", certificate="hygiene")
    CriterionFactory(
        version=version,
        kind="experience",
        mode="trained",
        swedish_level="",
        experience_months=6,
        experience_occupation=occupation("5321"),
        weight=3,
    )


@pytest.mark.parametrize("count", [5, 50])
def test_track_page_queries_do_not_grow(client, af, af_coordinator, count):
    track = TrackFactory()
    phases.generate_phase_plan(track=track)
    FundingSource.objects.create(track=track, source="jobbpakten", amount=100000)
    states = list(State)
    for n in range(count):
        state = states[n % 5]  # nominated .. not selected
        TrackParticipantFactory(
            track=track,
            participant=ParticipantFactory(registered_by=af),
            state=state,
            reason="Skäl" if state == State.NOT_SELECTED else "",
        )
    client.force_login(af_coordinator)
    assert _queries(client, track.get_absolute_url()) == TRACK_PAGE_QUERIES


@pytest.mark.parametrize("count", [5, 50])
def test_find_candidates_queries_do_not_grow(client, af, af_coordinator, count):
    track = TrackFactory()
    _criteria(track)
    for _ in range(count):
        person = ParticipantFactory(registered_by=af, certificates=["hygiene"])
        WorkExperienceFactory(participant=person, occupation=occupation("5321"), months=12)
    client.force_login(af_coordinator)
    url = reverse("tracks:find_candidates", args=[track.pk]) + "?include_blocked=on"
    assert _queries(client, url) == MATCHING_QUERIES


@pytest.mark.parametrize("count", [5, 50])
def test_track_list_queries_do_not_grow(client, af_coordinator, count):
    for _ in range(count):
        TrackFactory()
    client.force_login(af_coordinator)
    assert _queries(client, reverse("tracks:track_list")) == LIST_QUERIES


def test_the_track_list_reads_only_the_columns_it_shows(client, af_coordinator):
    track = TrackFactory(name="Lagerspåret")
    client.force_login(af_coordinator)
    with CaptureQueriesContext(connection) as context:
        response = client.get(reverse("tracks:track_list"))
    shown = response.context["tracks"][0]
    assert shown.pk == track.pk
    # The row and its employer carry what the table shows; the need, its occupation and the
    # track's other columns are neither joined nor read.
    left_out = {"need_id", "partnership_id", "planned_participants", "created_at"}
    assert left_out <= shown.get_deferred_fields()
    assert "organisation_number" in shown.employer.get_deferred_fields()
    page = next(q["sql"] for q in context.captured_queries if '"tracks_track"."name"' in q["sql"])
    assert "employers_recruitmentneed" not in page and "occupation" not in page
    body = response.content.decode()
    assert "Lagerspåret" in body and track.employer.name in body
    assert track.start_date.isoformat() in body and track.get_status_display() in body


# Every signed-in page: the session with its user, two-factor device, organisation and unread
# count (one query, jobbspar/sessions.py); the session is renewed at most once a minute, not by
# these requests.
# Track page: + track (with what the page shows of it: the shortage-occupation entry that applies
# to its occupation in the partnership's region at the start, its phases, funding and mentors and
# its need's planning meetings, its coordinators and job coaches), pool (which carries the states
# each member reached: the key numbers are counted from it), the need's newest agreement (these
# tracks have none fixed at creation), and the schedule's strands with their attendance counts
# (tests/schedule/test_rates.py).
TRACK_PAGE_QUERIES = 5
# Matching: + track (with its profile's criteria), and the page, which carries the count
# (COUNT(*) OVER (): ranking reads every candidate anyway, so a separate COUNT(*) would read them
# all a second time).
MATCHING_QUERIES = 3
# List: + count, page.
LIST_QUERIES = 3
