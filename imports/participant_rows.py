"""Importing participants: each row's outcome (with the participant form's own validation) and
the commit of the new, changed and access-request rows.

The rows are validated by `participants.forms.ParticipantForm` and, for a person registered by
another organisation, by `participants.access_request_forms.AccessRequestForm`: the same rules
as the pages, no second set. What the forms do per row without the database is done per row; the
lookups (which numbers are registered, by whom, which requests are open) are one query each for
the whole file.
"""

from __future__ import annotations

import copy
import functools
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from imports.outcomes import (
    Change,
    NotUnderstood,
    Outcome,
    RowOutcome,
    choice_value,
    rebound,
    shown,
    yes_no,
)
from jobbspar import access
from jobbspar.identity import normalise_personal_number
from jobbspar.models import User
from jobbspar.repeats import once_per_row
from participants import access as participants_access
from participants import access_requests
from participants.access_request_forms import AccessRequestForm
from participants.forms import ParticipantForm
from participants.models import (
    AccessRequestStatus,
    ConsentMethod,
    ConsentScope,
    EventKind,
    Gender,
    Participant,
    ParticipantEvent,
)
from participants.registration import SENSITIVE_FIELDS

BOOLEAN_FIELDS = (
    "needs_interpreter",
    "newly_arrived",
    "long_term_unemployed",
    "receives_income_support",
)
CONSENT_FIELDS = ("consent_given_on", "consent_method", "consent_taken_by")
# Form fields an import does not set: the record keeps its own (or the default for a new one).
NOT_IMPORTED = ("status", "coordinator", "job_coach")


def _form_value(participant: Participant, name: str) -> str:
    value = getattr(participant, name)
    if name == "personal_number":
        return participant.personal_number_display if value else ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


class ImportParticipantForm(ParticipantForm):
    """The participant form with the fields an import sets: the same fields, cleaning and
    messages (without the staff choices, whose querysets cost a row as much as the rest)."""

    class Meta(ParticipantForm.Meta):
        fields = [name for name in ParticipantForm.Meta.fields if name not in NOT_IMPORTED]


def _import_form(
    form: ImportParticipantForm, data: dict[str, str], participant: Participant
) -> ImportParticipantForm:
    """The participant form, bound for one row. Its check constraints (digits, choices) are also
    form fields and held by the database at commit, so the per-row database round trip of
    Django's constraint validation is left out."""
    participant.full_clean = functools.partial(  # type: ignore[method-assign]
        type(participant).full_clean, participant, validate_constraints=False
    )
    return rebound(form, data, participant)


def _messages(error: ValidationError) -> list[str]:
    return [str(message) for message in error.messages]


def _form_errors(form: Any) -> list[str]:
    reasons = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            reasons.append(f"{label}: {error}" if label else str(error))
    return reasons


