"""Prepared statements (issue 18): values are bound server-side and a statement that ran five
times on a connection is prepared, so PostgreSQL stops parsing and planning it per request;
django-pghistory's context, sent with each write as two statements in one string, is still
bound client-side and still reaches the write's history row (jobbspar/database/base.py)."""

import pghistory
import pghistory.runtime
import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection

from jobbspar.database.base import PREPARED_MAX, PreparingCursor, planned_for_its_values
from jobbspar.models import Organisation

pytestmark = pytest.mark.django_db


def _prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def test_the_connection_binds_server_side_and_prepares():
    assert settings.DATABASES["default"]["OPTIONS"]["prepare_threshold"] == 5
    with connection.cursor() as cursor:
        assert isinstance(cursor.cursor, PreparingCursor)
    assert connection.connection.prepared_max == PREPARED_MAX


def test_a_statement_run_five_times_is_prepared(af):
    def query():
        return list(Organisation.objects.filter(pk=af.pk, name__startswith=af.name[:3]))

    before = [sql for sql in _prepared_statements() if 'name"::text LIKE' in sql]
    for _ in range(6):
        assert query() == [af]
    prepared = [sql for sql in _prepared_statements() if 'name"::text LIKE' in sql]
    assert len(prepared) == len(before) + 1
    assert "$1" in prepared[-1] and af.name not in prepared[-1]


def test_a_statement_planned_for_its_values_is_never_prepared(af):
    def query():
        return list(Organisation.objects.filter(pk=af.pk, name__endswith=af.name[-3:]))

    before = [sql for sql in _prepared_statements() if 'name"::text LIKE' in sql]
    with planned_for_its_values():
        for _ in range(8):
            assert query() == [af]
    assert [sql for sql in _prepared_statements() if 'name"::text LIKE' in sql] == before
    for _ in range(6):  # outside the block the same statement is prepared as usual
        assert query() == [af]
    assert len([sql for sql in _prepared_statements() if 'name"::text LIKE' in sql]) == (
        len(before) + 1
    )


def test_a_union_in_a_history_context_is_a_query_and_is_prepared(af):
    """pghistory sends its context with every statement it does not know for a query; a
    statement in parentheses (a UNION) is one, and goes unprefixed, bound server-side."""
    sent = []

    def spy(execute, sql, params, many, context):
        sent.append(sql)
        return execute(sql, params, many, context)

    def query():
        mine = Organisation.objects.filter(pk=af.pk).values("pk")
        named = Organisation.objects.filter(name=af.name).values("pk")
        return list(mine.union(named).order_by("pk"))

    with pghistory.context(user=42, url="/a/page/"), connection.execute_wrapper(spy):
        for _ in range(6):
            assert query() == [{"pk": af.pk}]
    assert sent and all(sql.startswith("(SELECT") for sql in sent)
    assert [sql for sql in _prepared_statements() if "UNION" in sql and "$1" in sql]
    # A parenthesised write (a data-modifying WITH) still gets the context.
    assert not pghistory.runtime._is_ignored_statement(
        "(WITH d AS (UPDATE t SET a = 1 RETURNING id) SELECT id FROM d)"
    )


def test_a_write_still_carries_its_history_context(af):
    for round_ in range(7):  # past the threshold: the write is never prepared, always works
        with pghistory.context(user=42, url=f"/round/{round_}/"):
            Organisation.objects.filter(pk=af.pk).update(name=f"Renamed {round_}")
            af.name = f"Saved {round_}"
            af.save(update_fields=["name"])
    events = apps.get_model("jobbspar", "OrganisationEvent").objects.filter(
        pgh_obj=af, pgh_label="update"
    )
    latest = events.order_by("-pgh_id").first()
    assert latest.name == "Saved 6"
    assert latest.pgh_context.metadata == {"user": 42, "url": "/round/6/"}
    assert not [sql for sql in _prepared_statements() if "set_config" in sql]


