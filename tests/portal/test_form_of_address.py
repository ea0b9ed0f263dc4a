"""The portal speaks to the employer in one form of address, "ni", never "du": every string in
the portal's code and templates (and the decisions it records) is checked in the Swedish
catalogue, as the portal shows it."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]
PORTAL_SOURCES = [
    "portal",
    "templates/portal",
    # What the portal calls to record the employer's decisions and confirmations.
    "tracks/decisions.py",
    "employers/agreements.py",
]
DU = re.compile(r"\b(du|dig|din|ditt|dina)\b", re.IGNORECASE)


def test_the_portal_says_ni_never_du(tmp_path):
    for name in PORTAL_SOURCES:
        source = ROOT / name
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, target)
    shutil.copytree(ROOT / "locale", tmp_path / "locale")
    shutil.copy(ROOT / "manage.py", tmp_path / "manage.py")
    # makemessages extracts the portal's strings and fills in the committed translations.
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "sv", "--no-obsolete"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "DEBUG": "true", "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stderr
    catalogue = polib.pofile(str(tmp_path / "locale" / "sv" / "LC_MESSAGES" / "django.po"))
    du = [
        (entry.msgid, text)
        for entry in catalogue
        for text in [entry.msgstr, *entry.msgstr_plural.values()]
        if DU.search(text)
    ]
    assert du == [], "\n".join(f"{msgid!r}: {text!r}" for msgid, text in du)
