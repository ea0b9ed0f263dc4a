"""For tests of migrations that build an index (beside an old one, or instead of it) in steps
that may each be run again (jobbspar 0019, tracks 0020, participants 0014 to 0017): the steps'
SQL, a run that stopped and the run again, and the indexes there are."""

from collections.abc import Callable
from types import ModuleType

from django.db import connection


def database_statements(migration: ModuleType) -> list[str]:
    """The SQL of the migration's one SeparateDatabaseAndState, step by step."""
    (operation,) = migration.Migration.operations
    return [step.sql for step in operation.database_operations]


def run_again_after_stopping(statements: list[str], stopped_after: int) -> None:
    """The first `stopped_after` steps (the run that stopped), then every step again."""
    with connection.cursor() as cursor:
        for sql in [*statements[:stopped_after], *statements]:
            cursor.execute(sql)


def indexes(tables: list[str], names_like: list[str]) -> dict[str, str]:
    """The indexes (name: definition) of `tables` whose names are LIKE one of `names_like`."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes "
            "WHERE tablename = ANY(%s) AND indexname LIKE ANY(%s)",
            [tables, names_like],
        )
        return dict(cursor.fetchall())


def check_run_again(
    migration: ModuleType, steps: int, stopped_after: int, as_the_model_says: Callable[[], None]
) -> None:
    """The migration's `steps` run again after a run that stopped after `stopped_after` of
    them, with the indexes as the model says before and after (`as_the_model_says` asserts)."""
    as_the_model_says()
    statements = database_statements(migration)
    assert len(statements) == steps
    run_again_after_stopping(statements, stopped_after)
    as_the_model_says()
