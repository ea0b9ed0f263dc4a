"""The register extract (registerutdrag, GDPR art. 15) for one participant: everything held about
them - the record, background, consents, plan, case notes, history of changes and who has read
the record and why - as JSON and as a PDF. Given by the registering organisation's coordinators
(`participants.access.is_registering_coordinator`); each extract is itself logged as a read."""

from __future__ import annotations

import datetime as dt
import decimal
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pghistory.models
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.postgres.fields import ArrayField
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobbspar.audit import reads_of
from jobbspar.local_time import format_date, format_datetime
from jobbspar.pdf import render_pdf
from participants.models import Participant
from participants.models.kept import KEPT_FIELDS

# Internal bookkeeping, not information about the person (the columns the database keeps for
# matching repeat the languages and tracks the extract shows in their own sections).
SKIPPED_FIELDS = {
    "id",
    "participant",
    "track_participant",
    "version",
    "search_vector",
    *KEPT_FIELDS,
}


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    rows: list[list[tuple[str, str, Any]]]  # per record: (key, label, value)


def _value(obj: models.Model, field: models.Field, *, shown: bool) -> Any:
    """The field's value: for JSON plain values (ISO dates), for the person's document text."""
    if field.choices:
        value: Any = str(getattr(obj, f"get_{field.name}_display")())
    else:
        value = getattr(obj, field.name)
    if isinstance(value, models.Model):
        value = str(value)
    elif isinstance(value, list):
        value = _labels(field, value)
    if shown:
        return shown_value(value)
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat(timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _labels(field: models.Field, values: Iterable[Any]) -> list[str]:
    base = getattr(field, "base_field", None)
    choices = dict(base.flatchoices) if base is not None and base.choices else {}
    return [str(choices.get(item, item)) for item in values]


def shown_value(value: Any) -> str | list[str]:
    """A value as the person reads it in Swedish: Ja/Nej, dates as "1 december 2026", numbers
    with a decimal comma and grouped thousands, lists as lists, nothing as "–"."""
    if value is None or value == "" or value == [] or value == {}:
        return "–"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dt.datetime):
        return format_datetime(value, "DATETIME_FORMAT")
    if isinstance(value, dt.date):
        return format_date(value, "DATE_FORMAT")
    if isinstance(value, int | float | decimal.Decimal):
        return formats.number_format(value, use_l10n=True, force_grouping=True)
    if isinstance(value, list | tuple):
        return [str(shown_value(item)) for item in value]
    return str(value)


def _record(obj: models.Model, *, shown: bool = False) -> list[tuple[str, str, Any]]:
    return [
        # gettext again: a relation without its own verbose_name has the untranslated default.
        (field.name, _(str(field.verbose_name)), _value(obj, field, shown=shown))
        for field in obj._meta.concrete_fields
        if field.name not in SKIPPED_FIELDS
    ]


# What pghistory calls each kind of recorded change, for the person.
CHANGE_LABELS = {
    "insert": gettext_lazy("Created"),
    "update": gettext_lazy("Changed"),
    "delete": gettext_lazy("Deleted"),
}


def _stored_value(field: models.Field, raw: Any) -> Any:
    """A value as pghistory stored it (JSON) back as the field's Python value, with labels."""
    if raw is None:
        return None
    if isinstance(field, ArrayField):
        return _labels(field, raw)
    if field.choices:
        return str(dict(field.flatchoices).get(raw, raw))
    if isinstance(field, models.DateTimeField) and isinstance(raw, str):
        return parse_datetime(raw) or raw
    if isinstance(field, models.DateField) and isinstance(raw, str):
        return parse_date(raw) or raw
    return raw


