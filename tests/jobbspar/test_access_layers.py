"""Each app owns its access rules in `<app>/access.py`, and the access modules depend one way:
jobbspar <- employers <- participants <- tracks <- portal, dashboard (issue 15.5)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LAYER = {"jobbspar": 0, "employers": 1, "participants": 2, "tracks": 3, "portal": 4, "dashboard": 4}


def _imported_apps(path: Path) -> set[str]:
    """The project apps a module imports (at any depth: lazy imports count too)."""
    apps = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            apps.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            apps.update(alias.name.split(".")[0] for alias in node.names)
    return apps & set(LAYER)


def _names_get_model(path: Path) -> bool:
    return any(
        isinstance(node, ast.Attribute) and node.attr == "get_model"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
    )


def test_every_app_has_its_access_module():
    assert all((ROOT / app / "access.py").exists() for app in LAYER)


def test_access_modules_import_only_their_own_app_and_those_below():
    upward = {
        app: sorted(
            other
            for other in _imported_apps(ROOT / app / "access.py")
            if LAYER[other] > LAYER[app] or (LAYER[other] == LAYER[app] and other != app)
        )
        for app in LAYER
    }
    assert upward == {app: [] for app in LAYER}


def test_access_modules_reach_no_model_by_name():
    """Models are imported directly, so an upward reach cannot hide in apps.get_model()."""
    assert [app for app in LAYER if _names_get_model(ROOT / app / "access.py")] == []


def test_the_layer_check_sees_an_upward_import(tmp_path):
    module = tmp_path / "access.py"
    module.write_text(
        "from tracks.models import Track\n"
        "def f():\n"
        "    from portal import access\n"
        "    import dashboard.models\n"
        "    apps.get_model('tracks', 'Track')\n"
    )
    assert _imported_apps(module) == {"tracks", "portal", "dashboard"}
    assert _names_get_model(module)
