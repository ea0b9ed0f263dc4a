"""The track page's cost follows its own track, not the region (issue 18).

Its pool and its attendance rates check who the user may see on the track's own rows
(participants.access.seen_by), instead of building the id of every participant the user may see
(participants_for's UNION, ~7 ms on the city bench for one track's 13 members); the track is
looked up with the user's partnerships as an array, not as one more table to join (planning it
took longer than running it). These tests fail if either comes back, and hold the row-by-row rule
to participants_for's.
"""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from participants import access as participants_access
from participants.consent import withdraw_consent
from schedule import access as schedule_access
from schedule.models import Attendance, AttendanceStatus
from tests.participants.factories import ConsentFactory, ParticipantFactory
from tests.schedule.factories import StrandFactory
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tests.tracks.test_query_counts import TRACK_PAGE_QUERIES
from tracks.models import State
from tracks.views.common import pool_members

pytestmark = pytest.mark.django_db


@pytest.fixture
def pool(af, municipality, af_coordinator):
    """A track whose pool holds one person of each kind: registered by AF, by the municipality,
    registered by AF and shared with the municipality by consent, and shared by a consent that
    has expired and one that was withdrawn; with attendance recorded for each in one strand.
    More people the coordinators may see are outside the track."""
    today = timezone.localdate()
    track = TrackFactory()
    # Names no generated name equals or holds: the test looks for them on the page, beside the
    # random names of the team and the people outside the track.
    people = {
        "af": ParticipantFactory(registered_by=af, name="Pool Afegen"),
        "municipal": ParticipantFactory(registered_by=municipality, name="Pool Kommunegen"),
        "shared": ParticipantFactory(registered_by=af, name="Pool Delad"),
        "expired": ParticipantFactory(registered_by=af, name="Pool Utgången"),
        "withdrawn": ParticipantFactory(registered_by=af, name="Pool Återkallad"),
    }
    ConsentFactory(participant=people["shared"], shared_with=municipality)
    ConsentFactory(
        participant=people["expired"],
        shared_with=municipality,
        given_on=today - dt.timedelta(days=400),
        valid_until=today - dt.timedelta(days=1),
    )
    withdrawn = ConsentFactory(participant=people["withdrawn"], shared_with=municipality)
    withdraw_consent(consent=withdrawn, withdrawn_on=withdrawn.given_on, by=af_coordinator)
    for _ in range(3):
        ParticipantFactory(registered_by=af)
        ParticipantFactory(registered_by=municipality)
    strand = StrandFactory(track=track)
    for person in people.values():
        member = TrackParticipantFactory(track=track, participant=person, state=State.IN_TRAINING)
        Attendance.objects.create(
            strand=strand, day=today, track_participant=member, status=AttendanceStatus.PRESENT
        )
    return track, people


def _track_page(client, user, track):
    """The track page as `user` sees it, with the statements it took (after a first visit
    that warms the session)."""
    client.force_login(user)
    client.get(track.get_absolute_url())
    with CaptureQueriesContext(connection) as captured:
        response = client.get(track.get_absolute_url())
    assert response.status_code == 200
    return response, [query["sql"] for query in captured.captured_queries]


def test_the_track_page_reads_only_its_own_rows(client, pool, af_coordinator):
    track, people = pool
    response, statements = _track_page(client, af_coordinator, track)
    # The strands come with their attendance counts (the track has a strand).
    assert len(statements) == TRACK_PAGE_QUERIES
    # participants_for is a UNION of two id sets: every participant the user may see. (The
    # team's is a UNION of the track's two staff lists.)
    assert not [s for s in statements if "UNION" in s.upper() and "participants_participant" in s]
    # The user's partnerships come as an array (= ANY(ARRAY(...))), not IN (a joined table).
    joined = re.compile(r'IN \(SELECT [^()]* FROM "jobbspar_partnership"')
    assert not [sql for sql in statements if joined.search(sql)]
    assert [sql for sql in statements if '"partnership_id" = ANY(ARRAY(SELECT' in sql]
    # One track's phases and funding are read with the track (jobbspar/database/nested.py),
    # in their own order, without joining the track again to sort them.
    assert not [s for s in statements if re.match(r'SELECT "tracks_(phase|fundingsource)"', s)]
    (with_track,) = [s for s in statements if re.match(r'SELECT "tracks_track"\."id"', s)]
    for table in ("tracks_phase", "tracks_fundingsource"):
        nested_list = with_track.split(f'FROM "{table}"', 1)[1].split("GROUP BY", 1)[0]
        assert "JOIN" not in nested_list, table
    # Still the same rule: AF's own people by name, the municipality's as a pseudonym.
    body = response.content.decode()
    for key in ("af", "shared", "expired", "withdrawn"):
        assert people[key].name in body
    assert people["municipal"].name not in body


def test_the_attendance_page_reads_only_its_tracks_rows(client, pool, af_coordinator):
    from django.urls import reverse

    track, people = pool
    strand = track.strands.get()
    url = reverse("schedule:attendance_day", kwargs={"pk": track.pk, "strand_pk": strand.pk})
    client.force_login(af_coordinator)
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    statements = [query["sql"] for query in captured.captured_queries]
    assert not [sql for sql in statements if "UNION" in sql.upper()]
    # The same people as the rule gives: AF's own and none of the municipality's.
    listed = {row["member"].participant_id for row in response.context["rows"]}
    assert listed == {people[key].pk for key in ("af", "shared", "expired", "withdrawn")}


