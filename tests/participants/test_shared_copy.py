"""The shared people's copy (participants/models/shared_copy.py): kept in step by the database
whoever writes, used by participants.access only to narrow a search of shared people, never to
decide who is visible."""

import datetime as dt
import importlib
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.migrations.operations import RunSQL
from django.db.models import Exists, F, OuterRef, Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jobbspar.models import Role
from participants import access as participants_access
from participants.consent import withdraw_consent
from participants.models import Consent, Participant, SharedCopy
from participants.models import shared_copy as copy_module
from participants.retention import anonymise
from participants.search import Filters, search_participant_ids, search_participants
from tests.connections import in_another_connection
from tests.dates import today
from tests.jobbspar.factories import MunicipalityFactory, UserFactory
from tests.participants.factories import ConsentFactory, ParticipantFactory

pytestmark = pytest.mark.django_db

_COLUMNS = ", ".join(copy_module.COPIED_COLUMNS)


def _copy_rows() -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT consent_id, shared_with_id, participant_id, {_COLUMNS} "  # noqa: S608
            f"FROM {copy_module.TABLE} ORDER BY consent_id"
        )
        return cursor.fetchall()


def _rows_the_copy_must_have() -> list[tuple]:
    """Every consent not withdrawn with its person's columns, read from the sources now."""
    columns = ", ".join(f"p.{column}" for column in copy_module.COPIED_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT c.id, c.shared_with_id, p.id, {columns} "  # noqa: S608
            "FROM participants_consent c JOIN participants_participant p "
            "ON p.id = c.participant_id WHERE c.withdrawn_at IS NULL ORDER BY c.id"
        )
        return cursor.fetchall()


def _in_step() -> None:
    assert _copy_rows() == _rows_the_copy_must_have()


@pytest.fixture
def shared(af, municipality, af_coordinator):
    person = ParticipantFactory(
        name="Olena Kovalenko",
        registered_by=af,
        status="active",
        driving_licences=["B"],
        certificates=["forklift"],
        working_hours=["daytime"],
        swedish_level="sfi_d",
        education_level="upper_secondary",
    )
    consent = ConsentFactory(
        participant=person, shared_with=municipality, recorded_by=af_coordinator
    )
    return person, consent


# --- In step, whoever writes --------------------------------------------------------------


def test_a_consent_gets_its_row_with_the_persons_columns(shared):
    person, consent = shared
    (row,) = SharedCopy.objects.all()
    assert (row.consent_id, row.shared_with_id, row.participant_id) == (
        consent.pk,
        consent.shared_with_id,
        person.pk,
    )
    assert row.name == "Olena Kovalenko"
    assert row.driving_licences == ["B"] and row.certificates == ["forklift"]
    _in_step()


CHANGES = {
    "name": "Olena Shevchenko",
    "status": "paused",
    "newly_arrived": True,
    "long_term_unemployed": True,
    "receives_income_support": True,
    "swedish_level": "sas_basic",
    "driving_licences": ["B", "C"],
    "available_from": dt.date(2027, 3, 1),
    "education_level": "university",
    "certificates": ["hygiene"],
    "working_hours": ["daytime", "nights"],
}


@pytest.mark.parametrize("field", [*CHANGES, "registered_by", "coordinator"])
def test_a_change_of_each_copied_field_follows_by_save_and_by_bulk_writes(
    shared, af, municipality, municipal_coordinator, field
):
    person, _consent = shared
    value = {"registered_by": municipality, "coordinator": municipal_coordinator}.get(
        field, CHANGES.get(field)
    )
    # Two more shared people, as the fixture's person was made (none has the new value yet).
    others = []
    for _ in range(2):
        other = ParticipantFactory(registered_by=af)
        ConsentFactory(participant=other, shared_with=municipality)
        others.append(other)
    assert all(getattr(p, field) != value for p in [person, *others])
    setattr(person, field, value)
    person.save()
    _in_step()
    setattr(others[0], field, value)
    Participant.objects.bulk_update([others[0]], [field])
    _in_step()
    Participant.objects.filter(pk=others[1].pk).update(**{field: value})
    _in_step()
    attribute = SharedCopy._meta.get_field(field).attname
    value_kept = getattr(value, "pk", value)
    assert all(getattr(row, attribute) == value_kept for row in SharedCopy.objects.all())


