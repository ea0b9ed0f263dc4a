"""The matrix: every named URL outside the admin, in the order the tests request them (the
POSTs change the world, so the order matters), and the URLs' names from the resolver."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, get_resolver

from tests.authorization.rows import Row
from tests.authorization.rows_api import API_ROWS
from tests.authorization.rows_apl import APL_ROWS
from tests.authorization.rows_dashboard import DASHBOARD_ROWS
from tests.authorization.rows_employers import EMPLOYERS_ROWS
from tests.authorization.rows_imports import IMPORTS_ROWS
from tests.authorization.rows_participants import PARTICIPANTS_ROWS
from tests.authorization.rows_portal import PORTAL_ROWS
from tests.authorization.rows_schedule import SCHEDULE_ROWS
from tests.authorization.rows_site import SITE_ROWS
from tests.authorization.rows_steering import STEERING_ROWS
from tests.authorization.rows_tracks import TRACKS_LAST_ROWS, TRACKS_ROWS

MATRIX: dict[str, Row] = {
    **SITE_ROWS,
    **EMPLOYERS_ROWS,
    **PARTICIPANTS_ROWS,
    **TRACKS_ROWS,
    **PORTAL_ROWS,
    **APL_ROWS,
    **DASHBOARD_ROWS,
    **SCHEDULE_ROWS,
    **STEERING_ROWS,
    **API_ROWS,
    # Ends with the commit, which removes the world's uploaded file.
    **IMPORTS_ROWS,
    # Near the end: removes the world's funding source; last, the phase plan generated again.
    **TRACKS_LAST_ROWS,
}


def _named_patterns(resolver: URLResolver | None = None, prefix: str = "") -> list[str]:
    resolver = resolver or get_resolver()
    names = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names.extend(_named_patterns(pattern, namespace))
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.append(prefix + pattern.name)
    return names


# --- Partnerships ----------------------------------------------------------------------------
#
# A coordinator of another partnership (AF Lund + Lunds kommun) against the world, which is the
# personas' partnership's: every URL naming its need, profile, criterion, agreement, meeting,
# action item, track (or anything in the track) or follow-up is a 404. These URLs name objects
# shared by every partnership, or copy a track as a template, and answer Lund's coordinator as
# they answer the personas' municipal coordinator:
SHARED_ACROSS_PARTNERSHIPS = frozenset(
    {
        "employers:detail",
        "employers:edit",
        "employers:contact_create",
        "employers:contact_delete",
        "employers:need_create",
        "employers:meeting_create",
        "employers:provider_detail",
        "employers:provider_edit",
        "employers:provider_contact_create",
        "tracks:track_copy",
        # The employer users' schedule pages: every coordinator is refused by role (403).
        "schedule:employer_calendar_ics",
        "schedule:employer_attendance_week",
        # A calendar subscription's secret address answers whoever holds it (the track's
        # partnership decided who could make it); revoking one is its owner's alone (404).
        "schedule:feed_ics",
        "schedule:feed_revoke",
    }
)


PARTNERSHIP_URLS = ("employers:", "tracks:", "follow_ups:", "schedule:", "steering:")
