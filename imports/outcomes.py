"""A row's outcome in the preview, the preview's summary and its fingerprint, and the small
conversions from a spreadsheet's words to what the record forms accept."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy


class Outcome(models.TextChoices):
    NEW = "new", pgettext_lazy("import outcome", "New")
    UPDATE = "update", pgettext_lazy("import outcome", "Changes")
    UNCHANGED = "unchanged", pgettext_lazy("import outcome", "No change")
    DUPLICATE = "duplicate", _("Duplicate in the file")
    ACCESS_REQUEST = "access_request", _("Registered by another organisation: access request")
    ERROR = "error", pgettext_lazy("import outcome", "Error")


@dataclass
class Change:
    label: str
    old: str
    new: str
    key: str = ""


@dataclass
class RowOutcome:
    number: int  # the row's line in the file (the header is line 1)
    outcome: str
    title: str = ""  # what the row is about, from the file itself (a name)
    changes: list[Change] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    # For the commit only; never shown (the id of a record of another organisation included).
    target_id: int | None = None
    target_version: int | None = None
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def outcome_label(self) -> str:
        return str(Outcome(self.outcome).label)

    def signature(self) -> list[Any]:
        return [
            self.number,
            self.outcome,
            self.target_id,
            self.target_version,
            [[c.label, c.old, c.new] for c in self.changes],
            self.reasons,
        ]


@dataclass
class Preview:
    rows: list[RowOutcome]
    fingerprint: str = ""

    def counts(self) -> dict[str, int]:
        counted = Counter(row.outcome for row in self.rows)
        return {value: counted.get(value, 0) for value in Outcome.values}

    def summary(self) -> list[tuple[str, int]]:
        counts = self.counts()
        return [(str(label), counts[value]) for value, label in Outcome.choices]

    @property
    def writes(self) -> int:
        counts = self.counts()
        return counts[Outcome.NEW] + counts[Outcome.UPDATE] + counts[Outcome.ACCESS_REQUEST]


def fingerprint(batch_id: int, mapping: dict[str, str], rows: list[RowOutcome]) -> str:
    """Changes when the file's mapping or any outcome does: a record edited since the preview
    (its version), one registered meanwhile, a request sent meanwhile."""
    payload = json.dumps(
        [batch_id, sorted(mapping.items()), [row.signature() for row in rows]],
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


_TRUE = {"ja", "j", "yes", "y", "x", "1", "true", "sant"}
_FALSE = {"nej", "n", "no", "0", "false", "falskt"}


class NotUnderstood(ValueError):
    pass


def yes_no(value: str) -> str:
    """'true' or 'false' (what a checkbox posts), from ja/nej, yes/no, x, 1/0."""
    word = value.strip().lower()
    if word in _TRUE:
        return "true"
    if word in _FALSE:
        return "false"
    raise NotUnderstood(value)


def choice_value(choices: type[models.TextChoices], value: str) -> str:
    """The stored value of a choice written as its value or its Swedish or English label; the
    text unchanged when it names none (the form then refuses it with its own message)."""
    word = value.strip().lower()
    for stored, label in choices.choices:
        if word == str(stored).lower():
            return str(stored)
        for language in ("sv", "en"):
            with translation.override(language):
                if word == str(label).lower():
                    return str(stored)
    return value


def shown(value: Any) -> str:
    """A stored or cleaned value as the preview shows it."""
    if value is None or value == "":
        return "–"
    if value is True:
        return pgettext("import value", "yes")
    if value is False:
        return pgettext("import value", "no")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def rebound(form: Any, data: dict[str, str], instance: models.Model) -> Any:
    """`form`, bound afresh to one row's `data` and `instance`. A form is made once per file and
    rebound per row: building one (deep copies of every field and widget) cost the import of
    10 000 rows most of its minute; validating it is what the import needs, and is unchanged."""
    form.data = data
    form.instance = instance
    form.is_bound = True
    form._errors = None  # the next `errors` or `is_valid()` cleans the new data
    form._bound_fields_cache = {}
    return form
