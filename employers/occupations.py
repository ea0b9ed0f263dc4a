"""The SSYK 2012 code list shipped in employers/data/ssyk2012.csv (source in data/README.md)."""

from __future__ import annotations

import csv
from pathlib import Path

SSYK_FILE = Path(__file__).resolve().parent / "data" / "ssyk2012.csv"


def read_ssyk2012() -> list[tuple[str, str]]:
    with SSYK_FILE.open(encoding="utf-8", newline="") as handle:
        return [(row["code"], row["name"]) for row in csv.DictReader(handle)]


def load_occupations(occupation_model) -> int:
    """Create or update every unit group; takes the model so data migrations can pass theirs."""
    for code, name in read_ssyk2012():
        occupation_model.objects.update_or_create(code=code, defaults={"name": name})
    return occupation_model.objects.count()
