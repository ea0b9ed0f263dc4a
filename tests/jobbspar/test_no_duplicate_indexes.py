"""No table carries the same index twice (issue 18: a declared index that repeats one Django
makes for a foreign key or a unique text column is written on every insert and update for
nothing): no two indexes of a table with the same columns, operator classes, expressions,
condition, included columns and uniqueness."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

_SAME_INDEX_TWICE = """
    SELECT i.indrelid::regclass::text, array_agg(i.indexrelid::regclass::text ORDER BY 1)
    FROM pg_index i
    JOIN pg_class t ON t.oid = i.indrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE n.nspname = current_schema()
    GROUP BY i.indrelid, i.indkey::text, i.indclass::text, i.indnkeyatts, i.indisunique,
        coalesce(pg_get_expr(i.indexprs, i.indrelid), ''),
        coalesce(pg_get_expr(i.indpred, i.indrelid), '')
    HAVING count(*) > 1
"""


def test_no_table_has_the_same_index_twice():
    with connection.cursor() as cursor:
        cursor.execute(_SAME_INDEX_TWICE)
        assert cursor.fetchall() == []


def test_the_check_finds_an_index_made_twice():
    with connection.cursor() as cursor:
        cursor.execute(
            'CREATE INDEX a_second_coordinator_index ON participants_participant ("coordinator_id")'
        )
        cursor.execute(_SAME_INDEX_TWICE)
        (table, names), *_rest = cursor.fetchall()
    assert table == "participants_participant"
    assert "a_second_coordinator_index" in names
