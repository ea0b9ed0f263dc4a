"""Querysets built once per shape (jobbspar/database/prepared.py, issue 18): the builder runs
three times the first time a kind of call is seen, never again for it; every user gets the rows
their own ids and today's rule give; a builder that reads anything but its arguments is called
every time; and a query holding markers can only run with the values put in.

The `pool` fixture (tests/tracks/test_track_page_cost.py) is a Malmö track whose pool holds people
registered by AF and by the municipality, one shared with the municipality by consent, one whose
consent expired and one whose consent was withdrawn.
"""

from __future__ import annotations

import datetime as dt
import sys
import threading

import pytest
from django.db import transaction
from django.db.models import BooleanField, Count, ExpressionWrapper, Min, Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject

from employers.models import ShortageOccupation
from employers.shortages import shortage_for
from jobbspar.database import prepared, statements
from jobbspar.models import Region
from jobbspar.scoping import loaded_in_scope
from participants import access as participants_access
from tests.jobbspar.factories import UserFactory
from tests.participants.factories import ConsentFactory, ParticipantFactory, occupation
from tests.tracks.factories import TrackFactory, TrackParticipantFactory
from tests.tracks.test_track_page_cost import pool  # noqa: F401 - a fixture
from tracks import access as tracks_access
from tracks.models import State
from tracks.views.common import _pool, pool_members

pytestmark = pytest.mark.django_db

BUILT: list[int] = []
HIDDEN = {"name": "nobody"}


def _members(user, track_id):
    """The pool with whether `user` sees who each is: the track page's rule, smaller."""
    BUILT.append(track_id)
    visible = ExpressionWrapper(participants_access.seen_by(user), output_field=BooleanField())
    return (
        tracks_access.track_pool_for(user)
        .filter(track=track_id)
        .annotate(visible=visible)
        .order_by("pk")
    )


def _seen(rows):
    return [(row.pk, row.visible) for row in rows]


@pytest.fixture
def counted(monkeypatch):
    """Builds counted as the process sees them: without the test suite's check, which builds
    each statement taken again to compare (below), and without the spot checks."""
    monkeypatch.setattr(statements, "VERIFY", False)
    monkeypatch.setattr(prepared, "SPOT_CHECKS_FIRST", 0)
    monkeypatch.setattr(prepared, "SPOT_CHECK_EVERY", 10**9)


@pytest.fixture(autouse=True)
def _fresh():
    prepared.forget()
    statements.forget()
    BUILT.clear()
    yield
    prepared.forget()


def test_the_builder_runs_three_times_then_never(pool, af_coordinator, counted):  # noqa: F811
    track, _people = pool
    expected = _seen(_members(af_coordinator, track.pk))
    BUILT.clear()
    first = prepared.evaluate(_members, af_coordinator, track.pk)
    assert len(BUILT) == 4  # as it is, twice with markers, once with the smallest values
    for _ in range(3):
        assert _seen(prepared.evaluate(_members, af_coordinator, track.pk)) == expected
    assert len(BUILT) == 4
    assert _seen(first) == expected
    assert len(expected) == 5 and sum(visible for _pk, visible in expected) == 4
    # The rows are the access rule's: loaded in scope, as from the builder's own queryset.
    assert all(loaded_in_scope(row) for row in first)


def test_each_user_gets_their_own_organisations_rows(
    pool,  # noqa: F811
    municipal_coordinator,
    lund_coordinator,
    municipality,
):
    """Two municipal coordinators, one of the track's partnership and one of Lund's: one kind
    of call (the same role and kind of organisation), each with their own organisation's rule."""
    track, people = pool
    colleague = UserFactory(role=municipal_coordinator.role, organisation=municipality)
    for user in (lund_coordinator, municipal_coordinator, colleague, lund_coordinator):
        rows = prepared.evaluate(_members, user, track.pk)
        assert _seen(rows) == _seen(_members(user, track.pk))
    assert len(prepared._kinds) == 1
    malmo = {
        row.participant_id: row.visible for row in prepared.evaluate(_members, colleague, track.pk)
    }
    assert malmo[people["municipal"].pk] and malmo[people["shared"].pk]
    assert not malmo[people["af"].pk] and not malmo[people["expired"].pk]
    assert prepared.evaluate(_members, lund_coordinator, track.pk) == []


