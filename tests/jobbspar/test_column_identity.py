"""A column's identity without inspect is Django's own (issue 18, jobbspar/database/columns.py).

Expressions are equal and hash alike by their identity, and the SQL compiler orders by a
selected column's position by looking the column up by it: a different identity would make
two equal columns unequal (or the reverse), and change the SQL.
"""

import pytest
from django.apps import apps
from django.db.models import F, IntegerField
from django.db.models.expressions import Col, Expression

from jobbspar.database.columns import column_identity
from participants.models import Participant

pytestmark = pytest.mark.django_db


def djangos(column: Col) -> tuple:
    return Expression.__dict__["identity"].func(column)


def every_field():
    for model in apps.get_models():
        yield from model._meta.concrete_fields


def test_col_has_the_fast_identity_installed():
    assert Col.__dict__["identity"].func is column_identity


@pytest.mark.parametrize("alias", ["participants_participant", "T4", "U0", None])
def test_every_fields_column_has_djangos_identity(alias):
    checked = 0
    for field in every_field():
        other = IntegerField()
        for column in (
            Col(alias, field),
            Col(alias, field, field),
            Col(alias, field, output_field=other),
            Col(alias=alias, target=field),
            Col(alias, target=field, output_field=None),
            field.get_col(alias or field.model._meta.db_table),
            Col(alias, field).relabeled_clone({alias: "V3"}),
        ):
            assert column.identity == djangos(column), (field, column)
            checked += 1
    assert checked > 7 * 300


def test_equal_columns_are_equal_and_hash_alike_and_different_ones_are_not():
    name = Participant._meta.get_field("name")
    number = Participant._meta.get_field("personal_number")
    assert Col("T1", name) == Col("T1", name)
    assert hash(Col("T1", name)) == hash(Col(alias="T1", target=name))
    assert Col("T1", name) != Col("T2", name)
    assert Col("T1", name) != Col("T1", number)
    assert Col("T1", name) != Col("T1", name, IntegerField())
    # As in Django: an explicit output field that is the target is another identity.
    assert Col("T1", name) != Col("T1", name, name)


def test_a_subclass_of_col_keeps_djangos_identity():
    class Marked(Col):
        def __init__(self, alias, target, output_field=None, mark=""):
            super().__init__(alias, target, output_field)
            self.mark = mark

    name = Participant._meta.get_field("name")
    column = Marked("T1", name, mark="x")
    assert column.identity == djangos(column)
    assert ("mark", "x") in column.identity


def test_ordering_by_a_selected_column_gives_the_same_sql():
    """The compiler's position lookup finds the selected column by its identity."""
    queryset = (
        Participant.objects.select_related("registered_by")
        .annotate(n=F("registered_by__name"))
        .order_by("registered_by__name", "-name", "pk")
    )
    sql = str(queryset.query)
    assert 'ORDER BY "jobbspar_organisation"."name" ASC' in sql
    assert '"participants_participant"."name" DESC' in sql
