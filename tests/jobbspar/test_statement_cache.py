"""A SELECT compiled once per shape gives Django's SQL, parameters and rows (issue 18,
jobbspar/database/statements.py).

The whole test suite runs with `statements.VERIFY` on (tests/conftest.py): every statement taken
from the cache is compiled again by Django and must be identical. These tests check the cache
itself: that it is used, what keeps a statement out of it, that values the SQL depends on are
part of the shape, and that the access rules give the same rows through it.
"""

import copy
import datetime as dt

import pytest
from django.db import connection
from django.db.models import (
    Case,
    Count,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    JSONField,
    OuterRef,
    Q,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, NullIf, Upper
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from employers.models import Occupation, RecruitmentNeed
from jobbspar import scoping
from jobbspar.database import statements
from jobbspar.database.arrays import among, among_array, id_array
from jobbspar.models import Organisation, User
from participants import access as participants_access
from participants.models import Consent, Participant
from participants.models.consent import ConsentMethod
from tests.employers.factories import ensure_occupations
from tests.participants.factories import ConsentFactory, ParticipantFactory

pytestmark = pytest.mark.django_db

MODELS = {
    "participants_participant": Participant,
    "jobbspar_organisation": Organisation,
    "jobbspar_user": User,
    "participants_consent": Consent,
}


@pytest.fixture
def fresh():
    statements.forget()
    yield
    statements.forget()


def entries(table="participants_participant"):
    """The shapes learnt of statements that read `table` (factories read other tables)."""
    return [
        entry for key, entry in statements._cache.items() if key[-1][1] == ("model", MODELS[table])
    ]


def cached(table="participants_participant"):
    return [e for e in entries(table) if type(e) is not statements.NotCached]


def not_cached(table="participants_participant"):
    return [e for e in entries(table) if type(e) is statements.NotCached]


def run(queryset):
    with CaptureQueriesContext(connection) as captured:
        rows = list(queryset)
    return rows, [query["sql"] for query in captured.captured_queries]


def without_cache(queryset):
    statements.ENABLED = False
    try:
        return list(queryset._chain())
    finally:
        statements.ENABLED = True


def test_a_statement_is_compiled_once_and_then_taken_from_the_cache(fresh, af):
    people = [ParticipantFactory(registered_by=af) for _ in range(3)]
    first = Participant.objects.filter(pk=people[0].pk).select_related("registered_by")
    assert [p.pk for p in first] == [people[0].pk]
    assert len(cached()) == 1
    # The same shape with another value: no new entry, the other row, Django's SQL.
    for person in people[1:]:
        rows, sql = run(Participant.objects.filter(pk=person.pk).select_related("registered_by"))
        assert [p.pk for p in rows] == [person.pk]
        assert rows[0].registered_by.name == af.name  # the joined columns come through
        # As run: the statement with its values, as Django writes it.
        assert sql == [str(first.query).replace(f"= {people[0].pk} ", f"= {person.pk} ")]
    assert len(cached()) == 1


def test_a_cached_statement_gives_djangos_rows_for_many_kinds_of_query(fresh, af, municipality):
    today = timezone.localdate()
    licences = [["B"], ["B", "C"], [], ["C", "CE"]]
    people = [
        ParticipantFactory(registered_by=af, name=f"Anna {n}", driving_licences=licences[n])
        for n in range(4)
    ]
    people.append(ParticipantFactory(registered_by=municipality, name="Bo 50%_off\\"))
    for person in people[:2]:
        ConsentFactory(participant=person, shared_with=municipality)
    ensure_occupations()
    cook, cleaner = Occupation.objects.order_by("pk")[:2]
    people[0].interests.add(cook, cleaner)
    people[3].interests.add(cleaner)
    consents = Consent.objects.filter(participant=OuterRef("pk"), given_on__lte=today)
    shapes = [
        lambda v: Participant.objects.filter(registered_by=v["org"]).order_by("-name", "pk"),
        lambda v: Participant.objects.filter(pk__in=v["ids"]).order_by("pk"),
        lambda v: Participant.objects.filter(~Q(pk=v["id"]), registered_by=v["org"]),
        lambda v: Participant.objects.filter(name__icontains=v["text"]).order_by("pk"),
        lambda v: Participant.objects.filter(name__startswith=v["text"]).order_by("pk"),
        lambda v: Participant.objects.annotate(shared=Exists(consents)).filter(shared=True),
        lambda v: Participant.objects.annotate(up=Upper("name"), k=Value(v["text"])).values_list(
            "up", "k"
        ),
        lambda v: Participant.objects.filter(pk__gte=v["id"]).order_by("pk")[1:3],
        lambda v: Organisation.objects.annotate(n=Count("registered_participants")).filter(
            n__gte=v["n"]
        ),
        lambda v: Participant.objects.filter(created_at__date__lte=v["day"]).values("pk"),
        lambda v: Participant.objects.annotate(
            raw=RawSQL("%s + 1", (v["n"],)), same=F("pk")
        ).filter(pk=v["id"]),
        # An array of leaves is one parameter.
        lambda v: Participant.objects.filter(driving_licences__contains=v["licences"]),
        lambda v: Participant.objects.filter(driving_licences__overlap=v["licences"]),
        # A duration in an expression (the steering page's last day of a track).
        lambda v: Participant.objects.annotate(
            later=ExpressionWrapper(F("created_at") + v["span"], output_field=DateTimeField())
        ).values_list("pk", "later"),
        # A many-to-many field's own through model (made at start-up, not importable) queried.
        lambda v: Participant.objects.filter(
            pk__in=Participant.interests.through.objects.filter(
                occupation_id=v["occupation"]
            ).values("participant_id")
        ),
    ]
    values = [
        {
            "org": af.pk,
            "ids": [people[0].pk, people[2].pk],
            "id": people[1].pk,
            "text": "ann",
            "n": 1,
            "day": today,
            "licences": ["B"],
            "span": dt.timedelta(days=7),
            "occupation": cook.pk,
        },
        {
            "org": municipality.pk,
            "ids": [people[4].pk, people[3].pk],
            "id": people[4].pk,
            "text": "50%_",
            "n": 0,
            "day": today - dt.timedelta(days=1),
            "licences": ["C"],
            "span": dt.timedelta(hours=-1),
            "occupation": cleaner.pk,
        },
        {
            "org": af.pk,
            "ids": [people[1].pk, people[1].pk],
            "id": people[0].pk,
            "text": "o\\",
            "n": 2,
            "day": today + dt.timedelta(days=1),
            "licences": ["B", "C"],
            "span": dt.timedelta(seconds=30),
            "occupation": cook.pk,
        },
    ]
    learnt = []
    real_learn = statements._learn

    def learn(*args):
        result = real_learn(*args)
        learnt.append(result[2])
        return result

    statements._learn = learn
    try:
        for shape in shapes:
            before = len(learnt)
            for value in values:
                queryset = shape(value)
                expected = without_cache(queryset)
                assert list(queryset._chain()) == expected, (shape, value)
            # Learnt once (twice where a value repeats in an IN list), then taken from the cache.
            assert 1 <= len(learnt) - before <= 2, shape
            assert all(type(e) is not statements.NotCached for e in learnt[before:]) or (
                len(learnt) - before == 2
            )
    finally:
        statements._learn = real_learn


def test_values_the_sql_depends_on_are_part_of_the_shape(fresh, af, af_coordinator):
    a = ParticipantFactory(registered_by=af)
    b = ParticipantFactory(
        registered_by=af,
        presentation_consent_on=timezone.localdate(),
        presentation_consent_by=af_coordinator,
    )
    # None becomes IS NULL; a boolean and a length change the SQL: each its own shape.
    assert list(Participant.objects.filter(presentation_consent_on=None, pk__in=[a.pk, b.pk])) == [
        a
    ]
    assert list(
        Participant.objects.filter(presentation_consent_on=b.presentation_consent_on, pk=b.pk)
    ) == [b]
    assert list(Participant.objects.filter(pk__in=[a.pk])) == [a]
    assert sorted(p.pk for p in Participant.objects.filter(pk__in=[a.pk, b.pk])) == [a.pk, b.pk]
    # IN writes each distinct value once: a repeated value is another shape.
    assert list(Participant.objects.filter(pk__in=[b.pk, b.pk])) == [b]
    assert list(Participant.objects.filter(needs_interpreter=True, pk=a.pk)) == []
    assert list(Participant.objects.filter(needs_interpreter=False, pk=a.pk)) == [a]
    # A negation is part of the shape.
    assert list(Participant.objects.filter(~Q(pk=a.pk), pk__in=[a.pk, b.pk])) == [b]
    assert list(Participant.objects.filter(Q(pk=a.pk), pk__in=[a.pk, b.pk])) == [a]
    # Limits and offsets are written into the SQL: each its own shape.
    ordered = Participant.objects.filter(pk__in=[a.pk, b.pk]).order_by("pk")
    assert list(ordered[:1]) == [a]
    assert list(ordered[1:2]) == [b]
    # Each of these was learnt as a shape of its own (IN with one value and IN with a value
    # twice write the same SQL, as two shapes).
    texts = [entry[0] for entry in cached()]
    assert len(texts) == 11
    assert len(set(texts)) == 10


def test_learning_leaves_the_query_as_it_was(fresh, af):
    """The markers go into a private copy: the query run (and anything it shares with other
    queries) keeps its values."""
    person = ParticipantFactory(registered_by=af)
    queryset = Participant.objects.filter(pk=person.pk, name=person.name)
    lookups = list(queryset.query.where.children)
    before = sorted(map(str, (lookup.rhs for lookup in lookups)))
    assert list(queryset) == [person]
    assert sorted(map(str, (lookup.rhs for lookup in lookups))) == before
    assert sorted(before) == sorted(map(str, (person.pk, person.name)))
    assert len(cached()) == 1


def test_a_wrong_entry_is_caught_under_verify(fresh, af):
    person = ParticipantFactory(registered_by=af)
    list(Participant.objects.filter(pk=person.pk))
    ((key, (sql, recipe, state, converters)),) = [
        (key, entry) for key, entry in statements._cache.items() if entry in cached()
    ]
    statements._cache[key] = (sql.replace('"id" =', '"id" <>'), recipe, state, converters)
    with pytest.raises(statements.ShapeMismatch):
        list(Participant.objects.filter(pk=person.pk))


def test_what_cannot_be_described_is_compiled_every_time(fresh, af):
    person = ParticipantFactory(registered_by=af)

    class Opaque:
        __slots__ = ("value",)

    # A value the walk cannot describe (an object with slots in an expression): no entry.
    expression = Value(1)
    expression.extra_thing = Opaque()
    assert list(Participant.objects.annotate(x=expression).filter(pk=person.pk)) == [person]
    assert entries() == []


def test_a_shape_learnt_outside_a_request_is_not_used_inside_one(fresh, af, monkeypatch):
    """Whether unscoped queries are refused is part of the key: a statement from the cache does
    not compile its subqueries, so it must not skip the check they would meet. (Without the
    test suite's second compilation, which would meet the check itself.)"""
    monkeypatch.setattr(statements, "VERIFY", False)
    person = ParticipantFactory(registered_by=af)
    unscoped_subquery = Participant.objects.filter(pk=OuterRef("participant_id"))
    # The outer query is marked as decided by an access rule; the subquery is not.
    query = lambda: scoping.scoped(Consent).filter(Exists(unscoped_subquery))  # noqa: E731
    list(query())  # outside a request: not checked, and learnt
    assert len(cached("participants_consent")) == 1
    with scoping.request_scope(), pytest.raises(scoping.UnscopedQueryError):
        list(query())
    assert person.pk


@pytest.mark.parametrize(
    "role", ["af_coordinator", "municipal_coordinator", "job_coach", "manager", "employer_user"]
)
def test_the_access_rule_gives_the_same_people_through_the_cache(
    fresh, request, role, af, municipality
):
    for _ in range(3):
        ParticipantFactory(registered_by=af)
        ParticipantFactory(registered_by=municipality)
    ConsentFactory(participant=ParticipantFactory(registered_by=af), shared_with=municipality)
    users = [request.getfixturevalue(name) for name in ("af_coordinator", "municipal_coordinator")]
    user = request.getfixturevalue(role)
    # Learnt for other organisations first, then used for this user.
    for other in users:
        list(participants_access.participants_for(other).values_list("pk", flat=True))
    through_cache = set(participants_access.participants_for(user).values_list("pk", flat=True))
    statements.ENABLED = False
    try:
        expected = set(participants_access.participants_for(user).values_list("pk", flat=True))
    finally:
        statements.ENABLED = True
    assert through_cache == expected


def test_the_cache_starts_again_when_full(fresh, af, monkeypatch):
    monkeypatch.setattr(statements, "MAX_SHAPES", 3)
    person = ParticipantFactory(registered_by=af)
    for n in range(5):
        list(Participant.objects.filter(pk=person.pk)[: n + 1])
        assert 1 <= len(statements._cache) <= 3


def test_a_user_statement_with_a_related_organisation_is_cached(fresh, af_coordinator):
    users = list(User.objects.filter(pk=af_coordinator.pk).select_related("organisation"))
    assert users[0].organisation.name
    assert len(cached("jobbspar_user")) == 1
    assert not not_cached("jobbspar_user")


def test_the_setting_turns_the_cache_off(fresh, af, settings):
    person = ParticipantFactory(registered_by=af)
    settings.COMPILED_STATEMENT_CACHE = False
    statements.configure()
    try:
        assert list(Participant.objects.filter(pk=person.pk)) == [person]
        assert entries() == []
    finally:
        settings.COMPILED_STATEMENT_CACHE = True
        statements.configure()
    assert statements.ENABLED
    assert list(Participant.objects.filter(pk=person.pk)) == [person]
    assert len(cached()) == 1


# What a review of the cache found (each failed before its fix; VERIFY is off where the
# test suite's second compilation would hide the difference).


def test_which_values_are_equal_is_part_of_the_shape(fresh, af, monkeypatch):
    """Django orders by a selected expression's position when the ORDER BY expression equals
    it: learnt with equal values, a later query with different ones must not reuse that."""
    monkeypatch.setattr(statements, "VERIFY", False)
    people = [
        ParticipantFactory(registered_by=af, district="").pk,
        ParticipantFactory(registered_by=af, district="Rosengård").pk,
    ]

    def query(selected, ordered):
        return list(
            Participant.objects.filter(pk__in=people)
            .annotate(label=Coalesce(NullIf("district", Value("")), Value(selected)))
            .order_by(Coalesce(NullIf("district", Value("")), Value(ordered)), "pk")
            .values_list("label", flat=True)
        )

    def django(selected, ordered):
        statements.ENABLED = False
        try:
            return query(selected, ordered)
        finally:
            statements.ENABLED = True

    for selected, ordered in (("A", "A"), ("A", "Z"), ("Z", "A"), ("B", "B")):
        assert query(selected, ordered) == django(selected, ordered), (selected, ordered)


def test_an_integer_out_of_its_columns_range_is_its_own_shape(fresh, monkeypatch):
    from tests.employers.factories import RecruitmentNeedFactory

    monkeypatch.setattr(statements, "VERIFY", False)
    RecruitmentNeedFactory(positions=5)
    needs = RecruitmentNeed.objects
    assert needs.filter(positions=5).count() == 1
    # Django: no row can match a value a 32-bit column cannot hold (psycopg would send its
    # low 32 bits, 5, if the learnt statement were reused).
    assert needs.filter(positions=2**32 + 5).count() == 0
    assert needs.filter(positions__lt=2**31).count() == 1
    assert needs.exclude(positions__lt=2**31).count() == 0


def test_the_current_time_zone_is_part_of_the_key(fresh, af):
    person = ParticipantFactory(registered_by=af)
    queryset = lambda: Participant.objects.filter(  # noqa: E731
        pk=person.pk, created_at__date=person.created_at.date()
    )
    with timezone.override("Europe/Stockholm"):
        list(queryset())
        list(queryset())
    with timezone.override("America/New_York"):
        list(queryset())
        list(queryset())  # VERIFY: Django's statement names New York
    assert len(cached()) == 2


def test_a_naive_date_time_is_made_aware_as_django_does(fresh, af, monkeypatch):
    monkeypatch.setattr(statements, "VERIFY", False)
    person = ParticipantFactory(registered_by=af)

    def query(moment):
        return list(
            Participant.objects.filter(pk=person.pk)
            .annotate(at=Value(moment, output_field=DateTimeField()))
            .values_list("at", flat=True)
        )

    aware = timezone.now()
    assert query(aware) == [aware]
    naive = dt.datetime(2024, 6, 1, 12, 0)
    expected = timezone.make_aware(naive)
    assert query(naive) == [expected]


def test_values_of_different_types_are_different_shapes(fresh, af, monkeypatch):
    monkeypatch.setattr(statements, "VERIFY", False)
    person = ParticipantFactory(registered_by=af)

    def query(value):
        return list(Participant.objects.filter(pk=person.pk).annotate(x=value).values_list("x"))

    assert query(Value(True)) == [(True,)]
    assert query(Value(1.5)) == [(1.5,)]
    assert query(Value(1.0)) == [(1.0,)]
    assert type(query(Value(1.0))[0][0]) is float


def test_learning_does_not_run_a_queryset_an_expression_was_made_with(fresh, af):
    person = ParticipantFactory(registered_by=af)
    ConsentFactory(participant=person)
    consenting = Consent.objects.values("participant_id")
    queryset = Participant.objects.annotate(
        shared=Case(When(pk__in=consenting, then=Value(1)), default=Value(0))
    ).filter(pk=person.pk)
    with CaptureQueriesContext(connection) as captured:
        assert [p.shared for p in queryset] == [1]
    assert len(captured.captured_queries) == 1
    assert consenting._result_cache is None


def test_a_shapes_result_converters_are_worked_out_once(fresh, af, monkeypatch):
    """Django asks every result column for its converters on every query; a statement from the
    cache takes the shape's, worked out the first time it was taken (issue 18)."""
    from django.db.models.sql.compiler import SQLCompiler

    people = [ParticipantFactory(registered_by=af, name=f"Omvandlad {n}") for n in range(4)]
    calls = []
    original = SQLCompiler.get_converters

    def counting(self, expressions):
        calls.append(len(expressions))
        return original(self, expressions)

    monkeypatch.setattr(SQLCompiler, "get_converters", counting)
    monkeypatch.setattr(statements, "VERIFY", False)  # VERIFY works them out again each time

    def shape(person):
        # Columns whose converters do something: an integer annotation, a JSON field's value.
        return Participant.objects.filter(pk=person.pk).annotate(
            doubled=ExpressionWrapper(F("pk") * 2, output_field=IntegerField()),
            tagged=Value(person.pk, output_field=IntegerField()),
        )

    rows = [next(iter(shape(person))) for person in people]
    assert [(r.doubled, r.tagged) for r in rows] == [(2 * p.pk, p.pk) for p in people]
    assert all(r.created_at.tzinfo is not None for r in rows)
    assert len(cached()) == 1
    # Once when learnt (compiled as Django does), once the first time taken from the cache.
    assert len(calls) == 2


def test_only_the_shapes_own_columns_converters_are_kept(fresh, af):
    """An aggregate over a cached shape asks for the converters of its own, new expressions:
    they are worked out and not kept, so no searched value stays in memory with the shape; the
    shape's result columns' converters are kept once (review of issue 18's eighth round)."""
    ParticipantFactory(registered_by=af, name="Sökt Person")
    for n in range(6):
        list(Participant.objects.filter(registered_by=af, name__icontains=f"hemlig-{n}"))
        Participant.objects.filter(registered_by=af).aggregate(
            n=Count("id", filter=Q(name__icontains=f"hemlig-{n}"))
        )
    kept = [entry[3] for entry in cached()]
    assert kept
    for holder in kept:
        assert set(holder) <= {"columns", "converters"}
        # The shape's own columns are those of the request that taught it (hemlig-0, as its
        # state already holds them); no later request's value is added.
        seen = repr(holder)
        assert not any(f"hemlig-{n}" in seen for n in range(1, 6))

    from django.db.models.sql.compiler import SQLCompiler

    compiler = Participant.objects.all().query.get_compiler("default")
    own = Value(1, output_field=IntegerField())
    compiler.shape_converters = {"columns": (own,)}
    first = compiler.get_converters([own])
    assert compiler.get_converters([own]) is first  # kept
    other = Value({"a": 1}, output_field=JSONField())
    theirs = compiler.get_converters([other])  # not the shape's: its own, not kept
    assert theirs == SQLCompiler.get_converters(compiler, [other])
    assert theirs[0][1] is other
    assert compiler.shape_converters["converters"] is first


class _Holder:
    """An object the walk describes by its `__dict__` (no bound attributes)."""

    def __init__(self, **attributes):
        self.__dict__.update(attributes)


def _shape(obj):
    walk = statements._Walk(record=False)
    return walk.of(obj), walk.leaves


def test_plain_values_are_described_with_their_type_wherever_they_are():
    """The walk describes plain values where it meets them (in attributes, lists, tuples and
    dicts) rather than through a call each; True, 1 and 1.0 stay three shapes everywhere, and
    none of them is a leaf outside a bound attribute."""
    for make in (
        lambda v: _Holder(value=v),
        lambda v: _Holder(values=[v, "a", None]),
        lambda v: _Holder(values=(None, v)),
        lambda v: _Holder(options={"x": v, "y": "b"}),
        lambda v: _Holder(inner=_Holder(values=[_Holder(value=v)])),
    ):
        shapes = [_shape(make(v)) for v in (True, 1, 1.0, b"1", 2)]
        assert all(leaves == [] for _, leaves in shapes)
        assert len({shape for shape, _ in shapes}) == 5
        assert _shape(make(True)) == _shape(make(True))


def test_bound_values_are_leaves_described_by_their_kind():
    """A lookup's right-hand side: a string, a date and an integer are leaves (an integer with
    its size); a boolean is part of the shape; a list's items each a leaf."""
    lookups = {
        value: Participant.objects.filter(name=value).query.where.children[0]
        for value in ("Anna", "Bo")
    }
    assert _shape(lookups["Anna"])[1] == ["Anna"]
    assert _shape(lookups["Anna"])[0] == _shape(lookups["Bo"])[0]

    ids = Participant.objects.filter(pk__in=[1, 2**40]).query.where.children[0]
    shape, leaves = _shape(ids)
    assert leaves == [1, 2**40]
    small = Participant.objects.filter(pk__in=[1, 2]).query.where.children[0]
    assert _shape(small)[0] != shape  # 2**40 needs a bigger integer than 2
    day = Participant.objects.filter(presentation_consent_on=dt.date(2026, 1, 2)).query
    assert _shape(day)[1] == [dt.date(2026, 1, 2)]
    # Subclasses of the commonest leaves are leaves of their own kind: a choice, a date-time;
    # a boolean is never a leaf.
    member = next(iter(ConsentMethod))
    by_member = Consent.objects.filter(method=member).query
    assert _shape(by_member)[1] == [member]
    assert type(_shape(by_member)[1][0]) is ConsentMethod
    by_text = Consent.objects.filter(method=str(member.value)).query
    assert _shape(by_member)[0] != _shape(by_text)[0]
    moment = dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.UTC)
    at = Participant.objects.filter(created_at=moment).query
    assert _shape(at)[1] == [moment]
    flag = Participant.objects.filter(needs_interpreter=True).query
    assert _shape(flag)[1] == []
    assert _shape(flag)[0] != _shape(Participant.objects.filter(needs_interpreter=False).query)[0]


