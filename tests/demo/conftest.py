"""The demo story, seeded once for every test in this package (it takes seconds; each test used to
seed it twice for itself).

The package's fixture seeds the demo twice inside a transaction of its own, as `make run` would
on a second start, and rolls it back after the package's last test: each test runs in a savepoint
inside it (pytest-django's `db`), so what a test changes is undone before the next, and nothing
of the demo reaches the tests outside the package. What the first seeding left is kept to compare
with the second (test_seed.py).

The fixture is the package's because this folder is a package (`__init__.py`): without it,
pytest would keep the transaction open, and the demo in it, until the session ended.
Database access stays open for the package; `_inside_the_demo` gives every test its own
savepoint and refuses a transactional one."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.db.models import Model
from django.test import override_settings

from tests.conftest import FAST_PASSWORD_HASHERS
from tracks.models import FollowUp


@dataclass(frozen=True)
class Seeded:
    """What the first seeding left: each table's rows and the follow-ups' dates."""

    counts: dict[str, int]
    follow_ups: list[tuple[object, object]]


def tables() -> list[type[Model]]:
    # With the many-to-many tables (a meeting's attendees, a participant's interests).
    return [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy
    ]


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._base_manager.count() for model in tables()}


def follow_up_dates() -> list[tuple[object, object]]:
    return list(FollowUp.objects.order_by("pk").values_list("due_on", "answered_at"))


def seed() -> None:
    call_command("seed_demo", stdout=io.StringIO())


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker):
    """The demo, seeded twice; what the first seeding left."""
    with django_db_blocker.unblock(), transaction.atomic():
        # Hashed as the tests' sign-ins check them (tests/conftest.py).
        with override_settings(DEMO_MODE=True, PASSWORD_HASHERS=FAST_PASSWORD_HASHERS):
            seed()
            first = Seeded(counts=row_counts(), follow_ups=follow_up_dates())
            seed()
        yield first
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _inside_the_demo(request, settings):
    """Every test here runs in a savepoint inside the demo's transaction (pytest-django's `db`),
    never in a transaction of its own: Django's flush of a transactional test, or a live server's
    own connection, would not see or would destroy the demo the package shares."""
    marker = request.node.get_closest_marker("django_db")
    if {"transactional_db", "live_server"} & set(request.fixturenames) or (
        marker is not None and marker.kwargs.get("transaction")
    ):
        pytest.fail("tests/demo runs inside the demo's transaction: no transactional tests here")
    request.getfixturevalue("db")
    # The demo users sign in only in demo mode (jobbspar/backends.py).
    settings.DEMO_MODE = True
