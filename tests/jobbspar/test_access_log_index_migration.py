"""Migration jobbspar/0019 rebuilds the access log's index by record beside the old one; each of
its steps may be run again (a cancelled concurrent build, a run stopped after the drop or the
rename), and every run ends with the one index the model names."""

import importlib

import pytest
from django.db import connection

migration = importlib.import_module("jobbspar.migrations.0019_access_log_readers_from_the_index")

pytestmark = pytest.mark.django_db(transaction=True)


def _database_statements():
    (operation,) = migration.Migration.operations
    return [step.sql for step in operation.database_operations]


def _indexes():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'jobbspar_accesslog' "
            "AND indexname LIKE 'accesslog_object_at%%'"
        )
        return dict(cursor.fetchall())


def _run(statements):
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _is_the_models_index(indexes):
    assert set(indexes) == {"accesslog_object_at"}
    definition = indexes["accesslog_object_at"]
    assert "(object_type, object_id, at DESC) INCLUDE (user_id, organisation_id, purpose)" in (
        definition
    )


def test_the_migrated_database_has_the_models_index():
    _is_the_models_index(_indexes())


@pytest.mark.parametrize("stopped_after", [0, 1, 2, 3, 4])
def test_a_run_stopped_after_any_step_is_finished_by_running_it_again(stopped_after):
    statements = _database_statements()
    assert len(statements) == 4
    _run(statements[:stopped_after])  # the run that stopped
    _run(statements)  # and again
    _is_the_models_index(_indexes())
