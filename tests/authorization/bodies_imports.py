"""Valid bodies and effects for the import pages."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from imports import batches
from imports.models import ImportBatch
from jobbspar.models import Role
from tests.imports.conftest import number
from tests.imports.files import csv_bytes


def _import_upload(w, role):
    rows = [["Personnummer", "Namn"], [number(501), "Uppladdad Person"]]
    return {"kind": "participants", "file": SimpleUploadedFile("lista.csv", csv_bytes(rows))}


def _import_batches(w):
    return ImportBatch.objects.count()


def _import_mapping(w):
    return list(ImportBatch.objects.filter(pk=w["import_batch"].pk).values_list("mapping"))


def _import_mapping_body(w, role):
    # The world's file has a phone column (guessed); this mapping ignores it.
    return {"column_0": "personal_number", "column_1": "name", "column_2": ""}


def _import_commit_body(w, role):
    batch = ImportBatch.objects.filter(pk=w["import_batch"].pk).first()
    if batch is None:
        return {"fingerprint": ""}
    owner = w["personas"][Role.AF_COORDINATOR]
    return {"fingerprint": batches.preview(batch=batch, by=owner).fingerprint}


def _import_batch_kept(w):
    return sorted(ImportBatch.objects.values_list("pk", flat=True))