def test_values_with_placeholders_and_quotes_are_bound_as_values(af):
    odd = "50 %s o'clock; DROP TABLE x -- %(a)s $1"
    with pghistory.context(note=odd):
        af.name = odd
        af.save(update_fields=["name"])
    af.refresh_from_db()
    assert af.name == odd
    latest = (
        apps.get_model("jobbspar", "OrganisationEvent")
        .objects.filter(pgh_obj=af)
        .order_by("-pgh_id")
        .first()
    )
    assert latest.pgh_context.metadata == {"note": odd}


def test_a_write_with_ignored_triggers_and_a_history_context(af):
    """pgtrigger's ignore comes before pghistory's context: three statements in one string."""
    import pgtrigger

    with pghistory.context(user=7), pgtrigger.ignore("jobbspar.Organisation:update_update"):
        for round_ in range(7):
            Organisation.objects.filter(pk=af.pk).update(name=f"Quiet {round_}")
    af.refresh_from_db()
    assert af.name == "Quiet 6"
    events = apps.get_model("jobbspar", "OrganisationEvent").objects.filter(pgh_obj=af)
    assert not events.filter(name__startswith="Quiet").exists()


def test_more_values_than_the_protocol_binds_are_bound_client_side(af):
    """An import's bulk insert or a long IN can pass the 65 535 values a bound statement holds."""
    ids = [af.pk, *range(10**9, 10**9 + 70_000)]
    assert Organisation.objects.filter(pk__in=ids).count() == 1


def _history_triggers(table: str) -> list[str]:
    """The triggers on `table` whose function attaches pghistory's context to an event row."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t.tgname FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid "
            "WHERE t.tgrelid = %s::regclass AND p.prosrc LIKE %s",
            [table, "%_pgh_attach_context%"],
        )
        return [row[0] for row in cursor.fetchall()]


def test_the_read_log_and_its_sums_have_no_history_trigger_to_read_a_context():
    """Why the read log's inserts may go without pghistory's context (jobbspar/apps.py)."""
    from jobbspar.models import AccessLog, RecordReader

    assert _history_triggers(Organisation._meta.db_table)  # the query finds them where they are
    assert _history_triggers(AccessLog._meta.db_table) == []
    assert _history_triggers(RecordReader._meta.db_table) == []


def test_the_read_log_is_written_without_the_context_bound_server_side_and_prepared(
    af, af_coordinator
):
    from jobbspar.audit import log_reads
    from jobbspar.models import AccessPurpose, RecordReader

    sent = []

    def spy(execute, sql, params, many, context):
        sent.append((sql, params))
        return execute(sql, params, many, context)

    with pghistory.context(user=af_coordinator.pk, url="/p/"), connection.execute_wrapper(spy):
        for round_ in range(7):
            log_reads(
                user=af_coordinator, objects=[af, af_coordinator], purpose=AccessPurpose.CASE_WORK
            )
            # A write of a tracked model in the same context still carries it.
            af.name = f"Read {round_}"
            af.save(update_fields=["name"])
    inserts = [(sql, params) for sql, params in sent if "jobbspar_accesslog" in sql]
    assert len(inserts) == 7
    assert all(sql.startswith('INSERT INTO "jobbspar_accesslog" ') for sql, _ in inserts)
    assert all(params for _, params in inserts)  # bound, not written into the statement
    assert [sql for sql in _prepared_statements() if 'INTO "jobbspar_accesslog"' in sql]
    updates = [sql for sql, _ in sent if 'UPDATE "jobbspar_organisation"' in sql]
    assert len(updates) == 7
    assert all(sql.startswith("SELECT set_config(") for sql in updates)
    sums = RecordReader.objects.filter(user=af_coordinator, purpose=AccessPurpose.CASE_WORK)
    assert sorted(sums.values_list("reads", flat=True)) == [7, 7]
    latest = (
        apps.get_model("jobbspar", "OrganisationEvent")
        .objects.filter(pgh_obj=af)
        .order_by("-pgh_id")
        .first()
    )
    assert latest.name == "Read 6"
    assert latest.pgh_context.metadata == {"user": af_coordinator.pk, "url": "/p/"}
