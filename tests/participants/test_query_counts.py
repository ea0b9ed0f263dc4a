"""List and detail pages take the same number of queries for few or many records."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from participants.models import AccessRequest
from tests.participants.factories import (
    CaseNoteFactory,
    ConsentFactory,
    ParticipantFactory,
    PlanItemFactory,
    WorkExperienceFactory,
    occupation,
)

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("count", [3, 30])
def test_list_queries_do_not_grow(client, municipal_coordinator, af, municipality, count):
    for _ in range(count):
        participant = ParticipantFactory(registered_by=municipality)
        participant.coordinator = municipal_coordinator
        participant.save()
        shared = ParticipantFactory(registered_by=af)
        ConsentFactory(participant=shared, shared_with=municipality)
    client.force_login(municipal_coordinator)
    url = reverse("participants:participant_list")
    client.get(url)  # warm the session
    assert _queries(client, url) == LIST_QUERIES


@pytest.mark.parametrize("count", [1, 10])
def test_detail_queries_do_not_grow(client, af_coordinator, af, municipality, count):
    participant = ParticipantFactory(registered_by=af, coordinator=af_coordinator)
    participant.interests.set([occupation("5321"), occupation("8331")][: 1 + count % 2])
    for _ in range(count):
        CaseNoteFactory(participant=participant, author=af_coordinator)
        PlanItemFactory(participant=participant, created_by=af_coordinator)
        WorkExperienceFactory(participant=participant)
        ConsentFactory(participant=participant, shared_with=municipality)
        AccessRequest.objects.create(
            participant=participant,
            asking_organisation=municipality,
            asked_by=af_coordinator,
            consent_given_on=participant.created_at.date(),
            consent_method="in_writing",
            consent_taken_by="Sara",
            scope="whole_record",
            status="withdrawn",
            decided_at=participant.created_at,
            decided_by=af_coordinator,
        )
    client.force_login(af_coordinator)
    url = participant.get_absolute_url()
    client.get(url)
    assert _queries(client, url) == DETAIL_QUERIES


# Both: the session with its user, two-factor device, organisation and unread count (one query,
# jobbspar/sessions.py; no session save: the session is renewed at most once a minute).
# List: + count, the page's ids, those rows. The search form's three long choice lists
# (authorities, coordinators, occupations) are the same for everyone and read once per process
# (ValuesChoiceField(shared=True)), not per page.
LIST_QUERIES = 4
# Detail: + participant (with their languages, experience, plan, consents, latest history,
# requests for access and interests: jobbspar/database/nested.py), notes, the logged read, who
# has viewed the record, the tracks section.
DETAIL_QUERIES = 6
