"""The CSV export of a participant search: the same participants the list shows, and only the
columns the user may see (participants.access.participant_fields_for)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from jobbspar import audit
from jobbspar.models import AccessPurpose, User
from participants import access as participants_access
from participants.models import Participant
from participants.search import Filters, search_participants


def _yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def columns() -> list[tuple[str, str, Callable[[Participant], Any]]]:
    """(field name, heading, value) for every column an export can have."""
    return [
        ("personal_number", _("Personal identity number"), lambda p: p.personal_number_display),
        ("name", _("Name"), lambda p: p.name),
        ("phone", _("Phone"), lambda p: p.phone),
        ("email", _("E-mail"), lambda p: p.email),
        ("district", _("District"), lambda p: p.district),
        ("registered_by", _("Registered by"), lambda p: p.registered_by.name),
        ("coordinator", _("Coordinator"), lambda p: p.coordinator or ""),
        ("status", _("Status"), lambda p: p.get_status_display()),
        ("swedish_level", _("Swedish level"), lambda p: p.get_swedish_level_display()),
        ("driving_licences", _("Driving licences"), lambda p: " ".join(p.driving_licences)),
        ("newly_arrived", _("Newly arrived"), lambda p: _yes_no(p.newly_arrived)),
        (
            "long_term_unemployed",
            _("Long-term unemployed"),
            lambda p: _yes_no(p.long_term_unemployed),
        ),
        (
            "receives_income_support",
            _("Receives income support"),
            lambda p: _yes_no(p.receives_income_support),
        ),
    ]


def _csv_safe(value: Any) -> str:
    """Stop spreadsheet formula injection: a cell must not start with = + - @ or a control."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


CHUNK = 2000


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(user: User, filters: Filters, *, path: str = "") -> Iterator[str]:
    """The export as CSV lines (semicolon-separated, UTF-8 with BOM for Excel), streamed.

    Every exported participant is logged as a read (purpose export), a chunk at a time."""
    visible = participants_access.participant_fields_for(user)
    queryset = search_participants(user, filters).select_related("registered_by", "coordinator")

    def _log(chunk: list[Participant]) -> None:
        if chunk:
            audit.log_reads(user=user, objects=chunk, purpose=AccessPurpose.EXPORT, path=path)

    # The lines are produced while the response streams: keep the request's language.
    language = translation.get_language()

    def lines() -> Iterator[str]:
        with translation.override(language):
            chosen = [column for column in columns() if column[0] in visible]
            writer = csv.writer(_Echo(), delimiter=";")
            yield "\ufeff" + writer.writerow([str(heading) for _name, heading, _get in chosen])
            chunk: list[Participant] = []
            for participant in queryset.iterator(chunk_size=CHUNK):
                chunk.append(participant)
                if len(chunk) == CHUNK:
                    _log(chunk)
                    chunk = []
                yield writer.writerow([_csv_safe(get(participant)) for _name, _h, get in chosen])
            _log(chunk)

    return lines()


def chosen_csv(
    user: User,
    rows: list[tuple[Participant, list[Any]]],
    *,
    extra_headings: list[str] | None = None,
    path: str = "",
) -> str:
    """A CSV of chosen participants (a bulk export): the caller's leading columns, then the
    columns the user may see; every participant is logged as a read (purpose export)."""
    visible = participants_access.participant_fields_for(user)
    chosen = [column for column in columns() if column[0] in visible]
    lines = io.StringIO()
    lines.write("\ufeff")
    writer = csv.writer(lines, delimiter=";")
    writer.writerow([*(extra_headings or []), *(str(heading) for _n, heading, _g in chosen)])
    for participant, extra in rows:
        writer.writerow(
            [
                *(_csv_safe(value) for value in extra),
                *(_csv_safe(get(participant)) for _n, _h, get in chosen),
            ]
        )
    audit.log_reads(
        user=user, objects=[p for p, _extra in rows], purpose=AccessPurpose.EXPORT, path=path
    )
    return lines.getvalue()