def test_every_copied_field_is_tested_here_and_is_the_persons_own():
    assert set(CHANGES) | {"registered_by", "coordinator"} == set(copy_module.COPIED_FIELDS)
    for name in copy_module.COPIED_FIELDS:
        own = Participant._meta.get_field(name)
        copied = SharedCopy._meta.get_field(name)
        assert type(copied) is type(own), name
        assert copied.column == own.column, name
        assert copied.db_parameters(connection) == own.db_parameters(connection), name
        assert copied.null == own.null, name
        if hasattr(own, "base_field"):
            assert copied.base_field.db_parameters(connection) == own.base_field.db_parameters(
                connection
            )


def test_a_change_of_another_field_leaves_the_copy_alone(shared):
    person, _consent = shared
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT xmin::text FROM {copy_module.TABLE}")  # noqa: S608
        before = cursor.fetchall()
        Participant.objects.filter(pk=person.pk).update(phone="0701234567", district="Rosengård")
        cursor.execute(f"SELECT xmin::text FROM {copy_module.TABLE}")  # noqa: S608
        assert cursor.fetchall() == before  # the row was not written
    _in_step()


def test_a_change_the_copy_does_not_hold_leaves_the_consents_row_alone(shared):
    _person, consent = shared
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT xmin::text FROM {copy_module.TABLE}")  # noqa: S608
        before = cursor.fetchall()
        Consent.objects.filter(pk=consent.pk).update(
            scope="without_notes",
            valid_until=today() + dt.timedelta(days=90),
            method="orally_at_meeting",
        )
        cursor.execute(f"SELECT xmin::text FROM {copy_module.TABLE}")  # noqa: S608
        assert cursor.fetchall() == before  # the row was not written
    _in_step()


def test_withdrawal_removes_the_row_and_a_new_consent_adds_one(
    shared, municipality, af_coordinator
):
    person, consent = shared
    withdraw_consent(consent=consent, withdrawn_on=today(), by=af_coordinator)
    assert not SharedCopy.objects.exists()
    _in_step()
    ConsentFactory(participant=person, shared_with=municipality, recorded_by=af_coordinator)
    assert SharedCopy.objects.count() == 1
    _in_step()


def test_a_consent_moved_undone_or_deleted_moves_its_row(shared, af_coordinator):
    _person, consent = shared
    elsewhere = MunicipalityFactory()
    Consent.objects.filter(pk=consent.pk).update(shared_with=elsewhere)
    assert SharedCopy.objects.get().shared_with_id == elsewhere.pk
    Consent.objects.filter(pk=consent.pk).update(
        withdrawn_at=F("recorded_at"), withdrawn_on=today()
    )
    _in_step()
    Consent.objects.filter(pk=consent.pk).update(withdrawn_at=None, withdrawn_on=None)
    assert SharedCopy.objects.count() == 1
    Consent.objects.filter(pk=consent.pk).delete()
    assert not SharedCopy.objects.exists()
    _in_step()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the copy's keys hold now, not at commit


def test_anonymisation_reaches_the_copy(shared):
    person, _consent = shared
    assert anonymise(participant=person)
    assert SharedCopy.objects.get().name != "Olena Kovalenko"
    _in_step()


def test_the_rows_written_at_once_are_the_rows_the_triggers_keep(shared, municipality):
    person, _consent = shared
    ConsentFactory(participant=person, shared_with=MunicipalityFactory(), valid_until=today())
    withdrawn = ConsentFactory(participant=ParticipantFactory(), shared_with=municipality)
    Consent.objects.filter(pk=withdrawn.pk).update(
        withdrawn_at=F("recorded_at"), withdrawn_on=today()
    )
    kept = _copy_rows()
    assert len(kept) == 2 and copy_module.differing_rows() == 0
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {copy_module.TABLE}")  # noqa: S608
    assert copy_module.differing_rows() == 2
    assert copy_module.write_all() == 2
    assert _copy_rows() == kept
    # The migration that made the copy wrote the rows of its day with its own copy of the SQL.
    migration = importlib.import_module("participants.migrations.0009_shared_copy")
    (backfill,) = [op for op in migration.Migration.operations if isinstance(op, RunSQL)]
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {copy_module.TABLE}")  # noqa: S608
        cursor.execute(backfill.sql)
    assert _copy_rows() == kept


