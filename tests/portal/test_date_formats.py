"""Issue 21: the portal mixed "1 Mar 2027", "17 december 2026" and "2026-12-17 09:00". One
format per context: a day as "17 december 2026", a moment as "17 december 2026 09:00" (a range
may leave the year off its first day), in templates and in the portal's Python alike."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PORTAL_DATE_FORMATS = {"j F Y", "j F Y H:i", "j F"}
TEMPLATE_DATE = re.compile(r'\|date:"([^"]*)"')
PYTHON_FORMAT = re.compile(r'format_date(?:time)?\([^)]*?,\s*"([^"]*)"\)')


def _formats(paths, pattern) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in paths:
        for fmt in pattern.findall(path.read_text()):
            found.setdefault(fmt, set()).add(path.name)
    return found


def test_portal_templates_write_dates_one_way():
    found = _formats((ROOT / "templates" / "portal").rglob("*.html"), TEMPLATE_DATE)
    assert found, "the portal's templates show dates"
    assert set(found) <= PORTAL_DATE_FORMATS, found


def test_portal_python_writes_dates_one_way():
    found = _formats((ROOT / "portal").rglob("*.py"), PYTHON_FORMAT)
    assert found, "the portal's overview formats dates"
    assert set(found) <= PORTAL_DATE_FORMATS, found


def test_the_check_sees_another_format(tmp_path):
    page = tmp_path / "page.html"
    page.write_text('{{ day|date:"j M Y" }}')
    assert set(_formats([page], TEMPLATE_DATE)) - PORTAL_DATE_FORMATS == {"j M Y"}