def test_another_role_is_another_kind(pool, af_coordinator, job_coach):  # noqa: F811
    track, _people = pool
    prepared.evaluate(_members, af_coordinator, track.pk)
    prepared.evaluate(_members, job_coach, track.pk)
    assert len(prepared._kinds) == 2
    assert _seen(prepared.evaluate(_members, job_coach, track.pk)) == _seen(
        _members(job_coach, track.pk)
    )


def test_a_consent_ending_today_hides_the_person_tomorrow(
    pool,  # noqa: F811
    af,
    municipality,
    municipal_coordinator,
    monkeypatch,
):
    """Today's date is in the key: a statement learnt today with today's consents is not used
    tomorrow, when a consent valid until today no longer shares the person."""
    track, _people = pool
    today = timezone.localdate()
    person = ParticipantFactory(registered_by=af)
    ConsentFactory(
        participant=person,
        shared_with=municipality,
        given_on=today - dt.timedelta(days=30),
        valid_until=today,
    )
    TrackParticipantFactory(track=track, participant=person, state=State.IN_TRAINING)

    def sees(user):
        rows = prepared.evaluate(_members, user, track.pk)
        return {row.participant_id: row.visible for row in rows}[person.pk]

    assert sees(municipal_coordinator) is True
    assert sees(municipal_coordinator) is True  # taken from the template
    monkeypatch.setattr(timezone, "localdate", lambda *args: today + dt.timedelta(days=1))
    assert sees(municipal_coordinator) is False
    assert len(prepared._kinds) == 2


def test_the_statement_is_compiled_again_when_the_cache_lost_it(
    pool,  # noqa: F811
    af_coordinator,
    counted,
):
    track, _people = pool
    expected = _seen(_members(af_coordinator, track.pk))
    prepared.evaluate(_members, af_coordinator, track.pk)
    statements.forget()
    BUILT.clear()
    assert _seen(prepared.evaluate(_members, af_coordinator, track.pk)) == expected
    assert len(BUILT) == 1  # the real query, built and compiled; the template is kept
    BUILT.clear()
    assert _seen(prepared.evaluate(_members, af_coordinator, track.pk)) == expected
    assert BUILT == []


def _with_the_clock(user, track_id):
    return tracks_access.track_pool_for(user).filter(
        track=track_id, state_changed_at__lte=timezone.now()
    )


def _reading_the_database(user, track_id):
    tracks = list(tracks_access.tracks_for(user).values_list("pk", flat=True))
    return tracks_access.track_pool_for(user).filter(track__in=tracks, pk__gte=track_id)


def _with_a_value_worked_out(user, track_id):
    return tracks_access.track_pool_for(user).filter(candidate_number__gte=track_id + 1)


def _with_the_users_name(user, track_id):
    return tracks_access.track_pool_for(user).filter(
        track=track_id, participant__name=user.username
    )


def _on_another_database(user, track_id):
    return tracks_access.track_pool_for(user).filter(track=track_id).using("default")


def _by_the_organisations_kind(user, track_id):
    members = tracks_access.track_pool_for(user).filter(track=track_id)
    return members if user.organisation.is_authority else members.none()


def _by_the_organisations_number(user, track_id):
    return tracks_access.track_pool_for(user).filter(
        track=track_id,
        participant__registered_by__organisation_number=user.organisation.organisation_number,
    )


def _by_a_date(user, track_id, day):
    members = tracks_access.track_pool_for(user).filter(track=track_id)
    return members if day >= timezone.localdate() else members.none()


def _by_equal_values(user, track_id, other_id):
    members = tracks_access.track_pool_for(user)
    return (
        members.filter(track=track_id) if track_id == other_id else members.filter(track=other_id)
    )


SPECIAL: set[int] = set()


def _by_membership(user, track_id):
    """Decides on a value in a way no marked run shows: the spot checks' case."""
    members = tracks_access.track_pool_for(user)
    return members.none() if track_id in SPECIAL else members.filter(track=track_id)


def _by_a_small_bound(user, track_id):
    members = tracks_access.track_pool_for(user)
    return members.none() if track_id < 50 else members.filter(track=track_id)