def test_the_operators_command_checks_and_rebuilds(shared):
    out = io.StringIO()
    call_command("shared_copy", stdout=out)
    assert "in step" in out.getvalue()
    SharedCopy.objects.update(name="Someone Else")
    with pytest.raises(CommandError, match=r"differs .* in 1 row"):
        call_command("shared_copy", stdout=io.StringIO())
    out = io.StringIO()
    call_command("shared_copy", "--rebuild", stdout=out)
    assert "1 row(s)" in out.getvalue() and "in step" in out.getvalue()
    _in_step()


def test_other_write_paths(shared, af, municipality, municipal_coordinator):
    """A consent moved to another person, consents made in bulk, the person's coordinator
    deleted, and the person deleted (their consents go with them)."""
    person, consent = shared
    other = ParticipantFactory(name="Amina Hassan", registered_by=af)
    Consent.objects.filter(pk=consent.pk).update(participant=other)
    assert SharedCopy.objects.get().participant_id == other.pk
    _in_step()
    Consent.objects.filter(pk=consent.pk).update(participant=person)
    Consent.objects.bulk_create(
        [
            Consent(
                participant=other,
                shared_with=MunicipalityFactory(),
                given_on=today(),
                method="in_writing",
                recorded_by=municipal_coordinator,
            )
        ]
    )
    _in_step()
    coordinator = UserFactory(organisation=af)
    Participant.objects.filter(pk=person.pk).update(coordinator=coordinator)
    assert SharedCopy.objects.get(pk=consent.pk).coordinator_id == coordinator.pk
    Participant.objects.filter(coordinator=coordinator).update(coordinator=None)
    coordinator.delete()
    _in_step()
    person.delete()
    _in_step()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the copy's keys hold now


# --- Two transactions at once --------------------------------------------------------------


def _insert_consent(db, person_id: int, shared_with_id: int, recorded_by_id: int) -> None:
    with db.cursor() as cursor:
        cursor.execute(
            "INSERT INTO participants_consent (participant_id, shared_with_id, scope, given_on,"
            " method, recorded_by_id, recorded_at) VALUES (%s, %s, 'whole_record', %s,"
            " 'in_writing', %s, now())",
            [person_id, shared_with_id, today() - dt.timedelta(days=1), recorded_by_id],
        )


@pytest.mark.django_db(transaction=True)
def test_a_consent_recorded_while_its_person_is_changed_copies_the_change(
    af, municipality, af_coordinator
):
    person = ParticipantFactory(name="Old Name", registered_by=af)
    with transaction.atomic():
        Participant.objects.filter(pk=person.pk).update(name="New Name")
        thread, errors = in_another_connection(
            lambda db: _insert_consent(db, person.pk, municipality.pk, af_coordinator.pk)
        )
        thread.join(1.0)
        assert thread.is_alive()  # the consent's trigger waits for the person's change
    thread.join(10)
    assert not errors and not thread.is_alive()
    assert SharedCopy.objects.get().name == "New Name"
    _in_step()


@pytest.mark.django_db(transaction=True)
def test_a_person_changed_while_a_consent_is_recorded_reaches_its_row(
    af, municipality, af_coordinator
):
    person = ParticipantFactory(name="Old Name", registered_by=af)
    with transaction.atomic():
        ConsentFactory(participant=person, shared_with=municipality, recorded_by=af_coordinator)

        def rename(db) -> None:
            with db.cursor() as cursor:
                cursor.execute(
                    "UPDATE participants_participant SET name = 'New Name' WHERE id = %s",
                    [person.pk],
                )

        thread, errors = in_another_connection(rename)
        thread.join(1.0)
        assert thread.is_alive()  # the change waits for the consent's transaction
    thread.join(10)
    assert not errors and not thread.is_alive()
    assert SharedCopy.objects.get().name == "New Name"
    _in_step()