def _row_values(row: list[str], mapping: dict[str, str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for index, key in mapping.items():
        position = int(index)
        if position < len(row) and row[position].strip():
            values[key] = row[position].strip()
    return values


def _converted(values: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """The row's words as the forms take them (ja/nej, labels of choices)."""
    data, reasons = dict(values), []
    for name in BOOLEAN_FIELDS:
        if name in data:
            try:
                data[name] = yes_no(data[name])
            except NotUnderstood:
                reasons.append(
                    _("%(field)s: write ja or nej (not “%(value)s”).")
                    % {"field": _field_label(name), "value": data[name]}
                )
    if "gender" in data:
        data["gender"] = choice_value(Gender, data["gender"])
    if "consent_method" in data:
        data["consent_method"] = choice_value(ConsentMethod, data["consent_method"])
    return data, reasons


@functools.cache
def _labels() -> dict[str, str]:
    from imports.fields import PARTICIPANT_FIELDS

    return {field.key: str(field.label) for field in PARTICIPANT_FIELDS}


def _field_label(name: str) -> str:
    return _labels().get(name, name)


def preview_rows(
    *, rows: list[list[str]], mapping: dict[str, str], user: User, lock: bool = False
) -> list[RowOutcome]:
    """Every row's outcome. With `lock` (the commit), the user's own matched records are locked
    until the transaction ends."""
    # One form for the file, rebound to each row (outcomes.rebound).
    form = ImportParticipantForm({}, instance=Participant(), user=user)
    prepared: list[tuple[int, dict[str, str], str | None, list[str]]] = []
    for offset, row in enumerate(rows):
        values = _row_values(row, mapping)
        number, reasons = None, []
        raw = values.get("personal_number", "")
        if raw:
            try:
                number = normalise_personal_number(raw)
            except ValidationError as error:
                reasons = [f"{_field_label('personal_number')}: {m}" for m in _messages(error)]
        prepared.append((offset + 2, values, number, reasons))

    numbers = {number for _n, _v, number, _r in prepared if number}
    # Across organisations on purpose: one person, one record; only "registered elsewhere" is
    # used, never anything of the other organisation's record.
    with access.unscoped("import: which of the file's personal identity numbers are registered"):
        registered = dict(
            Participant.objects.filter(personal_number__in=numbers).values_list(
                "personal_number", "registered_by_id"
            )
        )
    own_numbers = [n for n, org in registered.items() if org == user.organisation_id]
    own_query = participants_access.participants_for(user).filter(
        registered_by=user.organisation_id, personal_number__in=own_numbers
    )
    if lock:
        own_query = own_query.select_for_update(of=("self",))
    own = {p.personal_number: p for p in own_query}
    elsewhere = [n for n, org in registered.items() if org != user.organisation_id]
    shared = set(
        participants_access.participants_for(user)
        .filter(personal_number__in=elsewhere)
        .values_list("personal_number", flat=True)
    )
    with access.unscoped("import: the other organisation's record an access request is for"):
        elsewhere_ids = dict(
            Participant.objects.filter(personal_number__in=elsewhere).values_list(
                "personal_number", "pk"
            )
        )
    asked = set(
        participants_access.access_requests_made_for(user)
        .filter(participant_id__in=elsewhere_ids.values(), status=AccessRequestStatus.OPEN)
        .values_list("participant_id", flat=True)
    )

    outcomes: list[RowOutcome] = []
    first_seen: dict[str, tuple[int, dict[str, str]]] = {}
    for line, values, number, reasons in prepared:
        title = values.get("name", "")
        if reasons:
            outcomes.append(RowOutcome(line, Outcome.ERROR, title, reasons=reasons))
            continue
        if number and number in first_seen:
            earlier, earlier_values = first_seen[number]
            if earlier_values == values:
                outcomes.append(
                    RowOutcome(
                        line,
                        Outcome.DUPLICATE,
                        title,
                        reasons=[_("The same as row %(row)s.") % {"row": earlier}],
                    )
                )
            else:
                outcomes.append(
                    RowOutcome(
                        line,
                        Outcome.ERROR,
                        title,
                        reasons=[
                            _(
                                "The personal identity number is also on row %(row)s, with other "
                                "details."
                            )
                            % {"row": earlier}
                        ],
                    )
                )
            continue
        if number:
            first_seen[number] = (line, values)
        data, reasons = _converted(values)
        if number in own:
            outcomes.append(_own_row(line, title, data, reasons, own[number], form))
        elif number in registered:
            outcomes.append(
                _elsewhere_row(
                    line,
                    title,
                    data,
                    reasons,
                    number in shared,
                    elsewhere_ids.get(number) in asked,
                    elsewhere_ids.get(number),
                    user,
                )
            )
        else:
            outcomes.append(_new_row(line, title, data, reasons, form))
    return outcomes


def _bound_data(participant: Participant, data: dict[str, str]) -> dict[str, str]:
    """The form's data: the record's values (a new one's defaults), with the row's on top."""
    bound = {name: _form_value(participant, name) for name in ImportParticipantForm.Meta.fields}
    bound.update({key: value for key, value in data.items() if key not in CONSENT_FIELDS})
    return bound


def _new_row(
    line: int,
    title: str,
    data: dict[str, str],
    reasons: list[str],
    form: ImportParticipantForm,
) -> RowOutcome:
    # A blank cell is the field's default, as on the registration form.
    form = _import_form(form, _bound_data(Participant(), data), Participant())
    if not form.is_valid() or reasons:
        return RowOutcome(line, Outcome.ERROR, title, reasons=reasons + _form_errors(form))
    values = {name: form.cleaned_data[name] for name in form.fields if name != "version"}
    return RowOutcome(line, Outcome.NEW, title, values=values)


def _own_row(
    line: int,
    title: str,
    data: dict[str, str],
    reasons: list[str],
    participant: Participant,
    form: ImportParticipantForm,
) -> RowOutcome:
    # A blank cell keeps what is stored.
    form = _import_form(form, _bound_data(participant, data), copy.copy(participant))
    if not form.is_valid() or reasons:
        return RowOutcome(line, Outcome.ERROR, title, reasons=reasons + _form_errors(form))
    changes, values = [], {}
    for name in form.fields:
        if name == "version":
            continue
        new, old = form.cleaned_data[name], getattr(participant, name)
        if new != old:
            values[name] = new
            changes.append(Change(str(form.fields[name].label), shown(old), shown(new), name))
    return RowOutcome(
        line,
        Outcome.UPDATE if changes else Outcome.UNCHANGED,
        title,
        changes=changes,
        target_id=participant.pk,
        target_version=participant.version,
        values=values,
    )


def _elsewhere_row(
    line: int,
    title: str,
    data: dict[str, str],
    reasons: list[str],
    shared: bool,
    asked: bool,
    target: int | None,
    user: User,
) -> RowOutcome:
    if shared:
        return RowOutcome(
            line,
            Outcome.ERROR,
            title,
            reasons=[
                _(
                    "The person is registered by another organisation, which shares the record "
                    "with yours; that organisation changes the details."
                )
            ],
        )
    if asked:
        return RowOutcome(
            line,
            Outcome.UNCHANGED,
            title,
            reasons=[
                _(
                    "The person is registered by another organisation; your organisation has "
                    "already asked for access."
                )
            ],
            target_id=target,
        )
    consent = {name: data[name] for name in CONSENT_FIELDS if name in data}
    if "consent_given_on" not in consent or "consent_method" not in consent:
        return RowOutcome(
            line,
            Outcome.ERROR,
            title,
            reasons=[
                _(
                    "The person is registered by another organisation. Fill in the columns for "
                    "the person's consent (date and how it was given) to ask that organisation "
                    "for access."
                )
            ],
        )
    consent.setdefault("consent_taken_by", user.get_full_name() or user.username)
    consent["scope"] = ConsentScope.WITHOUT_NOTES
    form = AccessRequestForm(consent, user=user)
    if not form.is_valid():
        return RowOutcome(line, Outcome.ERROR, title, reasons=_form_errors(form))
    values = {
        name: form.cleaned_data[name]
        for name in ("consent_given_on", "consent_method", "consent_taken_by", "scope")
    }
    return RowOutcome(line, Outcome.ACCESS_REQUEST, title, target_id=target, values=values)


def commit_rows(*, outcomes: list[RowOutcome], user: User, file_name: str) -> None:
    """Write the new, changed and access-request rows (inside the caller's transaction)."""
    now = timezone.now()
    organisation = user.organisation
    new = [
        Participant(registered_by=organisation, **row.values)
        for row in outcomes
        if row.outcome == Outcome.NEW
    ]
    created = Participant.objects.bulk_create(new, batch_size=500)
    events = [
        ParticipantEvent(
            participant=p,
            kind=EventKind.REGISTERED,
            actor=user,
            organisation=organisation,
            at=now,
            detail=_("Imported"),
        )
        for p in created
    ]
    updates = [row for row in outcomes if row.outcome == Outcome.UPDATE]
    if updates:
        changed = participants_access.participants_for(user).in_bulk([r.target_id for r in updates])
        fields: set[str] = {"updated_at"}
        for row in updates:
            participant = changed[row.target_id]
            for name, value in row.values.items():
                setattr(participant, name, value)
            participant.updated_at = now
            fields.update(row.values)
            # The history is shown to everyone who sees the person: sensitive fields unnamed.
            labels = [c.label for c in row.changes if c.key not in SENSITIVE_FIELDS]
            events.append(
                ParticipantEvent(
                    participant=participant,
                    kind=EventKind.UPDATED,
                    actor=user,
                    organisation=organisation,
                    at=now,
                    detail=", ".join(labels)[:300],
                )
            )
        # The rows were loaded through participants_for just above; updating them by id
        # without the visibility subquery in every batch's WHERE took 10 000 rows from
        # minutes to seconds.
        with access.unscoped("import: updating records just loaded in the importer's scope"):
            Participant.objects.bulk_update(
                [changed[r.target_id] for r in updates], sorted(fields), batch_size=500
            )
    ParticipantEvent.objects.bulk_create(events, batch_size=2000)
    asking = [row for row in outcomes if row.outcome == Outcome.ACCESS_REQUEST]
    if asking:
        with access.unscoped("import: the record an access request is made for"):
            targets = Participant.objects.in_bulk([row.target_id for row in asking])
        # One request per person, each recorded and notified as from the registration page.
        with once_per_row():
            for row in asking:
                _ask(row, targets, user, file_name)


def _ask(row: RowOutcome, targets: dict[Any, Participant], user: User, file_name: str) -> None:
    access_requests.request_access(
        participant=targets[row.target_id],
        by=user,
        asked_from=_("Import of %(file)s, row %(row)s")
        % {"file": file_name[:200], "row": row.number},
        **row.values,
    )