def _by_a_name(user, track_id, text):
    members = tracks_access.track_pool_for(user).filter(track=track_id)
    return members.filter(participant__name__icontains=text) if text else members


def _among(user, ids):
    return tracks_access.track_pool_for(user).filter(pk__in=ids)


def _with_hidden_state(user, track_id):
    return tracks_access.track_pool_for(user).filter(
        track=track_id, participant__name=HIDDEN["name"]
    )


@pytest.mark.parametrize(
    ("build", "why"),
    [
        (_with_the_clock, "a value in the query is not one of the builder's values"),
        (_reading_the_database, "the builder runs a query"),
        (_with_a_value_worked_out, "a value in the query is not one of the builder's values"),
        (_with_the_users_name, "a value in the query is not one of the builder's values"),
        (_on_another_database, "the builder's queryset carries more than its query"),
        (_by_the_organisations_number, "a value in the query is not one of the builder's values"),
    ],
)
def test_a_builder_reading_more_than_its_values_is_called_every_time(
    pool,  # noqa: F811
    af_coordinator,
    build,
    why,
):
    track, _people = pool
    for _ in range(2):
        rows = prepared.evaluate(build, af_coordinator, track.pk)
        assert [row.pk for row in rows] == [row.pk for row in build(af_coordinator, track.pk)]
    assert list(prepared._kinds.values()) == [why]


def test_the_test_suite_catches_a_builder_reading_hidden_state(
    pool,  # noqa: F811
    af_coordinator,
    monkeypatch,
):
    """State no build can see changing (a module's variable) is the builder's to avoid; under
    statements.VERIFY, as in every test, a statement that differs from the builder's own is an
    error."""
    track, _people = pool
    monkeypatch.setattr(statements, "VERIFY", True)
    monkeypatch.setattr(prepared, "SPOT_CHECKS_FIRST", 0)  # which would catch it too
    monkeypatch.setattr(prepared, "SPOT_CHECK_EVERY", 10**9)
    prepared.evaluate(_with_hidden_state, af_coordinator, track.pk)
    monkeypatch.setitem(HIDDEN, "name", "somebody")
    with pytest.raises(statements.ShapeMismatch):
        prepared.evaluate(_with_hidden_state, af_coordinator, track.pk)


def test_a_builder_is_a_modules_function_of_plain_values(pool, af_coordinator):  # noqa: F811
    track, _people = pool

    def local(user, track_id):
        return _members(user, track_id)

    with pytest.raises(TypeError):
        prepared.evaluate(local, af_coordinator, track.pk)
    with pytest.raises(TypeError):
        prepared.evaluate(_members, af_coordinator, track)


def test_a_query_holding_markers_never_runs_with_them(pool, af_coordinator):  # noqa: F811
    """The template's values are markers: any way of running or printing it other than
    evaluate's raises, a changed clone of a taken one too."""
    track, _people = pool
    prepared.evaluate(_members, af_coordinator, track.pk)
    (template,) = prepared._kinds.values()
    with pytest.raises(statements.MarkersCompiled):
        list(template.queryset)
    with pytest.raises(statements.MarkersCompiled):
        str(template.queryset.query)
    with pytest.raises(statements.MarkersCompiled):
        template.queryset.count()
    with pytest.raises(statements.MarkersCompiled):
        list(template.queryset.filter(pk=track.pk))
    taken = template.queryset._chain()
    taken.query.__dict__[prepared.TAKEN] = prepared._Taken(
        taken.query, template, [track.pk] * len(template.slots), lambda: None
    )
    with pytest.raises(statements.MarkersCompiled):
        list(taken.exclude(pk=track.pk))


def test_the_track_pages_pool_is_built_once(pool, af_coordinator, monkeypatch, counted):  # noqa: F811
    track, people = pool
    built = []
    real = tracks_access.track_pool_for
    monkeypatch.setattr(tracks_access, "track_pool_for", lambda user: built.append(1) or real(user))
    first = pool_members(track, af_coordinator)
    again = pool_members(track, af_coordinator)
    assert len(built) == 4
    assert [(m.pk, m.identity_visible, m.reached_states) for m in again] == [
        (m.pk, m.identity_visible, m.reached_states) for m in first
    ]
    assert [(m.pk, m.identity_visible) for m in first] == [
        (m.pk, m.identity_visible) for m in _pool(af_coordinator, track.pk)
    ]
    visible = {m.participant_id for m in again if m.identity_visible}
    assert visible == {people[key].pk for key in ("af", "shared", "expired", "withdrawn")}


