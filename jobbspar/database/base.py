import select
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import psycopg
from django.db.backends.postgresql import base, operations
from psycopg.pq import TransactionStatus

from jobbspar.scoping import check_hand_written_sql


class DatabaseOperations(operations.DatabaseOperations):
    compiler_module = "jobbspar.database.compiler"


class PreparingCursor(base.ServerBindingCursor):
    """Django's server-side binding cursor: the values travel apart from the statement, so
    psycopg prepares a statement once it has run `prepare_threshold` times on a connection and
    PostgreSQL stops parsing and planning it on every request (issue 18: planning was up to half
    of a detail page's database time).

    One kind of statement cannot be bound server-side: django-pghistory sends its context with
    each write, and django-pgtrigger the triggers a block ignores, as more statements in one
    string (`SELECT set_config(…); INSERT …`), and a prepared or parameterised statement holds
    one. Those are bound here, client-side, as every statement was before, and sent with the
    simple protocol (never prepared: each carries its own context id). So is a statement with
    more values than the protocol can bind (65 535: a bulk insert of an import, a long `IN`)."""

    def execute(self, query: Any, params: Any = None, **kwargs: Any) -> Any:
        if params and (
            len(params) > MAX_BOUND_PARAMETERS
            or (isinstance(query, str) and query.startswith(SETTINGS_FIRST))
        ):
            query, params = self.mogrify(query, params), None
        elif _planned_for_its_values.get():
            kwargs["prepare"] = False
        return super().execute(query, params, **kwargs)  # type: ignore[misc]

    def mogrify(self, query: Any, params: Any = None) -> str:
        """The statement with its values written in, as a client-side cursor has it
        (django-pghistory's event queries ask for it)."""
        client = psycopg.ClientCursor(self.connection)  # type: ignore[attr-defined]
        return client.mogrify(query, params)


_planned_for_its_values: ContextVar[bool] = ContextVar("planned_for_its_values", default=False)


@contextmanager
def planned_for_its_values() -> Iterator[None]:
    """The statements run inside are never prepared: PostgreSQL plans each for the values it
    is given, every time. For a statement whose best plan depends on its values: a prepared
    statement is planned for its values five times, then PostgreSQL may keep one generic plan
    that assumes a typical value. Candidate matching's generic plan took a driving licence
    most people have (B) for a rare one and read 120 000 index entries through the licence
    index: 80 ms, where a plan for the values takes 2 ms to make and 38 ms to run (issue 18)."""
    token = _planned_for_its_values.set(True)
    try:
        yield
    finally:
        _planned_for_its_values.reset(token)


# The extended protocol's limit of bound values per statement.
MAX_BOUND_PARAMETERS = 65535
# How pghistory's context and pgtrigger's ignore begin the statements they prefix.
SETTINGS_FIRST = "SELECT set_config("


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations

    def get_connection_params(self) -> dict[str, Any]:
        params = super().get_connection_params()
        if params["cursor_factory"] is base.ServerBindingCursor:
            params["cursor_factory"] = PreparingCursor
        return params

    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        connection = super().get_new_connection(conn_params)
        if conn_params.get("prepare_threshold") is not None:
            # psycopg keeps 100 by default; the pages make ~200 different statements, which
            # would push each other out and be planned again.
            connection.prepared_max = PREPARED_MAX
        return connection

    def is_usable(self) -> bool:
        """Whether a connection kept from an earlier request still works (CONN_HEALTH_CHECKS).

        Django asks the server (`SELECT 1`): a round trip on every request that reuses a
        connection, ~10 % of the floor page (issue 18). A connection the server has ended is
        known without asking: PostgreSQL sends its termination notice and closes the socket
        (a restart, an idle timeout, pg_terminate_backend), so an idle connection's socket turns
        readable; psycopg already knows one it found broken. Only then, or when the connection
        is not idle, is the server asked as before. An idle connection whose socket is quiet is
        usable; one cut off without a word (a network partition) would fail `SELECT 1` only
        after the same TCP timeout as the page's first query."""
        connection = self.connection
        if connection is None or connection.closed or connection.broken:
            return False
        idle = connection.info.transaction_status == TransactionStatus.IDLE
        if idle and not _has_input(connection.pgconn.socket):
            return True
        return super().is_usable()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # First in the list, so it stays when `connection.execute_wrapper()` blocks end.
        self.execute_wrappers.append(check_hand_written_sql)


PREPARED_MAX = 500


def _has_input(fd: int) -> bool:
    """Whether the socket has something to read (a message or the end of the stream), now."""
    poller = select.poll()
    poller.register(fd, select.POLLIN | select.POLLPRI)
    return bool(poller.poll(0))
