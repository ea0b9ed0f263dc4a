"""Migration participants/0014 rebuilds the two covering indexes a name search reads with the
name in capitals as their last key, beside the old ones; each of its steps may be run again (a
cancelled concurrent build, a run stopped after a drop or a rename), and every run ends with the
indexes the models name."""

import importlib

import pytest

from tests.index_migrations import database_statements, indexes, run_again_after_stopping

migration = importlib.import_module(
    "participants.migrations.0014_name_search_reads_capitals_from_the_index"
)

pytestmark = pytest.mark.django_db(transaction=True)

FILTERS = (
    "status, newly_arrived, long_term_unemployed, receives_income_support, swedish_level, "
    "coordinator_id, driving_licences, available_from, education_level, certificates, "
    "working_hours"
)


def _indexes():
    return indexes(
        ["participants_participant", "participants_sharedcopy"],
        ["participant_org_name_filters%", "sharedcopy_org_name_filters%"],
    )


def _are_the_models_indexes(indexes):
    assert set(indexes) == {"participant_org_name_filters", "sharedcopy_org_name_filters"}
    assert (
        f"(registered_by_id, name, id, upper((name)::text)) INCLUDE ({FILTERS})"
        in indexes["participant_org_name_filters"]
    )
    assert (
        f"(shared_with_id, name, participant_id, upper((name)::text)) "
        f"INCLUDE (registered_by_id, {FILTERS})" in indexes["sharedcopy_org_name_filters"]
    )


def test_the_migrated_database_has_the_models_indexes():
    _are_the_models_indexes(_indexes())


@pytest.mark.parametrize("stopped_after", range(9))
def test_a_run_stopped_after_any_step_is_finished_by_running_it_again(stopped_after):
    statements = database_statements(migration)
    assert len(statements) == 8
    run_again_after_stopping(statements, stopped_after)
    _are_the_models_indexes(_indexes())