def _change_content(event: Any) -> list[str]:
    """The fields a change wrote, "Label: value" (an update lists old → new), in the model's
    field order and in Swedish. Links to other records (ids) and bookkeeping are left out:
    their content is in the sections above."""
    try:
        model = apps.get_model(event.pgh_obj_model)
    except (LookupError, ValueError):
        return []
    diff = event.pgh_diff if event.pgh_label == "update" and event.pgh_diff else None
    written = diff or event.pgh_data or {}
    lines = []
    for field in model._meta.concrete_fields:
        if field.attname not in written or field.is_relation or field.name in SKIPPED_FIELDS:
            continue
        label = capfirst(_(str(field.verbose_name)))
        if diff:
            old, new = (shown_value(_stored_value(field, v)) for v in written[field.attname])
            lines.append(f"{label}: {_joined(old)} → {_joined(new)}")
        else:
            value = shown_value(_stored_value(field, written[field.attname]))
            lines.append(f"{label}: {_joined(value)}")
    return lines


def _joined(value: str | list[str]) -> str:
    return ", ".join(value) if isinstance(value, list) else value


def _kind_of_record(event: Any) -> str:
    try:
        return capfirst(apps.get_model(event.pgh_obj_model)._meta.verbose_name)
    except (LookupError, ValueError):
        return event.pgh_model


def _links(model: type[models.Model]) -> list[str]:
    """The links from `model` to other records that the extract shows (by name)."""
    return [
        f.name
        for f in model._meta.concrete_fields
        if f.is_relation and f.name not in SKIPPED_FIELDS
    ]


def _with_links(queryset: models.QuerySet) -> models.QuerySet:
    """Loads every shown link in the same query: a field added later cannot become an N+1."""
    return queryset.select_related(*_links(queryset.model))


