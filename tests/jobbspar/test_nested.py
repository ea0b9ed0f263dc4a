"""`nested` / `instances` (jobbspar/database/nested.py): a short list read with its parent row
comes back as the ORM reads it, field by field and type by type, in the order asked."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.postgres.fields import ArrayField
from django.db import connection, models
from django.db.models import Exists, OuterRef
from django.test.utils import CaptureQueriesContext

from employers.models import Employer
from jobbspar.database import nested as nested_module
from jobbspar.database.nested import instances, nested, prefetched
from jobbspar.models import Organisation, Role
from jobbspar.scoping import loaded_in_scope, scoped
from participants import access as participants_access
from participants.models import CaseNote, Consent, Participant
from tests.employers.factories import EmployerFactory
from tests.jobbspar.factories import UserFactory
from tests.participants.factories import ConsentFactory, ParticipantFactory
from tests.tracks.factories import TrackFactory
from tracks import access as tracks_access
from tracks.models import Track, TrackParticipant

pytestmark = pytest.mark.django_db


def _with_tracks():
    return Employer.objects.annotate(
        track_rows=nested(
            scoped(Track).filter(employer=OuterRef("pk")),
            parent="employer",
            order_by=("-start_date", "id"),
        )
    ).order_by("pk")


def test_every_field_comes_back_as_the_orm_reads_it():
    employer, empty = EmployerFactory(), EmployerFactory()
    first = TrackFactory(
        employer=employer,
        start_date=dt.date(2027, 3, 1),
        invalid_absence_limit_hours=Decimal("12.25"),
        blind_selection=True,
        certificates=["forklift", "hot_work"],
    )
    second = TrackFactory(
        employer=employer,
        start_date=dt.date(2027, 5, 1),
        invalid_absence_limit_hours=None,
        blind_selection=False,
        certificates=[],
    )
    read = {e.pk: e for e in _with_tracks()}
    tracks = instances(Track, read[employer.pk].track_rows, of=read[employer.pk], employer=employer)
    assert [t.pk for t in tracks] == [second.pk, first.pk]  # the order asked
    for made in tracks:
        stored = scoped(Track).get(pk=made.pk)
        for field in Track._meta.concrete_fields:
            ours, theirs = getattr(made, field.attname), getattr(stored, field.attname)
            assert ours == theirs, field.name
            assert type(ours) is type(theirs), field.name
        assert made._state.adding is False
    assert tracks[1].invalid_absence_limit_hours == Decimal("12.25")  # no digit lost
    assert tracks[1].created_at.tzinfo is not None
    with CaptureQueriesContext(connection) as reads:
        assert tracks[0].employer is employer  # given, not read again
    assert len(reads) == 0
    # No rows: null, read as an empty list.
    assert read[empty.pk].track_rows is None
    assert instances(Track, read[empty.pk].track_rows, of=read[empty.pk]) == []


def test_the_parent_and_its_lists_are_one_statement():
    employer = EmployerFactory()
    TrackFactory(employer=employer)
    with CaptureQueriesContext(connection) as reads:
        (row,) = [e for e in _with_tracks() if e.pk == employer.pk]
        assert len(instances(Track, row.track_rows, of=row)) == 1
    assert len(reads) == 1


@pytest.mark.parametrize(
    ("outer", "model"),
    [
        (participants_access.records_of_outer, CaseNote),  # case notes have their own rule
        (tracks_access.of_outer_track, TrackParticipant),  # members: who they are is another
    ],
)
def test_the_outer_lists_hand_out_only_the_lists_of_their_rule(outer, model, af_coordinator):
    with pytest.raises(ValueError, match="own rule"):
        outer(af_coordinator, model)


def test_the_instances_are_as_read_and_in_scope_as_their_row():
    """Made without any foreign key given, they are rows of the default database, not new ones,
    and in scope exactly when the row they were read with is (jobbspar/scoping.py)."""
    employer = EmployerFactory()
    TrackFactory(employer=employer)
    (row,) = [e for e in _with_tracks() if e.pk == employer.pk]
    (made,) = instances(Track, row.track_rows, of=row)
    assert made._state.db == "default" and made._state.adding is False
    assert not loaded_in_scope(row) and not loaded_in_scope(made)
    (in_scope,) = (
        scoped(Employer)
        .filter(pk=employer.pk)
        .annotate(
            track_rows=nested(
                scoped(Track).filter(employer=OuterRef("pk")), parent="employer", order_by=("id",)
            )
        )
    )
    assert loaded_in_scope(in_scope)
    (made,) = instances(Track, in_scope.track_rows, of=in_scope)
    assert loaded_in_scope(made)


def test_what_json_cannot_carry_is_refused():
    class Binary:
        class _meta:
            concrete_fields = [models.BinaryField(name="data")]

    class Dates:
        class _meta:
            concrete_fields = [ArrayField(models.DateField(), name="days")]

    class Wide:
        class _meta:
            concrete_fields = [models.IntegerField(name=f"f{n}") for n in range(51)]

    for model in (Binary, Dates, Wide):
        with pytest.raises(ValueError, match=r"cannot|more fields"):
            nested_module._fields(model)


def test_related_rows_come_along_and_a_missing_one_is_none(af_coordinator, municipality):
    person = ParticipantFactory(registered_by=af_coordinator.organisation)
    consent = ConsentFactory(
        participant=person, shared_with=municipality, recorded_by=af_coordinator
    )
    # The recorder: the name only (the rest of the account stays behind, deferred).
    related = ("shared_with", ("recorded_by", ("first_name", "last_name")), "withdrawn_by")
    (row,) = Participant.objects.filter(pk=person.pk).annotate(
        consent_rows=nested(
            participants_access.records_of_outer(af_coordinator, Consent),
            parent="participant",
            order_by=("-given_on", "-id"),
            related=related,
        )
    )
    with CaptureQueriesContext(connection) as reads:
        (made,) = instances(Consent, row.consent_rows, of=row, related=related, participant=row)
        assert made.pk == consent.pk and made.participant is row
        assert made.withdrawn_by is None
        for field in Organisation._meta.concrete_fields:
            ours, theirs = made.shared_with, municipality
            assert getattr(ours, field.attname) == getattr(theirs, field.attname), field.name
        recorder = made.recorded_by
        assert (recorder.pk, recorder.get_full_name()) == (
            af_coordinator.pk,
            af_coordinator.get_full_name(),
        )
    assert len(reads) == 0  # every related row came with the list
    assert "password" not in row.consent_rows[0]["recorded_by"]
    assert recorder.get_deferred_fields() >= {"password", "email", "username"}


def test_a_path_of_related_rows_the_own_fields_asked_and_the_first_rows_only(
    af_coordinator, municipality
):
    """`related` through a row brought along before it (the recorder, then the recorder's
    organisation; none when there is none, or no recorder), `fields` of the list's own rows
    (the rest deferred), and `limit`: the first rows in the order asked (none: an empty list)."""
    person = ParticipantFactory(registered_by=af_coordinator.organisation)
    newest = ConsentFactory(
        participant=person,
        shared_with=municipality,
        recorded_by=af_coordinator,
        given_on=dt.date(2026, 5, 1),
    )
    ConsentFactory(participant=person, given_on=dt.date(2026, 3, 1))
    ConsentFactory(
        participant=person,
        given_on=dt.date(2026, 1, 1),
        recorded_by=UserFactory(organisation=None, role=Role.ADMIN),
    )
    related = (
        ("recorded_by", ("first_name",)),
        ("recorded_by__organisation", ("name",)),
        ("withdrawn_by", ("first_name",)),  # nobody withdrew them
        ("withdrawn_by__organisation", ("name",)),
    )
    fields = ("given_on", "recorded_by")
    empty = ParticipantFactory(registered_by=af_coordinator.organisation)

    def read(limit):
        return {
            row.pk: row
            for row in Participant.objects.filter(pk__in=[person.pk, empty.pk]).annotate(
                consent_rows=nested(
                    participants_access.records_of_outer(af_coordinator, Consent),
                    parent="participant",
                    order_by=("-given_on", "-id"),
                    related=related,
                    fields=fields,
                    limit=limit,
                )
            )
        }

    rows = read(limit=None)
    every = instances(
        Consent, rows[person.pk].consent_rows, of=rows[person.pk], related=related, fields=fields
    )
    assert [c.given_on.month for c in every] == [5, 3, 1]
    assert every[0].pk == newest.pk
    assert every[0].recorded_by.organisation == af_coordinator.organisation
    assert every[0].recorded_by.organisation.name == af_coordinator.organisation.name
    assert "kind" in every[0].recorded_by.organisation.get_deferred_fields()
    assert every[2].recorded_by.organisation is None
    assert all(c.withdrawn_by is None for c in every)
    assert every[0].get_deferred_fields() >= {"shared_with_id", "valid_until", "withdrawn_at"}
    assert not {"given_on", "recorded_by_id", "id"} & every[0].get_deferred_fields()
    assert set(rows[person.pk].consent_rows[0]) == {
        "id",
        "given_on",
        "recorded_by_id",
        "recorded_by",
        "recorded_by__organisation",
        "withdrawn_by",
        "withdrawn_by__organisation",
    }
    limited = read(limit=2)
    first = instances(
        Consent, limited[person.pk].consent_rows, of=limited[person.pk], fields=fields
    )
    assert [c.pk for c in first] == [c.pk for c in every[:2]]
    assert limited[empty.pk].consent_rows == []
    assert instances(Consent, limited[empty.pk].consent_rows, of=limited[empty.pk]) == []


def test_a_list_not_tied_to_its_row_a_path_out_of_order_and_a_relation_are_refused():
    """A queryset whose own filters do not name the outer row would read every row's list (with
    `limit`, silently the first rows of all): refused, as is a path whose first part does not
    come first (a query per row) and a field that is no column of the row (a many-to-many)."""
    every_track = scoped(Track).all()
    tied = scoped(Track).filter(employer=OuterRef("pk"))
    only_inside = scoped(Track).filter(
        Exists(scoped(Track).filter(employer=OuterRef(OuterRef("pk"))))
    )
    for untied in (every_track, only_inside):
        for limit in (None, 5):
            with pytest.raises(ValueError, match="filtered by its parent"):
                nested(untied, parent="employer", order_by=("id",), limit=limit)
    with pytest.raises(ValueError, match="brought along first"):
        nested(tied, parent="employer", order_by=("id",), related=("need__occupation",))
    nested(tied, parent="employer", order_by=("id",), related=("need", "need__occupation"))
    with pytest.raises(ValueError, match="no column coordinators"):
        nested(tied, parent="employer", order_by=("id",), fields=("name", "coordinators"))


def test_a_list_set_as_prefetched_asks_no_query(django_assert_num_queries):
    employer = EmployerFactory()
    first, second = TrackFactory(employer=employer), TrackFactory(employer=employer)
    (row,) = _with_tracks().filter(pk=employer.pk)
    tracks = instances(Track, row.track_rows, of=row, employer=row)
    prefetched(row, "tracks", tracks)
    with django_assert_num_queries(0):
        assert list(row.tracks.all()) == tracks
        assert {t.pk for t in row.tracks.all()} == {first.pk, second.pk}
        assert all(t.employer is row for t in row.tracks.all())
