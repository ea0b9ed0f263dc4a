"""The health check of a kept connection (CONN_HEALTH_CHECKS, jobbspar/database/base.py): an idle
connection whose socket is quiet is usable without a round trip to the server; one the server
has ended (its termination notice waits on the socket) is found unusable, and the next request's
first query opens a new connection instead of failing."""

import time

import psycopg
import pytest
from django.db import connection
from django.db.backends.postgresql import base as django_postgresql

from employers.models import Occupation

pytestmark = pytest.mark.django_db(transaction=True)


def _backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def test_a_quiet_idle_connection_is_usable_without_asking_the_server(monkeypatch):
    _backend_pid()  # connected, and idle again (autocommit)

    def round_trip(self):
        raise AssertionError("asked the server")

    monkeypatch.setattr(django_postgresql.DatabaseWrapper, "is_usable", round_trip)
    assert connection.is_usable()


def test_a_connection_in_a_transaction_is_asked_as_before(monkeypatch):
    asked = []
    monkeypatch.setattr(
        django_postgresql.DatabaseWrapper, "is_usable", lambda self: asked.append(1) or True
    )
    with connection.cursor() as cursor:
        cursor.execute("BEGIN")
        try:
            assert connection.is_usable()
        finally:
            cursor.execute("ROLLBACK")
    assert asked == [1]


def test_a_connection_the_server_ended_is_replaced_before_the_next_query():
    pid = _backend_pid()
    settings = connection.get_connection_params()
    with psycopg.connect(
        **{k: v for k, v in settings.items() if k != "cursor_factory"}, autocommit=True
    ) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    deadline = time.monotonic() + 5
    while connection.is_usable() and time.monotonic() < deadline:
        time.sleep(0.05)  # the notice is on its way
    assert not connection.is_usable()
    # What a request does with a kept connection: the check before its first query.
    connection.health_check_done = False
    assert Occupation.objects.count() >= 0
    assert _backend_pid() != pid
