"""Work on a database connection of its own, for tests of what two transactions do at once."""

import threading
from collections.abc import Callable
from typing import Any

from django.db import connection, connections


def in_another_connection(work: Callable[[Any], None]) -> tuple[threading.Thread, list[Exception]]:
    """Run `work(db)` on a connection of its own, in a thread (autocommit); returns the thread
    and the errors it met."""
    db = connections.create_connection("default")
    db.inc_thread_sharing()
    errors: list[Exception] = []

    def run() -> None:
        try:
            work(db)
        except Exception as error:  # reported to the test
            errors.append(error)
        finally:
            db.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, errors


def write_people_with_triggers_off(sql: str, params: list[Any]) -> None:
    """Run `sql` on the people's table with its triggers off, as a load or a restore of one
    table leaves it (the pending foreign-key checks first: ALTER TABLE refuses to run with
    them)."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE participants_participant DISABLE TRIGGER USER")
        cursor.execute(sql, params)
        cursor.execute("ALTER TABLE participants_participant ENABLE TRIGGER USER")
