"""Schemathesis against the live OpenAPI schema (`/api/v1/schema/`): every operation, for every
client kind, through Django's own WSGI handler in the test's transaction. Each answer must be
no 5xx, conform to the schema (status, content type, headers, body) and hold nothing outside
the client's scope: the people and tracks planted outside it never appear in any answer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from api.models import ApiScope
from jobbspar.models import Role
from jobbspar.scoping import unscoped
from participants.models import Participant
from tests.api.factories import auth, make_client
from tests.canary.canary import CANARY_NUMBER, INCOME_SUPPORT, _canary_patterns
from tests.participants.factories import ConsentFactory, ParticipantFactory
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tracks.models import FollowUp

READ_SCOPES = [scope for scope in ApiScope.values if scope.endswith(":read")]

# (organisation fixture, role, scopes): every kind of client the admin can create, and one that
# may only read.
CLIENT_KINDS = {
    "af-coordinator": ("af", Role.AF_COORDINATOR, None),
    "municipal-coordinator": ("municipality", Role.MUNICIPAL_COORDINATOR, None),
    "job-coach": ("municipality", Role.JOB_COACH, None),
    "read-only": ("af", Role.AF_COORDINATOR, READ_SCOPES),
}


# Reads whose query is checked by a Django form with rules a schema cannot say (the dashboard's
# filters: a year or a period, not both; an employer named by text that must match exactly one;
# a track of that employer; a known SSYK code): a schema-valid combination the form refuses is a
# 400 naming the field, as on the page. Every other check still holds for them.
FORM_VALIDATED_READS = ("/dashboard/",)


class InTestTransaction:
    """Django's WSGI handler as its test client runs it: the request may not close the test's
    database connection (which would end the transaction the test's data lives in)."""

    def __init__(self) -> None:
        self.handler = WSGIHandler()

    def __call__(self, environ, start_response):
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = self.handler(environ, start_response)
            body = b"".join(response)
            response.close()
            return [body]
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)


@dataclass
class World:
    key: str
    ids: list[int]
    forbidden: list[str] = field(default_factory=list)


@pytest.fixture(params=sorted(CLIENT_KINDS))
def world(request, settings, other_partnership):
    settings.API_RATE = "100000/min"  # the fuzzing is not the rate limit's test
    organisation, role, scopes = CLIENT_KINDS[request.param]
    own = request.getfixturevalue(organisation)
    af, municipality = request.getfixturevalue("af"), request.getfixturevalue("municipality")
    other = municipality if own == af else af
    _, key = make_client(own, role=role, scopes=scopes)
    # In scope: a track of the client's partnership with people of both organisations.
    track = TrackFactory(name="Bussförare Malmö")
    mine = ParticipantFactory(registered_by=own, name="Egen Deltagare")
    shared = ParticipantFactory(registered_by=other, name="Delad Deltagare")
    ConsentFactory(participant=shared, shared_with=own)
    # Outside it: a person of the other organisation shared with no one (in the same pool, so
    # only by pseudonym), a track and a person of another partnership, the canary's number.
    hidden = ParticipantFactory(
        registered_by=other, name="Dold Grannsdotter", personal_number=CANARY_NUMBER
    )
    members = [
        TrackParticipantFactory(track=track, participant=person)
        for person in (mine, shared, hidden)
    ]
    foreign_track = TrackFactory(name="Lokalvård Lund", need__partnership=other_partnership)
    foreign = ParticipantFactory(
        registered_by=other_partnership.employment_service, name="Främling Lundasson"
    )
    foreign_member = TrackParticipantFactory(track=foreign_track, participant=foreign)
    # Follow-ups due now of a person in scope and of one outside it.
    due = {"months": 3, "due_on": timezone.localdate() - dt.timedelta(days=1)}
    follow_ups = [FollowUp.objects.create(track_participant=m, **due) for m in members]
    ids = [
        *(f.pk for f in follow_ups),
        track.pk,
        foreign_track.pk,
        mine.pk,
        shared.pk,
        hidden.pk,
        foreign.pk,
        *(m.pk for m in members),
        foreign_member.pk,
    ]
    return World(
        key=key,
        ids=ids,
        forbidden=["Dold Grannsdotter", "Lokalvård Lund", "Främling Lundasson"],
    )


def _outside_scope(forbidden: list[str]):
    def no_data_outside_scope(ctx, response, case):
        text = response.content.decode("utf-8", errors="replace")
        leaked = [name for name in forbidden if name in text]
        leaked += [form for form in _canary_patterns() if form in text]
        if response.status_code < 400:
            # Data: income support is never in it. (A problem may name the field: it echoes
            # the client's own request, or asks a municipal client the form's question.)
            leaked += INCOME_SUPPORT.findall(text)
        if leaked:
            raise AssertionError(f"Outside the client's scope: {leaked}")
        return None

    return no_data_outside_scope


def _etag_of(case) -> str:
    with unscoped("test: the ETag a client would have read"):
        version = (
            Participant.objects.filter(pk=case.path_parameters["id"])
            .values_list("version", flat=True)
            .first()
        )
    return f'"{version or 1}"'


@pytest.mark.django_db
def test_every_operation_for_every_client_kind(world):
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", InTestTransaction())

    @schema.hook
    def map_path_parameters(context, path_parameters):
        # Most ids the fuzzer draws name nothing: map two in three onto the planted records, in
        # and out of scope, so that the answers about real records are checked too.
        drawn = (path_parameters or {}).get("id")
        if isinstance(drawn, int) and drawn % 3:
            path_parameters["id"] = world.ids[drawn % len(world.ids)]
        return path_parameters

    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 9
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            _fuzz(operation, mode, world)


def _fuzz(operation, mode, world) -> None:
    check = _outside_scope(world.forbidden)

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=15,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def call_and_check(case):
        if case.method == "PATCH" and mode == GenerationMode.POSITIVE:
            # The current ETag, so that the change itself is tried, not only the 412.
            case.headers = {**(case.headers or {}), "If-Match": _etag_of(case)}
        response = case.call(headers=auth(world.key))
        accepts_every_valid_request = case.method == "GET" and not case.operation.path.endswith(
            FORM_VALIDATED_READS
        )
        case.validate_response(
            response,
            headers=auth(world.key),
            additional_checks=[check],
            # A write's body can fit the schema and still break the form's rules (an identity
            # number's check digit, a date in the future): a 400 then is right. Reads must
            # accept every schema-valid request.
            excluded_checks=[] if accepts_every_valid_request else [positive_data_acceptance],
        )

    call_and_check()