def test_a_user_whose_organisation_is_not_loaded(pool, municipal_coordinator, employer_user):  # noqa: F811
    """Read from the database without their organisation, the users' kinds cannot be told
    apart by the key: a builder that reads the organisation runs a query, and is refused."""
    track, _people = pool
    for user in (municipal_coordinator, employer_user, municipal_coordinator):
        fresh = type(user).objects.get(pk=user.pk)
        rows = prepared.evaluate(_by_the_organisations_kind, fresh, track.pk)
        again = type(user).objects.get(pk=user.pk)
        assert [r.pk for r in rows] == [r.pk for r in _by_the_organisations_kind(again, track.pk)]
    assert set(prepared._kinds.values()) == {"the builder runs a query"}


def test_a_builder_comparing_a_value_with_a_bound_is_refused(pool, af_coordinator):  # noqa: F811
    track, _people = pool
    today = timezone.localdate()
    for day in (today - dt.timedelta(days=3), today + dt.timedelta(days=3), today):
        rows = prepared.evaluate(_by_a_date, af_coordinator, track.pk, day)
        assert len(rows) == (0 if day < today else 5)
    assert set(prepared._kinds.values()) == {"the query differs with markers"}


def test_equal_values_are_a_kind_of_their_own(pool, af_coordinator):  # noqa: F811
    track, _people = pool
    other = TrackFactory()
    for first, second in [(track.pk, other.pk), (track.pk, track.pk), (other.pk, track.pk)]:
        rows = prepared.evaluate(_by_equal_values, af_coordinator, first, second)
        assert [r.pk for r in rows] == [
            r.pk for r in _by_equal_values(af_coordinator, first, second)
        ]
    assert len(prepared._kinds) == 2
    assert len(prepared.evaluate(_by_equal_values, af_coordinator, track.pk, track.pk)) == 5


def test_an_administrator_without_an_organisation(pool, admin_user):  # noqa: F811
    track, _people = pool
    for _ in range(2):
        rows = prepared.evaluate(_members, admin_user, track.pk)
        assert _seen(rows) == _seen(_members(admin_user, track.pk))
    assert len(rows) == 5 and not any(visible for _pk, visible in _seen(rows))


def test_an_empty_list_of_ids_asks_nothing_and_is_not_taken(
    pool,  # noqa: F811
    af_coordinator,
    counted,
):
    track, _people = pool
    for _ in range(3):
        assert prepared.evaluate(_among, af_coordinator, ()) == []
    (template,) = prepared._kinds.values()
    assert not template.useful
    ids = tuple(m.pk for m in _members(af_coordinator, track.pk))[:2]
    assert [r.pk for r in prepared.evaluate(_among, af_coordinator, ids)] == sorted(ids)


def test_a_template_is_never_written_with(pool, af_coordinator):  # noqa: F811
    track, _people = pool
    prepared.evaluate(_members, af_coordinator, track.pk)
    (template,) = prepared._kinds.values()
    plain = template.queryset.model.objects.filter  # the rows, read without the template
    before = {m.pk: m.state for m in _members(af_coordinator, track.pk)}
    for write in (
        lambda: template.queryset.update(state=State.DISCONTINUED),
        template.queryset.delete,
        lambda: template.queryset.aggregate(n=Count("pk")),
    ):
        with pytest.raises(statements.MarkersCompiled), transaction.atomic():
            write()
    assert {m.pk: m.state for m in _members(af_coordinator, track.pk)} == before
    assert plain(pk__in=before).count() == 5


