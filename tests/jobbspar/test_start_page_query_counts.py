"""The coordinator's start page takes the same number of queries for few or many meetings,
action items and tracks (and the notification inbox for few or many notifications)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.dates import today
from tests.employers.factories import (
    ActionItemFactory,
    PlanningMeetingFactory,
    RecruitmentNeedFactory,
)
from tests.participants.factories import ParticipantFactory
from tests.tracks.factories import TrackFactory

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def _ask(participant, by):
    from participants.access_requests import request_access

    request_access(
        participant=participant,
        by=by,
        consent_given_on=today(),
        consent_method="in_writing",
        consent_taken_by="Sara",
        scope="whole_record",
    )


@pytest.mark.parametrize("count", [2, 20])
def test_start_page_queries_do_not_grow(client, af_coordinator, municipal_coordinator, count):
    for _ in range(count):
        meeting = PlanningMeetingFactory(created_by=af_coordinator, need=RecruitmentNeedFactory())
        meeting.attendee_users.add(af_coordinator)
        ActionItemFactory(meeting=meeting, owner=af_coordinator)
        TrackFactory().coordinators.add(af_coordinator)
        # Requests for access to decide, and the coordinator's organisation's own.
        _ask(ParticipantFactory(registered_by=af_coordinator.organisation), municipal_coordinator)
        _ask(ParticipantFactory(registered_by=municipal_coordinator.organisation), af_coordinator)
    client.force_login(af_coordinator)
    assert _queries(client, reverse("home")) == START_PAGE_QUERIES


def test_start_page_shows_each_row_from_the_columns_it_reads(
    client, af_coordinator, municipal_coordinator
):
    """The start page's lists read only the columns they show (no agendas, notes or whole
    participant records): what they show is still there, without a query per row."""
    need = RecruitmentNeedFactory()
    meeting = PlanningMeetingFactory(title="Avstämning Vård", created_by=af_coordinator, need=need)
    ActionItemFactory(meeting=meeting, owner=af_coordinator, description="Ring arbetsgivaren")
    asked = ParticipantFactory(registered_by=af_coordinator.organisation, name="Amina Berg")
    _ask(asked, municipal_coordinator)
    client.force_login(af_coordinator)
    page = client.get(reverse("home")).content.decode()
    for shown in (
        "Avstämning Vård",
        meeting.employer.name,
        need.occupation.name,
        "Ring arbetsgivaren",
        "Amina Berg",
        municipal_coordinator.organisation.name,
    ):
        assert shown in page
    with CaptureQueriesContext(connection) as context:
        client.get(reverse("home"))
    read = " ".join(query["sql"] for query in context.captured_queries)
    for column in (
        '"employers_planningmeeting"."agenda"',
        '"employers_planningmeeting"."minutes"',
        '"participants_participant"."personal_number"',
    ):
        assert column not in read
    assert _queries(client, reverse("home")) == START_PAGE_QUERIES


# Every signed-in page: the session with its user, two-factor device, organisation and unread
# count (one query, jobbspar/sessions.py; the session is saved at most once a minute, not by
# these requests); + meetings, action items, open tracks, requests for access
# to decide and the count of the organisation's own open requests.
START_PAGE_QUERIES = 6