def test_a_model_fields_description_follows_its_column():
    """A model field's description is kept on it once worked out; a copy whose column is
    changed is described with the new column (and the same number)."""
    field = Participant._meta.get_field("name")
    described, _ = _shape(field)
    assert described == _shape(field)[0]
    other = copy.copy(field)
    other.column = "another_column"
    assert _shape(other)[0] == (described[0], described[1], "another_column")
    assert _shape(field)[0] == described
    # A copy no longer bound to a model (its model a name, as before the app registry has it)
    # is described by its attributes, not as the field it was copied from.
    unbound = copy.copy(field)
    unbound.model = "participants.Participant"
    assert _shape(unbound)[0] != described
    assert _shape(unbound)[0][0] is type(field)


def test_ids_as_one_text_value_are_one_shape_whatever_their_number_and_size(fresh, af):
    """`among_array(path, id_array(ids))` binds the ids as one text value that the database casts
    to an array (jobbspar/database/arrays.py): one shape for any number of ids, empty or not,
    small or past 32 bits, each giving the same rows as `pk__in`."""
    people = [ParticipantFactory(registered_by=af) for _ in range(3)]
    everyone = Participant.objects.order_by("pk")
    beyond = 2**40  # no such row: an id past 32 bits
    for ids in ([], [people[0].pk], [people[1].pk, beyond], [p.pk for p in people], []):
        assert id_array(ids) == "{" + ",".join(str(pk) for pk in ids) + "}"
        rows, _sql = run(everyone.filter(among_array("pk", id_array(ids))))
        assert [p.pk for p in rows] == sorted(pk for pk in ids if pk != beyond)
        assert rows == without_cache(everyone.filter(pk__in=ids))
    assert not_cached() == []
    assert len(cached()) == 1


