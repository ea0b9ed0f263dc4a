"""Hand-written SQL cannot carry the access mark (jobbspar/scoping.py checks querysets, and raw()
raises in a request), so it is held to a list: every place in the project's code that opens a
database cursor or writes SQL into a query (RawSQL, .extra) is named here with why it may, and
a new one fails this test until someone reviews it and adds it with a reason (issue 15: "raw()
and cursors are unchecked").

Migrations, tests and the benchmark are outside the list: they never run in a web request.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HAND_WRITTEN_SQL = re.compile(r"\.cursor\(|\bRawSQL\(|\.extra\(|\bconnections\[|\bdef as_sql\(")
NOT_IN_REQUESTS = ("migrations", "tests", "bench", ".venv", ".data", "node_modules")

# path -> (number of places, why it may)
REVIEWED = {
    "jobbspar/health.py": (1, "SELECT 1 for the health check; reads no table"),
    "jobbspar/backends.py": (
        1,
        "the signed-in user with the verified device their session names (or, before the code "
        "and for employers without one, whether they have one), their organisation and their "
        "unread count (the notifications module's own subquery), by the session's ids, on "
        "every signed-in request: written once per process from the models' "
        "fields instead of compiled each time (issue 18); in a named unscoped block, tested "
        "against the ORM's answer. The same place reads a session's row by the cookie's key "
        "(refused before the query unless it is a key the engine could have made), with the "
        "account its columns name: used only when they name the user and device of the row's "
        "own signed data (jobbspar/sessions.py; tests/jobbspar/test_sessions.py)",
    ),
    "jobbspar/access.py": (
        1,
        "the partnership predicate of every partnership-owned queryset: the array of an "
        "organisation's partnership ids (the SQL an ArraySubquery of Partnership.objects.of "
        "compiles to, written once from the model's fields, issue 18); reads only the "
        "partnership table, tested against the ORM's answer "
        "(tests/jobbspar/test_access_partnerships.py)",
    ),
    "jobbspar/database/arrays.py": (
        1,
        "the `column = ANY(array)` lookup (InArray): joins two expressions the compiler "
        "compiled, writes no name or value of its own; tested against `__in` "
        "(tests/jobbspar/test_arrays.py, tests/jobbspar/test_access_partnerships.py)",
    ),
    "jobbspar/database/compiler.py": (
        1,
        "the SQL compiler's as_sql: a SELECT about to run takes the SQL Django compiled for the "
        "same shape of query before (jobbspar/database/statements.py); it writes no SQL of its "
        "own, the access check of the query and of its subqueries is part of the shape's key, "
        "and the test suite compiles every statement taken from the cache again and compares "
        "(tests/jobbspar/test_statement_cache.py)",
    ),
    "jobbspar/notifications.py": (
        5,
        "the e-mail sweep (a Celery task, never a request): claims and fences notification rows "
        "with FOR UPDATE SKIP LOCKED and sets synchronous_commit for its own session; and the "
        "unread count of every signed-in page's header: the signed-in user's own rows by their "
        "id (also the subquery the session's statement reads it with, jobbspar/backends.py), "
        "written once per process from the model's fields, in a named unscoped block, "
        "tested against the ORM's answer (tests/jobbspar/test_notifications_cost.py)",
    ),
    "participants/models/shared_copy.py": (
        1,
        "the shared people's copy written whole and checked against the consents and people "
        "(participants/models/shared_copy.py): by the benchmark's loader and the operators' "
        "`manage.py shared_copy`, never in a request; names from the module, no values",
    ),
    "participants/models/kept.py": (
        2,
        "every person's language levels written and checked against their languages "
        "(participants/models/kept.py): by the benchmark's loader and the operators' "
        "`manage.py matching_columns`, never in a request; names from the module, no values",
    ),
    "tracks/standing.py": (
        1,
        "every person's standing in the tracks written again by the database's own function "
        "(tracks_standing, tracks/migrations/0019): by the benchmark's loader and the "
        "operators' `manage.py matching_columns`, never in a request; no values",
    ),
    "dashboard/outcomes/track_figures.py": (
        1,
        "the dashboard's track figures (one CTE with GROUPING SETS): aggregates only, run inside "
        "the dashboard's named unscoped block for dashboard viewers; the tracks it reads come "
        "from a queryset compiled with the user's filters",
    ),
}


def _uses(root: Path) -> dict[str, int]:
    found: dict[str, int] = {}
    for path in root.rglob("*.py"):
        relative = path.relative_to(root)
        if relative.parts[0] in NOT_IN_REQUESTS or "migrations" in relative.parts:
            continue
        count = len(HAND_WRITTEN_SQL.findall(path.read_text()))
        if count:
            found[relative.as_posix()] = count
    return found


def test_every_hand_written_sql_is_reviewed():
    assert _uses(ROOT) == {path: count for path, (count, _why) in REVIEWED.items()}


def test_a_new_cursor_fails_the_check(tmp_path):
    (tmp_path / "participants").mkdir()
    (tmp_path / "participants" / "views.py").write_text(
        "with connection.cursor() as cursor:\n    cursor.execute('SELECT * FROM x')\n"
    )
    (tmp_path / "participants" / "migrations").mkdir()
    (tmp_path / "participants" / "migrations" / "0001.py").write_text("connection.cursor()\n")
    assert _uses(tmp_path) == {"participants/views.py": 1}
