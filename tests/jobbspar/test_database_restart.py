"""Persistent database connections survive a PostgreSQL restart: the next request succeeds.

The test kills the server process behind Django's connection from a second connection (what a
restart or failover does to every open connection) and sends a request through Django's real
WSGI handler, which runs the request_started health check that the test client skips.
"""

import io

import psycopg
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import RequestFactory

pytestmark = pytest.mark.django_db(transaction=True)


def wsgi_get(path: str) -> tuple[str, bytes]:
    environ = RequestFactory().get(path).environ
    environ["wsgi.input"] = io.BytesIO(b"")
    statuses = []
    body = WSGIHandler()(environ, lambda status, headers: statuses.append(status))
    content = b"".join(body)
    body.close()  # sends request_finished, as a WSGI server does
    return statuses[0], content


def backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def kill(pid: int) -> None:
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])


def test_settings_keep_connections_with_health_checks(settings):
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] > 0
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def test_first_request_after_the_connection_was_killed_succeeds():
    status, _ = wsgi_get("/healthz")
    pid = backend_pid()
    assert wsgi_get("/healthz")[0].startswith("200")
    assert backend_pid() == pid  # the connection is persistent: reused between requests

    kill(pid)

    status, content = wsgi_get("/healthz")
    assert status.startswith("200"), content
    assert b'"database": "ok"' in content
    assert backend_pid() != pid


def test_without_health_checks_the_same_request_fails(settings):
    # The control: proves the test above depends on CONN_HEALTH_CHECKS and can fail.
    connection.settings_dict["CONN_HEALTH_CHECKS"] = False
    try:
        wsgi_get("/healthz")
        pid = backend_pid()
        kill(pid)
        status, content = wsgi_get("/healthz")
        assert status.startswith("503")
        assert b'"database": "down"' in content
    finally:
        connection.settings_dict["CONN_HEALTH_CHECKS"] = True
        connection.close()