def test_an_array_of_values_is_cached_empty_or_not(fresh, af):
    """`among(path, ids)` binds its ids as one array (jobbspar/database/arrays.py): a shape per
    length, the empty one too (its parameter a constant), each giving Django's rows."""
    people = [ParticipantFactory(registered_by=af) for _ in range(3)]
    everyone = Participant.objects.order_by("pk")
    for ids in ([], [people[0].pk], [people[1].pk], [people[0].pk, people[2].pk], []):
        rows, _sql = run(everyone.filter(among("pk", ids)))
        assert [p.pk for p in rows] == sorted(ids)
        assert rows == without_cache(everyone.filter(among("pk", ids)))
    assert not_cached() == []
    assert len(cached()) == 3  # no ids, one, two


def test_the_pages_answer_with_the_cache_off(client, af, af_coordinator, monkeypatch):
    """COMPILED_STATEMENT_CACHE off: the pages whose statements are built once answer as before
    (their builders were handed `Fixed` data still wrapped: a server error)."""
    from django.urls import reverse

    ParticipantFactory(registered_by=af, name="Ada Avstängd")
    monkeypatch.setattr(statements, "ENABLED", False)
    client.force_login(af_coordinator)
    for name, params in (
        ("home", {}),
        ("participants:participant_list", {}),
        ("participants:participant_list", {"q": "ada"}),
        ("tracks:track_list", {}),
        ("employers:list", {"q": "ab"}),
    ):
        response = client.get(reverse(name), params)
        assert response.status_code == 200, name
    assert "Ada Avstängd" in client.get(reverse("participants:participant_list")).content.decode()
