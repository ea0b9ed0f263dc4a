"""The register extract (registerutdrag, GDPR art. 15) for one participant: everything held about
them - the record, background, consents, plan, case notes, history of changes and who has read
the record and why - as JSON and as a PDF. Given by the registering organisation's coordinators
(`jobbspar.access.is_registering_coordinator`); each extract is itself logged as a read."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import pghistory.models
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from jobbspar.audit import reads_of
from participants.models import Participant

# Internal bookkeeping, not information about the person.
SKIPPED_FIELDS = {"id", "participant", "track_participant", "version", "search_vector"}


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    rows: list[list[tuple[str, str, Any]]]  # per record: (key, label, value)


def _value(obj: models.Model, field: models.Field) -> Any:
    if field.choices:
        return str(getattr(obj, f"get_{field.name}_display")())
    value = getattr(obj, field.name)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, list):
        base = getattr(field, "base_field", None)
        choices = dict(base.flatchoices) if base is not None and base.choices else {}
        return [str(choices.get(item, item)) for item in value]
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat(timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _record(obj: models.Model) -> list[tuple[str, str, Any]]:
    return [
        (field.name, str(field.verbose_name), _value(obj, field))
        for field in obj._meta.concrete_fields
        if field.name not in SKIPPED_FIELDS
    ]


def sections(participant: Participant) -> list[Section]:
    """Everything held about `participant`, in sections."""
    record = _record(participant)
    record.append(
        (
            "interests",
            _("Occupations of interest"),
            [str(o) for o in participant.interests.all()],
        )
    )
    related = [
        ("languages", _("Other languages"), participant.languages.all()),
        (
            "work_experience",
            _("Work experience"),
            participant.experiences.select_related("occupation"),
        ),
        (
            "consents",
            _("Consents"),
            participant.consents.select_related("shared_with", "recorded_by", "withdrawn_by"),
        ),
        (
            "access_requests",
            _("Requests for access from another organisation"),
            participant.access_requests.select_related(
                "asking_organisation", "asked_by", "decided_by", "consent"
            ),
        ),
        ("plan", _("Individual plan"), participant.plan_items.select_related("created_by")),
        (
            "case_notes",
            _("Case notes"),
            participant.notes.select_related("author", "organisation"),
        ),
        (
            "events",
            _("History"),
            participant.events.select_related("actor", "organisation"),
        ),
    ]
    # The tracks the person took part in, with progress, APL notes and follow-ups (one query
    # each, through the participant's own related managers).
    memberships = list(
        participant.track_memberships.select_related(
            "track", "nominated_by", "nominating_organisation", "discontinued_phase"
        ).prefetch_related("progress__phase", "apl_log__mentor", "follow_ups__responsible")
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
    ]
    result = [Section("participant", _("The record"), [record])]
    for key, title, queryset in related:
        result.append(Section(key, str(title), [_record(obj) for obj in queryset]))
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
    result.append(
        Section(
            "changes",
            _("Recorded changes"),
            [
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
            ],
        )
    )
    result.append(
        Section(
            "access_log",
            _("Who has viewed this record"),
            [
                [
                    ("at", _("Time"), timezone.localtime(r.at).isoformat(timespec="seconds")),
                    ("user", _("By"), str(r.user)),
                    ("organisation", _("Organisation"), str(r.organisation or "")),
                    ("role", _("Role"), r.get_role_display()),
                    ("purpose", _("Purpose"), r.get_purpose_display()),
                ]
                for r in reads_of(participant).order_by("at")
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


def as_pdf(participant: Participant, *, base_url: str | None = None) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "participants/register_extract.html",
        {
            "participant": participant,
            "sections": sections(participant),
            "generated_at": timezone.localtime(),
        },
    )
    return HTML(string=html, base_url=base_url).write_pdf()
