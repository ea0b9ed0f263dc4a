"""The main navigation, per role: each user sees the sections their role can open."""

from __future__ import annotations

from dataclasses import dataclass

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


NAV_ITEMS: list[NavItem] = [
    NavItem(_("Start"), "home", access.EVERYONE),
    NavItem(_("Employers"), "employers:list", access.STAFF_AND_ADMIN),
    NavItem(_("Participants"), "participants:participant_list", access.PARTICIPANT_VIEWERS),
    NavItem(_("Tracks"), "tracks:track_list", access.TRACK_VIEWERS),
    NavItem(_("My follow-ups"), "follow_ups:list", access.FOLLOW_UP_ANSWERERS),
    NavItem(pgettext_lazy("portal", "Your tracks"), "portal:home", access.PORTAL_USERS),
    NavItem(_("Outcomes"), "dashboard:dashboard", access.DASHBOARD_VIEWERS),
]


def items_for(user: User, current_path: str) -> list[dict]:
    if not user.is_authenticated:
        return []
    items = []
    for item in NAV_ITEMS:
        if user.role in item.roles:
            url = reverse(item.url_name)
            active = current_path == url if url == "/" else current_path.startswith(url)
            items.append({"label": item.label, "url": url, "active": active})
    return items