def test_reference_data_without_a_user(db):
    """prepared.rows: the shortage badge's entry, one kind for every occupation and partnership."""
    today = timezone.localdate()
    care, driving = occupation("5321"), occupation("8331")
    ShortageOccupation.objects.create(
        occupation=care,
        region=Region.WHOLE_COUNTRY,
        valid_from=today - dt.timedelta(days=10),
        valid_to=today + dt.timedelta(days=10),
    )
    partnership = TrackFactory().partnership
    for _ in range(2):
        found = shortage_for(occupation_id=care.pk, partnership_id=partnership.pk, day=today)
        assert found is not None and found.occupation_id == care.pk
        assert (
            shortage_for(occupation_id=driving.pk, partnership_id=partnership.pk, day=today) is None
        )
        later = today + dt.timedelta(days=30)
        assert shortage_for(occupation_id=care.pk, partnership_id=partnership.pk, day=later) is None
    # One kind for the three calls, but that an integer's size and which values are equal are
    # part of a kind (prepared.py): an occupation's id may equal the partnership's in a long run.
    kinds = {
        (
            statements.int_class(occupation_id),
            statements.equal_leaves([occupation_id, partnership.pk, day]),
        )
        for occupation_id, day in ((care.pk, today), (driving.pk, today), (care.pk, later))
    }
    assert len(prepared._kinds) == len(kinds)


def test_a_builder_deciding_on_a_value_is_caught_by_a_spot_check(
    pool,  # noqa: F811
    af_coordinator,
    monkeypatch,
    caplog,
):
    """In production (no VERIFY): the kind is learnt with a track that is not special, taken for
    one that is; the first takings call the builder too, find the query's form changed, refuse
    the kind and log it. Every answer is the builder's own."""
    monkeypatch.setattr(statements, "VERIFY", False)
    track, _people = pool
    special = TrackFactory()
    monkeypatch.setattr(sys.modules[__name__], "SPECIAL", {special.pk})
    assert len(prepared.evaluate(_by_membership, af_coordinator, track.pk)) == 5
    assert prepared.evaluate(_by_membership, af_coordinator, special.pk) == []
    assert list(prepared._kinds.values()) == ["the query's form changed with a value"]
    assert "differs from its builder's" in caplog.text
    assert len(prepared.evaluate(_by_membership, af_coordinator, track.pk)) == 5


def test_spot_checks_come_first_and_then_every_so_often(pool, af_coordinator, monkeypatch):  # noqa: F811
    monkeypatch.setattr(statements, "VERIFY", False)
    monkeypatch.setattr(prepared, "SPOT_CHECK_EVERY", 4)
    track, _people = pool
    for _ in range(13):
        prepared.evaluate(_members, af_coordinator, track.pk)
    # Learnt (4 builds), then taken 12 times: checked the first 3 times and at 4, 8 and 12.
    assert len(BUILT) == 4 + 3 + 3
    assert _seen(prepared.evaluate(_members, af_coordinator, track.pk)) == _seen(
        _members(af_coordinator, track.pk)
    )


def test_in_a_request_a_later_spot_check_waits_for_the_response(
    pool,  # noqa: F811
    af_coordinator,
    monkeypatch,
    caplog,
):
    """A request's 64th taking answers from the template like the 63 before it, and its check
    runs when the response is closed (request_finished): found different, the kind is refused
    from then on and logged. The first three checks still answer with the builder's own."""
    monkeypatch.setattr(statements, "VERIFY", False)
    monkeypatch.setattr(prepared, "SPOT_CHECK_EVERY", 4)
    track, _people = pool
    for _ in range(1 + prepared.SPOT_CHECKS_FIRST):  # learnt, then checked at once 3 times
        prepared.evaluate(_by_membership, af_coordinator, track.pk)
    monkeypatch.setattr(sys.modules[__name__], "SPECIAL", {track.pk})
    prepared.request_began()
    # The fourth taking: the template's answer (the pool), the builder not yet asked.
    assert len(prepared.evaluate(_by_membership, af_coordinator, track.pk)) == 5
    assert type(next(iter(prepared._kinds.values()))) is prepared._Template
    assert "differs from its builder's" not in caplog.text
    prepared.request_ended()
    assert list(prepared._kinds.values()) == ["the query's form changed with a value"]
    assert "differs from its builder's" in caplog.text
    assert prepared.evaluate(_by_membership, af_coordinator, track.pk) == []