# --- Narrowing only ---------------------------------------------------------------------------


def test_the_part_of_a_condition_the_copy_can_check():
    part = participants_access.copied_part
    name = Q(name__icontains="lund")
    assert part(name) is name
    assert part(Q(status="active") & ~Q(driving_licences__contains=["B"])) is not None
    # Of an AND, the copied terms; an OR or a negation with another term is left out whole.
    both = part(Q(name__icontains="lund") & Q(personal_number="199001011234"))
    assert both is not None and both.children == [("name__icontains", "lund")]
    assert part(Q(name__icontains="lund") | Q(phone__contains="1234")) is None
    assert part(~(Q(status="active") & Q(pk=1))) is None
    # Nothing that names a relation's fields, the row's key, a transform or another query.
    assert part(Q(coordinator__organisation=1)) is None
    assert part(Q(pk__in=[1, 2])) is None
    assert part(Q(name__unaccent__icontains="a")) is None
    assert part(Q(available_from__lte=F("arrival_date"))) is None
    busy = Exists(Consent.objects.filter(participant=OuterRef("pk")))
    assert part(Q(busy)) is None
    assert part(busy) is None  # a condition that is not a Q
    assert part(Q()) is None
    # An expression inside a list is resolved too: against the copy it would name the copy.
    assert part(Q(status__in=[F("gender"), "active"])) is None
    assert part(Q(status__in=("paused", "active"))) is not None


def test_conditions_with_expressions_give_the_rules_rows(shared, municipal_coordinator):
    person, _consent = shared
    user = municipal_coordinator
    busy = Exists(Consent.objects.filter(participant=OuterRef("pk")))
    for where in (Q(status__in=[F("status"), "closed"]), busy, Q(busy) & Q(name__icontains="o")):
        narrowed = list(participants_access.participants_for(user, where))
        assert narrowed == list(participants_access.participants_for(user).filter(where))
        assert narrowed == [person]


def test_negations_and_nulls_narrow_as_the_rule(af, municipality, municipal_coordinator):
    user = municipal_coordinator
    for n, (available, coordinator, licences) in enumerate(
        [(None, None, []), (dt.date(2027, 1, 1), user, ["B"]), (dt.date(2020, 1, 1), None, ["C"])]
    ):
        person = ParticipantFactory(
            name=f"P{n}",
            registered_by=af,
            available_from=available,
            coordinator=coordinator,
            driving_licences=licences,
        )
        ConsentFactory(participant=person, shared_with=municipality)
    conditions = [
        ~Q(available_from__lt=dt.date(2025, 1, 1)),
        ~Q(available_from__gte=dt.date(2025, 1, 1)),
        ~Q(coordinator=user),
        ~Q(coordinator__in=[user.pk]),
        Q(coordinator__isnull=True),
        ~Q(driving_licences__contains=["C"]),
        Q(name__icontains="p") | ~Q(status="closed"),
        Q(available_from__isnull=True) ^ Q(driving_licences__contains=["B"]),
        ~(Q(available_from__lt=dt.date(2025, 1, 1)) | Q(coordinator=user)),
        Q(coordinator=None),
        ~Q(coordinator=None),
        Q(driving_licences__overlap=["B", "C"]) & ~Q(available_from=None),
    ]
    for where in conditions:
        assert participants_access.copied_part(where) is not None, where
        narrowed = participants_access.participants_for(user, where)
        plain = participants_access.participants_for(user).filter(where)
        assert set(narrowed.values_list("name", flat=True)) == set(
            plain.values_list("name", flat=True)
        ), where


def _search_ids(user, **filters):
    return [pk for pk, _name in search_participant_ids(user, Filters(**filters))]


