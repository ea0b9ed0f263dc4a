"""The imports app's part of the authorization world: two uploaded files of the AF coordinator
(one to commit, one to cancel); a batch is its owner's alone."""

from __future__ import annotations

from imports import batches
from imports.models import ImportKind
from jobbspar.models import Role
from tests.imports.conftest import number
from tests.imports.files import csv_bytes


def import_batch(owner):
    rows = [["Personnummer", "Namn", "Telefon"], [number(500), "Importerad Person", "0701231234"]]
    return batches.create_batch(
        by=owner, kind=ImportKind.PARTICIPANTS, name="lista.csv", data=csv_bytes(rows)
    )


def imports_world(personas) -> dict:
    owner = personas[Role.AF_COORDINATOR]
    return {"import_batch": import_batch(owner), "import_batch_to_cancel": import_batch(owner)}
