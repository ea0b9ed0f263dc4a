"""bench.explain explains every read a page makes, and nothing that writes."""

import pytest

from bench.explain import is_a_read


@pytest.mark.parametrize(
    "sql",
    [
        'SELECT "a" FROM "t"',
        "  select 1",
        '(SELECT "id" FROM "p" ORDER BY "name" LIMIT 20) UNION ALL (SELECT "id" FROM "p" LIMIT 20)',
        "( (SELECT 1) UNION (SELECT 2) ) ORDER BY 1",
        "WITH x AS (SELECT 1) SELECT * FROM x",
    ],
)
def test_reads_are_explained(sql):
    assert is_a_read(sql)


@pytest.mark.parametrize(
    "sql",
    [
        'INSERT INTO "t" VALUES (1)',
        'UPDATE "t" SET "a" = 1',
        "SELECT set_config('pghistory.context_id', 'x', true); INSERT INTO \"t\" VALUES (1)",
        "DELETE FROM t",
    ],
)
def test_writes_are_not(sql):
    assert not is_a_read(sql)
