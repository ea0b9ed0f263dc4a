"""The main navigation, per role: each user sees the sections their role can open.

Each app declares its sections as its `navigation` contribution (a `menu()` in its access
module, next to the role sets that open them); the start page is jobbspar's own.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from django.urls import get_script_prefix, reverse
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from jobbspar import access
from jobbspar.contributions import collect
from jobbspar.models import User


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    roles: frozenset[str]


@cache
def nav_items() -> list[NavItem]:
    """The sections in the order of the apps' layers, each open to the roles its app names."""
    items = [NavItem(_("Start"), "home", access.EVERYONE)]
    for menu in collect("navigation"):
        items.extend(menu())
    return items


@cache
def _url(url_name: str, language: str | None, script_prefix: str) -> str:
    """A section's address; the same for every request in a language under one script prefix,
    so reversed once (issue 18: eight `reverse()` calls were a tenth of the signed-in floor)."""
    return reverse(url_name)


class MenuLink(NamedTuple):
    """One link of a user's menu, as plain text: part of the page frame's cache key
    (jobbspar/templatetags/frame.py)."""

    label: str
    url: str
    active: bool


def items_for(user: User, current_path: str) -> tuple[MenuLink, ...]:
    if not user.is_authenticated:
        return ()
    items = []
    language, prefix = get_language(), get_script_prefix()
    for item in nav_items():
        if user.role in item.roles:
            url = _url(item.url_name, language, prefix)
            active = current_path == url if url == "/" else current_path.startswith(url)
            items.append(MenuLink(str(item.label), url, active))
    return tuple(items)
