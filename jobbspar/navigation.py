"""The main navigation, per role: each user sees the sections their role can open."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jobbspar import access
from jobbspar.models import User


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    roles: frozenset[str]


@cache
def nav_items() -> list[NavItem]:
    """The sections, each open to the roles its app's access module names. Imported here, when
    the menu is first drawn: jobbspar imports none of the apps when it loads (as the start page,
    the menu reaches upward; a registration point of the apps would remove this)."""
    from dashboard import access as dashboard_access
    from participants import access as participants_access
    from portal import access as portal_access
    from tracks import access as tracks_access

    return [
        NavItem(_("Start"), "home", access.EVERYONE),
        NavItem(_("Employers"), "employers:list", access.STAFF_AND_ADMIN),
        NavItem(
            _("Participants"),
            "participants:participant_list",
            participants_access.PARTICIPANT_VIEWERS,
        ),
        NavItem(_("Tracks"), "tracks:track_list", tracks_access.TRACK_VIEWERS),
        NavItem(_("My follow-ups"), "follow_ups:list", tracks_access.FOLLOW_UP_ANSWERERS),
        NavItem(pgettext_lazy("portal", "Your tracks"), "portal:home", portal_access.PORTAL_USERS),
        NavItem(_("Outcomes"), "dashboard:dashboard", dashboard_access.DASHBOARD_VIEWERS),
    ]


def items_for(user: User, current_path: str) -> list[dict]:
    if not user.is_authenticated:
        return []
    items = []
    for item in nav_items():
        if user.role in item.roles:
            url = reverse(item.url_name)
            active = current_path == url if url == "/" else current_path.startswith(url)
            items.append({"label": item.label, "url": url, "active": active})
    return items
