"""Issue 18: no `{% include %}` inside a `{% for %}` loop of a page's template. An include costs a
context push, a template lookup and a render per row; a list of 25 rows with three includes each
was milliseconds of a page. The row is written by the view (jobbspar.markup), or the row's
piece becomes a filter (dashboard_figures.rate_cell) or is written in place."""

from pathlib import Path

from django.conf import settings
from django.template.base import Lexer, TokenType

# Loops that stay: each over a handful of rows by nature, on pages that are not lists.
ALLOWED = {
    # The earlier versions of one requirement profile (a few), each as the current one's table.
    ("employers/profile_detail.html", "employers/_criteria_table.html"),
    # The employer's own tracks on the portal's start page (one to a few), as on a track's page.
    ("portal/home.html", "portal/_next_steps.html"),
    ("portal/home.html", "portal/_timeline.html"),
    # One participant's APL log (the weeks of one APL period), shared by staff and the portal.
    ("portal/participant_detail.html", "tracks/_apl_entry.html"),
    ("tracks/member_detail.html", "tracks/_apl_entry.html"),
}


def includes_in_loops(source: str) -> list[str]:
    depth, found = 0, []
    for token in Lexer(source).tokenize():
        if token.token_type != TokenType.BLOCK or not token.contents.split():
            continue
        word, *rest = token.contents.split()
        if word == "for":
            depth += 1
        elif word == "endfor":
            depth -= 1
        elif word == "include" and depth > 0:
            found.append(rest[0].strip("\"'"))
    return found


def test_no_template_includes_a_partial_per_row():
    root = Path(settings.BASE_DIR) / "templates"
    found = {
        (str(path.relative_to(root)), included)
        for path in root.rglob("*.html")
        for included in includes_in_loops(path.read_text())
    }
    assert found - ALLOWED == set()
    assert found >= ALLOWED, "an allowed loop is gone: remove it from ALLOWED"


def test_the_check_sees_an_include_in_a_loop():
    assert includes_in_loops('{% for x in xs %}{% include "a.html" %}{% endfor %}') == ["a.html"]
    assert includes_in_loops('{% include "a.html" %}{% for x in xs %}{{ x }}{% endfor %}') == []
