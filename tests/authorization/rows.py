"""The matrix's vocabulary: roles, expected statuses, a row, and the usual URL arguments."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from jobbspar.models import Role

ANON = "anonymous"


LOGIN = "login-redirect"


ROLES = [ANON, *Role.values]


STAFF = [Role.AF_COORDINATOR, Role.MUNICIPAL_COORDINATOR, Role.JOB_COACH]


EDITORS = [Role.AF_COORDINATOR, Role.MUNICIPAL_COORDINATOR, Role.ADMIN]


READERS = [*STAFF, Role.ADMIN, Role.EMPLOYER]


COORDINATORS = [Role.AF_COORDINATOR, Role.MUNICIPAL_COORDINATOR]


TRACK_READERS = [*STAFF, Role.ADMIN]


DASHBOARD_VIEWERS = [*COORDINATORS, Role.MANAGER, Role.ADMIN]


def everyone(status: int | str) -> dict[str, int | str]:
    return dict.fromkeys(ROLES, status)


def signed_in(status: int | str, **overrides: int | str) -> dict[str, int | str]:
    """ANON is redirected to login; every role gets `status` unless overridden."""
    expected: dict[str, int | str] = {ANON: LOGIN, **dict.fromkeys(Role.values, status)}
    expected.update(overrides)
    return expected


def only(roles: list[str], status: int = 200, others: int = 403) -> dict[str, int | str]:
    expected: dict[str, int | str] = {ANON: LOGIN}
    for role in Role.values:
        expected[role] = status if role in roles else others
    return expected


@dataclass
class Row:
    get: dict[str, int | str]
    kwargs: Callable[[Any], dict] = field(default=lambda world: {})
    post: dict[str, int | str] | None = None
    query: str = ""
    # A valid POST body (from the world), for URLs whose POST does something with one.
    body: Callable[[Any], dict] = field(default=lambda world: {})


def _shared(world) -> dict:
    return {"pk": world["shared"].pk}


def _track(world) -> dict:
    return {"pk": world["track"].pk}


def _member(world) -> dict:
    return {"pk": world["track"].pk, "member_pk": world["member"].pk}
