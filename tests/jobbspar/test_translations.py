"""Every user-facing string has a Swedish translation, and the catalogue matches the code."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "locale" / "sv" / "LC_MESSAGES" / "django.po"
# The project's own apps (every top-level package with an apps.py), what runs them and the
# templates and catalogue.
SOURCES = [
    "manage.py",
    *sorted(path.parent.name for path in ROOT.glob("*/apps.py")),
    "templates",
    "locale",
]


def _untranslated(po: polib.POFile) -> list[str]:
    return [e.msgid for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]


def test_swedish_catalogue_is_complete():
    assert _untranslated(polib.pofile(str(CATALOGUE))) == []


def test_catalogue_holds_every_string_in_the_code(tmp_path):
    # Extract afresh from a copy of the code, merged with the committed catalogue: any string
    # the code has that the catalogue lacks shows up untranslated.
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, tmp_path / name)
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "sv", "--no-obsolete"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env={**__import__("os").environ, "DEBUG": "true", "PYTHONPATH": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    fresh = polib.pofile(str(tmp_path / "locale" / "sv" / "LC_MESSAGES" / "django.po"))
    assert _untranslated(fresh) == []


def test_compiled_catalogue_is_installed():
    assert CATALOGUE.with_suffix(".mo").exists(), "make install compiles the catalogue"
