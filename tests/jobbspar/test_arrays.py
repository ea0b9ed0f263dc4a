"""`among(path, ids)` (jobbspar/database/arrays.py): the rows of `path__in=ids`, with the ids as
one array parameter."""

import pytest
from django.db import connection
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext

from jobbspar.database.arrays import among
from jobbspar.models import Organisation
from tests.jobbspar.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisations():
    return [MunicipalityFactory() for _ in range(5)]


@pytest.mark.parametrize("pick", [[], [0], [1, 3], [0, 1, 2, 3, 4]])
def test_the_same_rows_as_in(organisations, pick):
    ids = [organisations[i].pk for i in pick]
    everyone = Organisation.objects.order_by("pk")
    assert list(everyone.filter(among("pk", ids))) == list(everyone.filter(pk__in=ids))
    # Ids of no row, repeated, and large: nothing more.
    assert list(everyone.filter(among("pk", [*ids, *ids, 2**62]))) == list(
        everyone.filter(pk__in=ids)
    )


def test_the_ids_are_one_parameter_whatever_their_number(organisations):
    ids = [organisation.pk for organisation in organisations] + list(range(10**6, 10**6 + 300))
    with CaptureQueriesContext(connection) as queries:
        found = Organisation.objects.filter(among("pk", ids)).count()
    assert found == len(organisations)
    (query,) = queries.captured_queries
    assert "= ANY(" in query["sql"] and "IN (" not in query["sql"]


def test_inside_a_conditional_count(organisations):
    ids = [organisations[0].pk, organisations[2].pk]
    counted = Organisation.objects.aggregate(
        chosen=Count("pk", filter=Q(among("pk", ids))),
        others=Count("pk", filter=~Q(among("pk", ids))),
    )
    total = Organisation.objects.count()
    assert counted == {"chosen": 2, "others": total - 2}