def test_in_a_request_the_first_spot_checks_still_answer_at_once(
    pool,  # noqa: F811
    af_coordinator,
    monkeypatch,
    caplog,
):
    """The first three takings of a kind are checked in the request, as outside one: a builder
    found different there is refused at once and the answer is the builder's own."""
    monkeypatch.setattr(statements, "VERIFY", False)
    track, _people = pool
    prepared.request_began()
    prepared.evaluate(_by_membership, af_coordinator, track.pk)  # learnt
    monkeypatch.setattr(sys.modules[__name__], "SPECIAL", {track.pk})
    assert prepared.evaluate(_by_membership, af_coordinator, track.pk) == []
    assert list(prepared._kinds.values()) == ["the query's form changed with a value"]
    assert "differs from its builder's" in caplog.text


def test_a_waiting_spot_check_is_skipped_when_the_users_settings_changed(
    pool,  # noqa: F811
    af_coordinator,
    monkeypatch,
):
    """A view that changed the user's settings after the taking (here: the role) would have
    the check build for another kind: it is skipped, and the kind kept."""
    monkeypatch.setattr(statements, "VERIFY", False)
    monkeypatch.setattr(prepared, "SPOT_CHECKS_FIRST", 0)
    monkeypatch.setattr(prepared, "SPOT_CHECK_EVERY", 1)
    track, _people = pool
    prepared.evaluate(_members, af_coordinator, track.pk)  # learnt
    prepared.request_began()
    prepared.evaluate(_members, af_coordinator, track.pk)
    BUILT.clear()
    af_coordinator.role = "job_coach"
    prepared.request_ended()
    assert BUILT == []
    assert all(type(kind) is prepared._Template for kind in prepared._kinds.values())


def test_the_waiting_spot_checks_are_the_threads_own():
    """Each worker thread serves its own request: one thread in a request leaves another's
    spot checks to run at once."""
    prepared.request_began()
    seen = []
    thread = threading.Thread(
        target=lambda: seen.append(getattr(prepared._request, "pending", None))
    )
    thread.start()
    thread.join()
    assert seen == [None]
    assert prepared._request.pending == []


def test_a_waiting_spot_check_runs_in_the_requests_language_and_day(
    pool,  # noqa: F811
    af_coordinator,
    monkeypatch,
):
    """After the response the locale middleware's language is gone: the check runs in the
    key's language and time zone, and not at all once midnight has passed (the builder would
    make another day's query)."""
    monkeypatch.setattr(statements, "VERIFY", False)
    monkeypatch.setattr(prepared, "SPOT_CHECKS_FIRST", 0)
    monkeypatch.setattr(prepared, "SPOT_CHECK_EVERY", 1)
    track, _people = pool
    seen = []
    monkeypatch.setattr(
        prepared,
        "_differs",
        lambda *args: seen.append((translation.get_language(), timezone.localdate())) or "",
    )
    with translation.override("en"):
        prepared.evaluate(_members, af_coordinator, track.pk)  # learnt
        prepared.request_began()
        prepared.evaluate(_members, af_coordinator, track.pk)
    with translation.override("sv"):
        prepared.request_ended()
    assert seen == [("en", timezone.localdate())]
    with translation.override("en"):
        prepared.request_began()
        prepared.evaluate(_members, af_coordinator, track.pk)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    monkeypatch.setattr(prepared.timezone, "localdate", lambda *args, **kwargs: tomorrow)
    prepared.request_ended()
    assert len(seen) == 1


def test_a_waiting_spot_checks_failing_builder_refuses_the_kind(
    pool,  # noqa: F811
    af_coordinator,
    monkeypatch,
    caplog,
):
    """The response has gone: a builder that raises in a check is logged and its kind refused
    (the next call builds, and raises to its own request), nothing raised to the server."""
    monkeypatch.setattr(statements, "VERIFY", False)
    monkeypatch.setattr(prepared, "SPOT_CHECKS_FIRST", 0)
    monkeypatch.setattr(prepared, "SPOT_CHECK_EVERY", 1)
    track, _people = pool
    prepared.evaluate(_members, af_coordinator, track.pk)
    prepared.request_began()
    prepared.evaluate(_members, af_coordinator, track.pk)
    monkeypatch.setattr(prepared, "_differs", lambda *args: 1 / 0)
    prepared.request_ended()
    assert list(prepared._kinds.values()) == ["the builder failed in a spot check"]
    assert "spot check's builder failed" in caplog.text


