"""SQL written by hand cannot carry the access mark, so in a web request it may not touch an app's
table outside a named `unscoped` block: it raises (issue 15, "raw() and cursors are unchecked").
The check is jobbspar.scoping.check_hand_written_sql, installed on every connection by the
project's database backend (jobbspar/database); SQL compiled by the ORM passes it."""

import pytest
from django.db import connection
from django.test import override_settings

from jobbspar.models import Organisation
from jobbspar.scoping import (
    UnscopedQueryError,
    check_hand_written_sql,
    request_scope,
    unscoped,
)
from tests.participants.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


def _count_by_hand(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 (a fixed table name)
        return cursor.fetchone()[0]


def test_every_connection_has_the_check():
    connection.ensure_connection()
    assert connection.settings_dict["ENGINE"] == "jobbspar.database"
    assert check_hand_written_sql in connection.execute_wrappers


def test_a_cursor_on_a_sensitive_table_raises_in_a_request(municipality):
    ParticipantFactory(registered_by=municipality)
    with request_scope(), pytest.raises(UnscopedQueryError) as raised:
        _count_by_hand("participants_participant")
    assert "participants_participant" in str(raised.value)
    assert "unscoped" in str(raised.value)


@pytest.mark.parametrize(
    "sql",
    [
        "select name FROM Participants_Participant",
        'SELECT "tracks_trackparticipant"."id" FROM "tracks_trackparticipant"',
        "UPDATE participants_casenote SET text = '' WHERE id = 0",
        "DELETE FROM employers_employer WHERE id = 0",
        "WITH x AS (SELECT 1) SELECT * FROM x JOIN jobbspar_accesslog ON false",
    ],
)
def test_every_way_of_writing_it_raises(sql):
    with request_scope(), pytest.raises(UnscopedQueryError), connection.cursor() as cursor:
        cursor.execute(sql)


def test_raw_of_a_model_that_is_not_scoped_raises_too():
    # raw() on a scoped model raised before; one on any model could read any table.
    with request_scope(), pytest.raises(UnscopedQueryError):
        list(Organisation.objects.raw("SELECT id, name FROM participants_participant"))


def test_a_named_unscoped_block_allows_it(municipality):
    ParticipantFactory(registered_by=municipality)
    with request_scope(), unscoped("a test of the named escape"):
        assert _count_by_hand("participants_participant") == 1


def test_outside_a_request_it_is_not_checked(municipality):
    ParticipantFactory(registered_by=municipality)
    assert _count_by_hand("participants_participant") == 1


def test_sql_that_touches_no_app_table_passes():
    with request_scope(), connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


def test_the_orm_passes_even_where_it_joins_a_sensitive_table(municipality):
    ParticipantFactory(registered_by=municipality)
    with request_scope():
        # Organisation is not scoped; its join into participants is compiled by the ORM.
        assert Organisation.objects.filter(registered_participants__isnull=False).exists()
        Organisation.objects.filter(pk=municipality.pk).update(name="Malmö stad")


def test_the_check_survives_an_execute_wrapper_block():
    with connection.execute_wrapper(lambda execute, *args: execute(*args)):
        pass
    with request_scope(), pytest.raises(UnscopedQueryError):
        _count_by_hand("participants_participant")


@override_settings(DEBUG=False)
def test_the_health_check_still_answers(client):
    # /healthz runs SELECT 1 by hand, in a request.
    assert client.get("/healthz").status_code in (200, 503)
    assert client.get("/healthz").json()["database"] == "ok"


def test_pghistorys_own_compilers_pass_as_the_orm(municipality):
    # django-pghistory swaps its event queries' compiler for its own subclass of Django's.
    import pghistory.models

    participant = ParticipantFactory(registered_by=municipality)
    with request_scope():
        assert list(pghistory.models.Events.objects.references(participant))
        assert pghistory.models.Events.objects.tracks(participant).count() >= 1
