"""How a higher app adds its part to a page or a job of a lower one, without an upward import.

The layers run `jobbspar` ← `employers` ← `participants` ← `tracks` ← `portal`, `dashboard` ←
`home` (import-linter holds them, see `.importlinter`). Where a lower layer needs something from
the apps above it (the start page lists every app's work, retention redacts a person in every
app, the demo seeds every app in order, the menu has every app's entries, the employer page shows
the employer's tracks and portal users), each app *declares* its part on its `AppConfig`:

    class TracksConfig(AppConfig):
        contributions = {
            "start_page": "tracks.home.start_page_sections",
            "redact_participant": "tracks.retention.redact_participant",
        }

and the lower layer asks for them by name with `collect("start_page")`: the callables, in the
order of INSTALLED_APPS (which is the order of the layers). The dotted paths are imported
lazily, once, so nothing in a lower layer names a module of a higher one.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from django.apps import apps
from django.utils.module_loading import import_string

# Every slot an app may fill, with what its callable receives and returns.
SLOTS = {
    "start_page": "(request) -> dict of template context for the start page",
    "navigation": "() -> list of jobbspar.navigation.NavItem: the app's menu sections and roles",
    "employer_page": "(request, employer) -> dict of template context for the employer page",
    "participant_page": "(request, participant) -> dict of template context for the "
    "participant page",
    "track_page": "(request, track) -> dict of template context for the track page",
    "dashboard_counts": "(members) -> dict of JSON-safe counts for the managers' dashboard, from "
    "the participants-in-tracks in view (aggregates only; stored in the summary table)",
    "dashboard_parts": "(counts, is_small) -> dict of template context for the dashboard page, "
    "built from the counts of dashboard_counts with the dashboard's own small-group rule "
    "(is_small(people) -> bool); no query",
    "participant_list_actions": "(user) -> list of (label, url): the app's bulk actions on the "
    "participants ticked on the participant list (the url receives their ids as `participants`)",
    "track_links": "(track, member or None) -> list of (label, url): the app's pages about a "
    "track, or about one member of it, linked from the track's or the member's page",
    "redact_participant": "(participant) -> None: blank what this app keeps about the person",
    "last_activity": "() -> list of subqueries: for the outer participant (OuterRef('pk')), the "
    "latest time of each kind of this app's work about the person, or NULL (retention)",
    "demo": "() -> str: seed this app's demo data (after the apps below it), say what",
    "track_copied": "(source=track, track=copy, shift=timedelta) -> None: copy this app's plan "
    "of a track into its copy, shifted by `shift` (in the copy's transaction)",
}


@cache
def collect(slot: str) -> tuple[Callable[..., Any], ...]:
    """The callables the installed apps contribute to `slot`, in INSTALLED_APPS order."""
    if slot not in SLOTS:
        raise KeyError(f"No contribution slot named {slot!r}; known: {', '.join(SLOTS)}")
    found = []
    for config in apps.get_app_configs():
        path = getattr(config, "contributions", {}).get(slot)
        if path:
            found.append(import_string(path))
    return tuple(found)