def test_a_page_answers_before_its_spot_checks(client, pool, af_coordinator, monkeypatch):  # noqa: F811
    """Through the project's request signals (jobbspar/apps.py): once a page's kinds are
    learnt, every build of a later request's spot checks runs after its response is closed
    (a build's caller is request_ended, not _evaluate)."""
    monkeypatch.setattr(statements, "VERIFY", False)
    monkeypatch.setattr(prepared, "SPOT_CHECKS_FIRST", 0)
    monkeypatch.setattr(prepared, "SPOT_CHECK_EVERY", 1)
    track, _people = pool
    builds = []
    real = prepared._call
    monkeypatch.setattr(
        prepared,
        "_call",
        lambda *args: builds.append(sys._getframe(1).f_code.co_name) or real(*args),
    )
    client.force_login(af_coordinator)
    url = reverse("tracks:track_detail", args=[track.pk])
    assert client.get(url).status_code == 200  # learnt
    builds.clear()
    assert client.get(url).status_code == 200
    # Called by the check after the response (request_ended), none during the request.
    assert builds and set(builds) == {"request_ended"}
    assert len(builds) == len(prepared._kinds)


def test_a_bound_below_every_marker_is_caught_by_the_smallest_run(pool, af_coordinator):  # noqa: F811
    track, _people = pool
    rows = prepared.evaluate(_by_a_small_bound, af_coordinator, track.pk)
    assert [r.pk for r in rows] == [r.pk for r in _by_a_small_bound(af_coordinator, track.pk)]
    assert list(prepared._kinds.values()) == ["the query differs with markers"]


def test_an_empty_string_is_a_kind_of_its_own(pool, af_coordinator, af):  # noqa: F811
    track, people = pool
    name = people["af"].name
    for text in ("", name, "", name):
        rows = prepared.evaluate(_by_a_name, af_coordinator, track.pk, text)
        assert [r.pk for r in rows] == [r.pk for r in _by_a_name(af_coordinator, track.pk, text)]
    assert len(prepared._kinds) == 2
    assert all(type(t) is prepared._Template for t in prepared._kinds.values())


def test_fixed_data_is_part_of_the_key_with_its_types():
    assert prepared._kind(prepared.Fixed((True, 2))) != prepared._kind(prepared.Fixed((1, 2)))
    assert prepared._kind(prepared.Fixed((1, "a"))) == prepared._kind(prepared.Fixed((1, "a")))
    with pytest.raises(TypeError):
        prepared._kind(prepared.Fixed((object(),)))


def test_the_request_user_as_a_lazy_object(pool, af_coordinator):  # noqa: F811
    track, _people = pool
    lazy = SimpleLazyObject(lambda: af_coordinator)
    for _ in range(2):
        assert _seen(prepared.evaluate(_members, lazy, track.pk)) == _seen(
            _members(af_coordinator, track.pk)
        )


def test_an_id_too_large_for_any_column_is_not_found(pool, af_coordinator):  # noqa: F811
    from tracks.views.common import _track

    for _ in range(3):
        with pytest.raises(Http404):
            prepared.get_or_404(_track, af_coordinator, 10**30)
    assert prepared.get_or_404(_track, af_coordinator, pool[0].pk) == pool[0]


def test_organisations_of_two_kinds_loaded_with_their_users(
    pool,  # noqa: F811
    municipal_coordinator,
    employer_user,
):
    track, _people = pool
    for user in (municipal_coordinator, employer_user, municipal_coordinator, employer_user):
        rows = prepared.evaluate(_by_the_organisations_kind, user, track.pk)
        assert [r.pk for r in rows] == [r.pk for r in _by_the_organisations_kind(user, track.pk)]
    assert len(prepared._kinds) == 2


def _track_figures(user, track_id):
    """Aggregates as a builder returns them (prepared.one_row)."""
    return prepared.one_row(
        tracks_access.track_pool_for(user).filter(track=track_id),
        members=Count("pk"),
        selected=Count("pk", filter=Q(state=State.SELECTED)),
        first=Min("pk"),
    )