@pytest.mark.parametrize(
    "filters",
    [
        {"text": "kovalenko"},
        {"text": "Olena", "status": "active"},
        {"licence": "B", "swedish_level": "sfi_d"},
        {"text": "0701"},  # a phone number: not copied, the copy narrows nothing
        {"text": "nobody at all"},
    ],
)
def test_a_search_finds_the_same_people_through_the_copy(shared, municipal_coordinator, filters):
    person, _consent = shared
    lapsed = ParticipantFactory(name="Olena Lapsed", registered_by=person.registered_by)
    ConsentFactory(
        participant=lapsed,
        shared_with=municipal_coordinator.organisation,
        given_on=today() - dt.timedelta(days=90),
        valid_until=today() - dt.timedelta(days=1),
    )
    ParticipantFactory(name="Olena Own", registered_by=municipal_coordinator.organisation)
    halves = _search_ids(municipal_coordinator, **filters)
    plain = list(
        search_participants(municipal_coordinator, Filters(**filters)).values_list("pk", flat=True)
    )
    assert halves == plain
    assert lapsed.pk not in halves


def test_a_search_on_copied_columns_reads_the_copy_and_one_on_others_does_not(
    shared, municipal_coordinator
):
    def statements(**filters):
        with CaptureQueriesContext(connection) as queries:
            _search_ids(municipal_coordinator, **filters)
        return " ".join(query["sql"] for query in queries.captured_queries)

    assert copy_module.TABLE in statements(text="kovalenko")
    assert copy_module.TABLE in statements(licence="B", status="active")
    assert copy_module.TABLE in statements()  # the whole list, in the copy's name order
    assert copy_module.TABLE not in statements(text="0701234")


@pytest.mark.parametrize("filters", [{}, {"status": "active"}, {"text": "delad"}])
def test_the_lists_pages_of_shared_people_read_the_copy_in_name_order(
    af, municipality, municipal_coordinator, filters
):
    """The whole list's shared half is read from the copy in name order (a search's through the
    people), a person with two active consents once, the expired and withdrawn left out: every
    page is the same slice of search_participants, however the renewals fall across the
    pages."""
    user = municipal_coordinator
    for n in range(7):
        person = ParticipantFactory(name=f"Delad {n}", registered_by=af, status="active")
        ConsentFactory(participant=person, shared_with=municipality)
        if n % 2 == 0:  # renewed: two active consents, two rows in the copy
            ConsentFactory(participant=person, shared_with=municipality)
    lapsed = ParticipantFactory(name="Delad A lapsed", registered_by=af, status="active")
    ConsentFactory(
        participant=lapsed,
        shared_with=municipality,
        given_on=today() - dt.timedelta(days=90),
        valid_until=today() - dt.timedelta(days=1),
    )
    withdrawn = ParticipantFactory(name="Delad A withdrawn", registered_by=af, status="active")
    ConsentFactory(
        participant=withdrawn,
        shared_with=municipality,
        withdrawn_at=timezone.now(),
        withdrawn_on=today(),
    )
    not_yet = ParticipantFactory(name="Delad A not yet", registered_by=af, status="active")
    ConsentFactory(
        participant=not_yet, shared_with=municipality, given_on=today() + dt.timedelta(days=3)
    )
    ParticipantFactory(name="Delad eget", registered_by=municipality, status="active")
    # Equal names, ordered by id: two shared people, and one shared and one registered.
    for registered_by in (af, af, municipality):
        twin = ParticipantFactory(name="Delad 3", registered_by=registered_by, status="active")
        if registered_by == af:
            ConsentFactory(participant=twin, shared_with=municipality)
    expected = list(search_participants(user, Filters(**filters)).values_list("pk", "name"))
    assert len(expected) == 11
    assert [name for _pk, name in expected].count("Delad 3") == 4
    ids = search_participant_ids(user, Filters(**filters))
    assert ids.count() == len(expected)
    assert list(ids[0:0]) == []  # an empty page: no half is queried
    for size in (2, 3):
        for start in range(0, 12, size):
            assert list(ids[start : start + size]) == expected[start : start + size], start


def test_the_consent_is_checked_on_each_copy_and_not_joined(shared, municipal_coordinator):
    """The list's shared half reads the organisation's copies in name order and asks of each
    whether an active consent shares the person (a per-row condition): as a join, PostgreSQL
    guesses ~1 % of the copies pass and reads and sorts all of them (4 000 for a municipality
    nationally) for every page, instead of the first ~30 (issue 18)."""
    _registered, shared_half = participants_access.participant_halves_for(municipal_coordinator)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = shared_half[:25].explain()
    assert "sharedcopy_org_name_filters" in plan
    assert "SubPlan" in plan
    assert "Join" not in plan


