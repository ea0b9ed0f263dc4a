"""Migration tracks/0020 rebuilds two indexes beside the old ones with the columns the steering
figures read, and drops the foreign key's own index; each of its steps may be run again (a
cancelled concurrent build, a run stopped after a drop or a rename), and every run ends with the
indexes the models name."""

import importlib

import pytest
from django.db import connection, transaction

from tests.index_migrations import database_statements, indexes, run_again_after_stopping

migration = importlib.import_module("tracks.migrations.0020_steering_counts_from_indexes")

pytestmark = pytest.mark.django_db(transaction=True)


def _indexes():
    return indexes(
        ["tracks_track", "tracks_trackparticipant"],
        ["track_partnership_start%", "trackparticipant_hired%", migration.TRACK_FK_INDEX],
    )


def _are_the_models_indexes(indexes):
    assert set(indexes) == {"track_partnership_start", "trackparticipant_hired"}
    assert (
        "(partnership_id, start_date DESC, id) INCLUDE (need_id, weeks, status)"
        in (indexes["track_partnership_start"])
    )
    assert (
        "(track_id, employed_on) INCLUDE (id, started_on, completed_on, offered_on, withdrawn_on)"
        in indexes["trackparticipant_hired"]
    )


def test_the_migrated_database_has_the_models_indexes():
    _are_the_models_indexes(_indexes())


@pytest.mark.parametrize("stopped_after", range(10))
def test_a_run_stopped_after_any_step_is_finished_by_running_it_again(stopped_after):
    statements = database_statements(migration)
    assert len(statements) == 9
    run_again_after_stopping(statements, stopped_after)
    _are_the_models_indexes(_indexes())


def test_the_steering_counts_are_read_from_the_indexes_alone():
    """What the figures read of a partnership's tracks and of their members is in the indexes:
    with sequential and bitmap scans off, each is read by an index-only scan."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute(
            "EXPLAIN SELECT count(*) FILTER (WHERE status = 'running'), max(need_id), max(weeks) "
            "FROM tracks_track WHERE partnership_id = 1 AND start_date <= '2026-12-31'"
        )
        track_plan = " ".join(row[0] for row in cursor.fetchall())
        cursor.execute(
            "EXPLAIN SELECT track_id, count(id) FILTER (WHERE completed_on IS NOT NULL OR "
            "offered_on IS NOT NULL), count(id) FILTER (WHERE offered_on IS NOT NULL AND "
            "withdrawn_on IS NULL), count(id) FILTER (WHERE started_on IS NOT NULL), "
            "count(id) FILTER (WHERE employed_on IS NOT NULL) FROM tracks_trackparticipant "
            "WHERE track_id = 1 GROUP BY track_id"
        )
        member_plan = " ".join(row[0] for row in cursor.fetchall())
    assert "Index Only Scan using track_partnership_start" in track_plan
    assert "Index Only Scan using trackparticipant_hired" in member_plan