def test_one_row_is_the_aggregate_with_or_without_rows(
    pool,  # noqa: F811
    af_coordinator,
    monkeypatch,
):
    """One row even when nothing matches (counts 0, a minimum None, as aggregate() gives), the
    same numbers as aggregate() otherwise; taken from the template after the first time (no spot
    check; the test suite's VERIFY still compares each statement taken with its own)."""
    monkeypatch.setattr(prepared, "SPOT_CHECKS_FIRST", 0)
    track, _people = pool
    empty = TrackFactory()
    for track_id in (track.pk, empty.pk, track.pk, empty.pk):
        expected = (
            tracks_access.track_pool_for(af_coordinator)
            .filter(track=track_id)
            .aggregate(
                members=Count("pk"),
                selected=Count("pk", filter=Q(state=State.SELECTED)),
                first=Min("pk"),
            )
        )
        assert prepared.evaluate(_track_figures, af_coordinator, track_id) == [expected]
    assert expected == {"members": 0, "selected": 0, "first": None}
    assert [type(kind) for kind in prepared._kinds.values()] == [prepared._Template]
    assert next(iter(prepared._kinds.values())).taken == 3


@pytest.mark.parametrize(
    "narrowed",
    [
        lambda q: q.distinct(),
        lambda q: q[:5],
        lambda q: q.annotate(n=Count("participant__consents")),
        lambda q: q.values("state").annotate(n=Count("pk")),
        lambda q: q.union(q),
    ],
    ids=["distinct", "sliced", "aggregated", "grouped", "combined"],
)
def test_one_row_refuses_what_aggregate_would_count_over_a_subquery(af_coordinator, narrowed):
    queryset = narrowed(tracks_access.track_pool_for(af_coordinator))
    with pytest.raises(ValueError, match="aggregate"):
        prepared.one_row(queryset, members=Count("pk"))


def _members_page(user, track_id, bounds):
    """The pool's rows [bottom:top] (Fixed bounds)."""
    bottom, top = bounds
    return _members(user, track_id)[bottom:top]


def test_fixed_data_reaches_the_builder_as_it_is_with_the_cache_off(
    pool,  # noqa: F811
    af_coordinator,
    monkeypatch,
):
    """COMPILED_STATEMENT_CACHE off: every builder is called, with `Fixed` data unwrapped (it
    was handed the wrapper, and a page's bounds could not be read)."""
    track, _people = pool
    monkeypatch.setattr(statements, "ENABLED", False)
    rows = prepared.evaluate(_members_page, af_coordinator, track.pk, prepared.Fixed((1, 3)))
    assert _seen(rows) == _seen(_members(af_coordinator, track.pk)[1:3])
    assert prepared._kinds == {}


def _none_counted(user):
    return prepared.one_row(participants_access.participants_for(user).none(), n=Count("pk"))


def test_a_count_of_nothing_is_zero(af_coordinator):
    """one_row gives no row for `none()`: counted says 0, as count() did."""
    assert prepared.counted(_none_counted, af_coordinator) == 0


def test_pages_reads_whole_pages_and_asks_the_count_once(pool, af_coordinator):  # noqa: F811
    """prepared.Pages: each page through its own kind, a last page read whole and cut, the
    count asked once, and a slice that is no page of at most `per_page` refused."""
    track, _people = pool
    every = _seen(_members(af_coordinator, track.pk))
    asked = []

    def count():
        asked.append(1)
        return len(every)

    pages = prepared.Pages(_members_page, af_coordinator, track.pk, per_page=2, count=count)
    assert len(pages) == pages.count() == len(every) and asked == [1]
    for start in range(0, len(every), 2):
        stop = min(start + 2, len(every))
        for _ in range(prepared.SPOT_CHECKS_FIRST + 2):
            assert _seen(pages[start:stop]) == every[start:stop]
    assert _seen([pages[1]]) == every[1:2]
    assert _seen(list(pages)) == every
    assert pages[0:0] == []
    for outside in (len(every), -1):
        with pytest.raises(IndexError):
            pages[outside]
    for wrong in (slice(0, None), slice(0, 3), slice(0, 2, 2)):
        with pytest.raises(TypeError):
            pages[wrong]
    kept = [key for key in prepared._kinds if key[0] is _members_page]
    # A kind per page, the last page's too, each with a whole page's bounds.
    assert {key[2][-1] for key in kept} == {
        (prepared.Fixed, ((int, start), (int, start + 2))) for start in range(0, len(every), 2)
    }
    assert all(type(prepared._kinds[key]) is prepared._Template for key in kept)
