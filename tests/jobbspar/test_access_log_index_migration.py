"""Migration jobbspar/0019 rebuilds the access log's index by record beside the old one; each of
its steps may be run again (a cancelled concurrent build, a run stopped after the drop or the
rename), and every run ends with the one index the model names."""

import importlib

import pytest

from tests.index_migrations import database_statements, indexes, run_again_after_stopping

migration = importlib.import_module("jobbspar.migrations.0019_access_log_readers_from_the_index")

pytestmark = pytest.mark.django_db(transaction=True)


def _indexes():
    return indexes(["jobbspar_accesslog"], ["accesslog_object_at%"])


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
    statements = database_statements(migration)
    assert len(statements) == 4
    run_again_after_stopping(statements, stopped_after)
    _is_the_models_index(_indexes())
