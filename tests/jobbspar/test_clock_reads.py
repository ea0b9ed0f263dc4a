"""The date is read in the project's time zone, and tests read it when they run.

CI once failed one test because a run that started before midnight in Stockholm ended after it:
the test module had taken ``TODAY = date.today()`` when it was imported, twenty minutes before
the code under test took ``timezone.localdate()``. Two rules keep that from coming back:

- nowhere (project code, tests, the benchmark) is the date or time read in the process's own
  zone: ``date.today()``, ``datetime.today()`` and ``datetime.now()`` without a zone are
  refused, and so are those functions handed on uncalled (``factory.LazyFunction(date.today)``
  calls it later, without a zone); the project reads ``timezone.localdate()`` /
  ``timezone.now()``;
- no test module reads the clock when it is imported (a module constant, a default argument, a
  decorator's argument such as a parametrize list): tests call ``tests.dates.today()`` when
  they need the day.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIP = (".venv", ".data", "node_modules", "staticfiles", "locale")
# Calls that read the clock: (object name, attribute). A bare name is matched as ("", name).
CLOCK = {
    ("timezone", "now"),
    ("timezone", "localdate"),
    ("timezone", "localtime"),
    ("", "today"),
    ("", "this_monday"),
    ("date", "today"),
    ("datetime", "today"),
    ("datetime", "now"),
    ("time", "time"),
}
LOCAL_ZONE = {("date", "today"), ("datetime", "today")}
# path -> why it reads the process's local time
REVIEWED = {
    "tests/portal/test_invitations.py": (
        "moves the invitation token's clock: Django's token generator counts in naive local "
        "time (PasswordResetTokenGenerator._now is datetime.now())"
    ),
}


def _name(call: ast.Call) -> tuple[str, str]:
    return _named(call.func)


def _named(func: ast.expr) -> tuple[str, str]:
    if isinstance(func, ast.Name):
        return ("", func.id)
    if isinstance(func, ast.Attribute):
        owner = func.value
        if isinstance(owner, ast.Attribute):
            return (owner.attr, func.attr)
        if isinstance(owner, ast.Name):
            return (owner.id, func.attr)
    return ("", "")


def _python_files(root: Path):
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        if relative.parts[0] in SKIP or "migrations" in relative.parts:
            continue
        yield relative, ast.parse(path.read_text(), filename=str(path))


def reads_in_the_local_zone(root: Path) -> list[str]:
    found = []
    for relative, tree in _python_files(root):
        if relative.as_posix() in REVIEWED:
            continue
        called = {id(node.func) for node in ast.walk(tree) if isinstance(node, ast.Call)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = _name(node)
                naive_now = name == ("datetime", "now") and not (node.args or node.keywords)
                if name in LOCAL_ZONE or naive_now:
                    found.append(f"{relative.as_posix()}:{node.lineno} {'.'.join(name)}()")
            elif isinstance(node, ast.Attribute) and id(node) not in called:
                # Handed on to be called later, with no zone: date.today, datetime.now.
                name = _named(node)
                if name in LOCAL_ZONE or name == ("datetime", "now"):
                    found.append(f"{relative.as_posix()}:{node.lineno} {'.'.join(name)}")
    return found


def _import_time_nodes(tree: ast.Module):
    """The parts of a module that run when it is imported: everything but function bodies
    (a function's decorators and default arguments do run at import)."""
    pending: list[ast.AST] = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            pending.extend(node.args.defaults)
            pending.extend(default for default in node.args.kw_defaults if default is not None)
            pending.extend(getattr(node, "decorator_list", []))
            continue
        yield node
        pending.extend(ast.iter_child_nodes(node))


def clock_read_at_import(root: Path) -> list[str]:
    found = []
    for relative, tree in _python_files(root):
        if relative.parts[0] != "tests":
            continue
        for node in _import_time_nodes(tree):
            if isinstance(node, ast.Call) and _name(node) in CLOCK:
                found.append(f"{relative.as_posix()}:{node.lineno} {'.'.join(_name(node))}()")
    return found


def test_no_date_or_time_is_read_in_the_process_zone():
    assert reads_in_the_local_zone(ROOT) == []


def test_no_test_module_reads_the_clock_when_it_is_imported():
    assert clock_read_at_import(ROOT) == []


def test_the_checks_find_what_they_refuse(tmp_path):
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_x.py").write_text(
        "import datetime as dt\n"
        "import pytest\n"
        "from django.utils import timezone\n"
        "from tests.dates import today\n"
        "TODAY = dt.date.today()\n"
        "@pytest.mark.parametrize('day', [today()])\n"
        "def test_a(day, when=timezone.now()):\n"
        "    assert today() and timezone.localdate() and dt.datetime.now(dt.UTC)\n"
        "written_on = factory.LazyFunction(dt.date.today)\n"
        "stamped = factory.LazyFunction(timezone.now)\n"
        "clock = dt.datetime.now\n"
    )
    (tmp_path / "tracks").mkdir()
    (tmp_path / "tracks" / "x.py").write_text(
        "import datetime\nstamp = datetime.datetime.now()\nday = datetime.date.today()\n"
    )
    assert sorted(reads_in_the_local_zone(tmp_path)) == sorted(
        [
            "tests/test_x.py:5 date.today()",
            "tests/test_x.py:9 date.today",
            "tests/test_x.py:11 datetime.now",
            "tracks/x.py:2 datetime.now()",
            "tracks/x.py:3 date.today()",
        ]
    )
    assert sorted(clock_read_at_import(tmp_path)) == [
        "tests/test_x.py:5 date.today()",
        "tests/test_x.py:6 .today()",
        "tests/test_x.py:7 timezone.now()",
    ]
