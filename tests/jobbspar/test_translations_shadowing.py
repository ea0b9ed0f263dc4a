"""Our catalogue is read before Django's: a msgid without context that Django's own apps also
translate replaces their translation everywhere (the schedule's "Wednesday" as a column heading
once turned every date's weekday into "Onsdag"). A new one fails here; use a context
(pgettext / {% translate ... context ... %}) instead, or review it into the list below."""

from pathlib import Path

import django
import polib

ROOT = Path(__file__).resolve().parents[2]
OURS = ROOT / "locale" / "sv" / "LC_MESSAGES" / "django.po"

# msgid -> why our translation may differ from Django's.
REVIEWED = {
    "title": "a field label of our models; Django's is flatpages', not installed",
    "Change": "the register extract's column (a change); the admin's button reads the same word",
    "Change password": "our wording on the account page and the admin's link",
    "Field": "the register extract's column (a piece of information)",
    "Added:": "the write history's wording",
    "Page not found": "our 404 page's wording",
    "None": "our empty value (Ingen) where Django's is neuter (Inget)",
}


def _djangos() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in Path(django.__file__).parent.rglob("locale/sv/LC_MESSAGES/django.po"):
        for entry in polib.pofile(str(path)):
            if entry.msgstr and not entry.msgctxt:
                found.setdefault(entry.msgid, set()).add(entry.msgstr)
    return found


def test_no_new_translation_of_ours_replaces_one_of_djangos():
    theirs = _djangos()
    shadowing = {
        entry.msgid
        for entry in polib.pofile(str(OURS))
        if not entry.msgctxt
        and entry.msgstr
        and entry.msgid in theirs
        and entry.msgstr not in theirs[entry.msgid]
    }
    assert shadowing == set(REVIEWED)


def test_no_installed_library_changes_djangos_wording():
    """Every installed app's catalogue is read before Django's own: a library that translates
    one of Django's messages differently (Django REST framework's "This field is required.")
    would change every form's wording. What is shown in Swedish for each of Django's messages is
    Django's translation, or ours where reviewed above."""
    from django.apps import apps
    from django.utils import translation

    installed = {Path(config.path) for config in apps.get_app_configs()}
    base = Path(django.__file__).parent
    loaded: dict[str, set[str]] = {}
    for path in base.rglob("locale/sv/LC_MESSAGES/django.po"):
        home = path.parents[3]  # the package whose locale/ this is
        if home == base / "conf" or home in installed:
            for entry in polib.pofile(str(path)):
                if entry.msgstr and not entry.msgctxt:
                    loaded.setdefault(entry.msgid, set()).add(entry.msgstr)
    assert "This field is required." in loaded
    changed = {}
    with translation.override("sv"):
        for msgid, translations in loaded.items():
            if msgid and msgid not in REVIEWED:
                shown = translation.gettext(msgid)
                if shown not in translations:
                    changed[msgid] = shown
    assert changed == {}