def sections(participant: Participant, *, shown: bool = False) -> list[Section]:
    """Everything held about `participant`, in sections: plain values for JSON, or with
    `shown` as the person reads them (labels and values in Swedish)."""
    record = _record(participant, shown=shown)
    interests = [str(o) for o in participant.interests.all()]
    record.append(
        ("interests", _("Occupations of interest"), shown_value(interests) if shown else interests)
    )
    related: list[tuple[str, Any, Any]] = [
        ("languages", _("Other languages"), participant.languages),
        ("work_experience", _("Work experience"), participant.experiences),
        ("consents", _("Consents"), participant.consents),
        (
            "access_requests",
            _("Requests for access from another organisation"),
            participant.access_requests,
        ),
        ("plan", _("Individual plan"), participant.plan_items),
        ("case_notes", _("Case notes"), participant.notes),
        ("events", _("History"), participant.events),
    ]
    related = [(key, title, _with_links(manager.all())) for key, title, manager in related]
    # The tracks the person took part in, with progress, APL notes, follow-ups and the education
    # provider's progress entries (one query each, through the participant's own related
    # managers; no import of the tracks or schedule app).
    track_records = ("progress", "apl_log", "follow_ups", "provider_progress")
    membership_model = participant.track_memberships.model
    memberships = list(
        _with_links(participant.track_memberships.all()).prefetch_related(
            *track_records,
            *(
                f"{name}__{link}"
                for name in track_records
                for link in _links(membership_model._meta.get_field(name).related_model)  # type: ignore[arg-type]
            ),
        )
    )
    related += [
        ("tracks", _("Tracks"), memberships),
        (
            "track_progress",
            _("Progress in the tracks' phases"),
            [row for member in memberships for row in member.progress.all()],
        ),
        (
            "apl_log",
            _("Workplace training (APL) log"),
            [row for member in memberships for row in member.apl_log.all()],
        ),
        (
            "follow_ups",
            _("Follow-ups"),
            [row for member in memberships for row in member.follow_ups.all()],
        ),
        (
            "provider_progress",
            _("Progress recorded by the education provider"),
            [row for member in memberships for row in member.provider_progress.all()],
        ),
    ]
    result = [Section("participant", _("The record"), [record])]
    for key, title, queryset in related:
        result.append(Section(key, str(title), [_record(obj, shown=shown) for obj in queryset]))
    changes = list(pghistory.models.Events.objects.references(participant))
    if memberships:
        # The write history of the track records (progress, APL log, follow-ups and the
        # memberships themselves), without the membership events already listed above.
        seen = {(e.pgh_model, e.pgh_id) for e in changes}
        changes += [
            e
            for e in pghistory.models.Events.objects.references(*memberships)
            if (e.pgh_model, e.pgh_id) not in seen
        ]
    changes.sort(key=lambda e: (e.pgh_created_at, e.pgh_model, e.pgh_id))
    if shown:
        user_ids: set[Any] = {(e.pgh_context or {}).get("user") for e in changes} - {None}
        users: dict[Any, str] = {
            u.pk: str(u) for u in get_user_model().objects.filter(pk__in=user_ids)
        }
        change_rows: list[list[tuple[str, Any, Any]]] = [
            [
                ("at", _("Time"), shown_value(e.pgh_created_at)),
                ("record", _("Kind of record"), _kind_of_record(e)),
                ("change", _("Change"), str(CHANGE_LABELS.get(e.pgh_label, e.pgh_label))),
                ("by_user", _("By"), users.get((e.pgh_context or {}).get("user"), "–")),
                ("data", _("Content"), _change_content(e) or "–"),
            ]
            for e in changes
        ]
    else:
        change_rows = [
            [
                (
                    "at",
                    _("Time"),
                    timezone.localtime(e.pgh_created_at).isoformat(timespec="seconds"),
                ),
                ("record", _("Kind of record"), e.pgh_model),
                ("change", _("Change"), e.pgh_label),
                ("by_user", _("By"), (e.pgh_context or {}).get("user")),
                ("data", _("Content"), e.pgh_data),
            ]
            for e in changes
        ]
    result.append(Section("changes", _("Recorded changes"), change_rows))
    result.append(
        Section(
            "access_log",
            _("Who has viewed this record"),
            [
                [
                    (
                        "at",
                        _("Time"),
                        shown_value(r.at)
                        if shown
                        else timezone.localtime(r.at).isoformat(timespec="seconds"),
                    ),
                    ("user", _("By"), str(r.user)),
                    (
                        "organisation",
                        _("Organisation"),
                        str(r.organisation or ("–" if shown else "")),
                    ),
                    ("role", _("Role"), r.get_role_display()),
                    ("purpose", _("Purpose"), r.get_purpose_display()),
                ]
                for r in reads_of(participant).order_by("at", "id")
            ],
        )
    )
    return result


def as_json(participant: Participant) -> str:
    data: dict[str, Any] = {
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
    }
    for section in sections(participant):
        records = [{key: value for key, _label, value in row} for row in section.rows]
        data[section.key] = records[0] if section.key == "participant" else records
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


# Sections of many short records, shown as one table with a row per record.
TABULAR_SECTIONS = {"events", "changes", "access_log"}


@dataclass(frozen=True)
class DocumentSection:
    key: str
    title: str
    tabular: bool
    labels: list[str]
    rows: list[list[tuple[str, str, list[str] | None]]]  # per record: (label, text, items)


def as_html(participant: Participant) -> str:
    """The extract as a document for the person: what the PDF is rendered from. A list value
    is shown as a list of items."""
    document = [
        DocumentSection(
            key=section.key,
            title=section.title,
            tabular=section.key in TABULAR_SECTIONS,
            labels=[label for _key, label, _value in section.rows[0]] if section.rows else [],
            rows=[
                [
                    (label, value or "–", None) if isinstance(value, str) else (label, "", value)
                    for _key, label, value in row
                ]
                for row in section.rows
            ],
        )
        for section in sections(participant, shown=True)
    ]
    return render_to_string(
        "participants/register_extract.html",
        {"participant": participant, "sections": document, "generated_at": timezone.localtime()},
    )


def as_pdf(participant: Participant, *, base_url: str | None = None) -> bytes:
    return render_pdf(as_html(participant), base_url=base_url)