@pytest.mark.parametrize("role", ["af_coordinator", "municipal_coordinator", "job_coach"])
def test_row_by_row_visibility_agrees_with_participants_for(request, pool, role):
    track, people = pool
    user = request.getfixturevalue(role)
    in_pool = {person.pk for person in people.values()}
    visible = set(participants_access.participants_for(user).values_list("pk", flat=True))
    flagged = {m.participant_id for m in pool_members(track, user) if m.identity_visible}
    assert flagged == visible & in_pool
    assert flagged  # each of these roles sees someone in the pool
    rates = schedule_access.track_attendance_for(user, track.pk)
    rule = schedule_access.attendance_for(user).filter(track_participant__track=track)
    assert set(rates.values_list("pk", flat=True)) == set(rule.values_list("pk", flat=True))
    # The attendance page's members: the same rule, checked on the one track's rows.
    members = schedule_access.track_attendance_members_for(user, track.pk)
    rule = schedule_access.attendance_members_for(user).filter(track=track)
    assert set(members.values_list("pk", flat=True)) == set(rule.values_list("pk", flat=True))
    assert {m.participant_id for m in members} == flagged


@pytest.mark.parametrize("role", ["admin_user", "manager", "employer_user"])
def test_who_sees_no_participant_sees_only_pseudonyms(request, pool, role):
    track, _people = pool
    user = request.getfixturevalue(role)
    assert not [m for m in pool_members(track, user) if m.identity_visible]
    assert not schedule_access.track_attendance_for(user, track.pk).exists()
    assert not schedule_access.track_attendance_members_for(user, track.pk).exists()


def test_another_partnerships_track_has_no_attendance_or_members_by_its_id(
    pool, lund_coordinator, municipal_coordinator
):
    """The attendance queries take the track's id and check its rule (tracks_for) themselves: a
    coordinator of another partnership, who may record attendance, gets nothing of this track,
    while the track's own coordinator of the same role gets its rows. One member is registered
    by the other partnership's municipality: its coordinator may see the person, not the track."""
    track, _people = pool
    theirs = ParticipantFactory(registered_by=lund_coordinator.organisation)
    member = TrackParticipantFactory(track=track, participant=theirs, state=State.IN_TRAINING)
    Attendance.objects.create(
        strand=track.strands.get(),
        day=timezone.localdate(),
        track_participant=member,
        status=AttendanceStatus.PRESENT,
    )
    assert not schedule_access.track_attendance_for(lund_coordinator, track.pk).exists()
    assert not schedule_access.track_attendance_members_for(lund_coordinator, track.pk).exists()
    assert schedule_access.track_attendance_for(municipal_coordinator, track.pk).exists()
    assert schedule_access.track_attendance_members_for(municipal_coordinator, track.pk).exists()


def test_the_pool_reads_only_the_columns_the_page_draws(client, af, af_coordinator, employer_user):
    """pool_members loads the person's name, presentation consent and registering organisation,
    not the rest of the record (a personal number, income support): with a member in every
    state, a workplace mentor and an employer's decision, the page still takes the statements
    of a pool without them (no column is fetched afterwards) and draws what they show."""
    from employers.models import ContactPerson
    from tracks.models import CandidateDecision, Decision, PauseReason

    track = TrackFactory()
    mentor = ContactPerson.objects.create(employer=track.employer, name="Mentor Maja Månsson")
    members = {}
    extra = {
        State.NOT_SELECTED: {"reason": "Annan kandidat"},
        State.PAUSED: {
            "paused_from": State.IN_TRAINING,
            "pause_planned_return": timezone.localdate() + dt.timedelta(days=14),
            "pause_reason": PauseReason.SICK_LEAVE,
        },
    }
    for state in (
        State.NOMINATED,
        State.PRESENTED,
        State.NOT_SELECTED,
        State.SELECTED,
        State.IN_TRAINING,
        State.IN_APL,
        State.PAUSED,
        State.COMPLETED,
    ):
        members[state] = TrackParticipantFactory(
            track=track,
            participant=ParticipantFactory(registered_by=af),
            state=state,
            **extra.get(state, {}),
        )
    members[State.IN_APL].mentor = mentor
    members[State.IN_APL].save()
    CandidateDecision.objects.create(
        track_participant=members[State.PRESENTED],
        decision=Decision.SELECT,
        comment="Bra intervju",
        decided_by=employer_user,
        decided_at=timezone.now(),
    )
    response, statements = _track_page(client, af_coordinator, track)
    assert len(statements) == TRACK_PAGE_QUERIES
    pool = [s for s in statements if s.startswith('SELECT "tracks_trackparticipant"."id"')]
    assert len(pool) == 1
    assert '"participants_participant"."name"' in pool[0]
    for column in ("personal_number", "receives_income_support", "phone", "email"):
        assert f'"participants_participant"."{column}"' not in pool[0]
    body = response.content.decode()
    assert "Mentor Maja Månsson" in body
    assert "Bra intervju" in body
    for member in members.values():
        assert member.participant.name in body