def test_a_copy_out_of_step_cannot_show_anyone_the_consent_does_not_share(
    shared, municipal_coordinator, af, af_coordinator
):
    """Were the copy ever wrong (written here past its triggers), a search could miss a shared
    person but never show one: the consent and the condition are checked on the real rows."""
    person, consent = shared
    stranger = ParticipantFactory(name="Olena Stranger", registered_by=af)
    other = ConsentFactory(participant=stranger, shared_with=MunicipalityFactory())
    # A row that says the stranger is shared with the coordinator's municipality.
    SharedCopy.objects.filter(pk=other.pk).update(shared_with=municipal_coordinator.organisation)
    # And the shared person's row with a name that matches where the person's does not.
    SharedCopy.objects.filter(pk=consent.pk).update(name="Olena Kovalenko Match")
    user = municipal_coordinator
    assert _search_ids(user, text="Olena") == [person.pk]
    assert _search_ids(user, text="Match") == []
    where = Q(name__icontains="Olena")
    assert list(participants_access.participants_for(user, where).values_list("pk", flat=True)) == [
        person.pk
    ]
    # A copy with the wrong name hides the person from a narrowed search, and places them by
    # that name in the whole list.
    SharedCopy.objects.filter(pk=consent.pk).update(name="Someone Else")
    assert _search_ids(user, text="Kovalenko") == []
    assert _search_ids(user) == [person.pk]
    # A copy missing hides them from the whole list too (the count, from the consents, still
    # counts them): never anyone the consents do not share.
    SharedCopy.objects.filter(pk=consent.pk).delete()
    assert _search_ids(user) == []


def test_a_copy_out_of_step_shows_a_person_once_on_the_lists_page(
    client, shared, municipal_coordinator
):
    """A person with two consents whose copies name them two ways (written here past the
    triggers) is two rows of the list's ids; the page shows them once."""
    person, consent = shared
    ConsentFactory(participant=person, shared_with=municipal_coordinator.organisation)
    own = ParticipantFactory(name="Zed Own", registered_by=municipal_coordinator.organisation)
    SharedCopy.objects.filter(pk=consent.pk).update(name="Aaa Stale")
    assert _search_ids(municipal_coordinator) == [person.pk, person.pk, own.pk]
    client.force_login(municipal_coordinator)
    response = client.get(reverse("participants:participant_list"))
    assert [p.pk for p in response.context["participants"]] == [person.pk]


@pytest.mark.parametrize("role", [Role.AF_COORDINATOR, Role.MUNICIPAL_COORDINATOR, Role.JOB_COACH])
def test_narrowed_visibility_equals_the_rule_for_every_kind_of_consent(
    af, municipality, af_coordinator, personas, role
):
    user = personas[role]
    theirs = user.organisation
    registering = af if theirs == municipality else municipality
    cases = {
        "active": {},
        "open ended": {"valid_until": None},
        "expired": {"valid_until": today() - dt.timedelta(days=1)},
        "not yet given": {"given_on": today() + dt.timedelta(days=3)},
        "withdrawn": "withdrawn",
        "to another": "another",
    }
    for label, how in cases.items():
        person = ParticipantFactory(name=f"Lund {label}", registered_by=registering)
        if how == "another":
            ConsentFactory(participant=person, shared_with=MunicipalityFactory())
            continue
        consent = ConsentFactory(
            participant=person, shared_with=theirs, **(how if isinstance(how, dict) else {})
        )
        if how == "withdrawn":
            withdraw_consent(
                consent=consent, withdrawn_on=today(), by=UserFactory(organisation=registering)
            )
    ParticipantFactory(name="Lund own", registered_by=theirs)
    where = Q(name__icontains="lund") & Q(status="active")
    narrowed = set(participants_access.participants_for(user, where).values_list("name", flat=True))
    plain = set(
        participants_access.participants_for(user).filter(where).values_list("name", flat=True)
    )
    assert narrowed == plain == {"Lund active", "Lund open ended", "Lund own"}
