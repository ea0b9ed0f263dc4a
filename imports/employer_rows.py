"""Importing employers: each row's outcome (validated by `employers.forms.EmployerForm`, the
employer page's own form) and the commit, which does in bulk what
`employers.registry.save_employer` does for one: the employer's organisation (created, or renamed
to the employer's name), the employer, and a line in its history.

Employers are shared by every partnership (employers.access.employers_for), so a row matches the
employer with the same organisation number whoever registered it.
"""

from __future__ import annotations

import copy
import functools

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from employers import access as employers_access
from employers.forms import EmployerForm
from employers.models import Employer, EmployerChange, Sector
from imports.outcomes import Change, Outcome, RowOutcome, choice_value, rebound, shown
from jobbspar.identity import normalise_organisation_number
from jobbspar.models import Organisation, OrganisationKind, User


@functools.cache
def _labels() -> dict[str, str]:
    from imports.fields import EMPLOYER_FIELDS

    return {field.key: str(field.label) for field in EMPLOYER_FIELDS}


def _import_form(form: EmployerForm, data: dict[str, str], employer: Employer) -> EmployerForm:
    """The employer form, bound for one row. Uniqueness of the organisation number is decided
    by the import's own lookup (a known number is an update, never a second employer), and the
    database holds it at commit; so the form's per-row queries for it are left out."""
    employer.full_clean = functools.partial(  # type: ignore[method-assign]
        type(employer).full_clean, employer, validate_constraints=False, validate_unique=False
    )
    employer.validate_unique = lambda exclude=None: None  # type: ignore[method-assign]
    return rebound(form, data, employer)


def _form_errors(form: EmployerForm) -> list[str]:
    reasons: list[str] = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        reasons.extend(f"{label}: {error}" if label else str(error) for error in errors)
    return reasons


def preview_rows(
    *, rows: list[list[str]], mapping: dict[str, str], user: User, lock: bool = False
) -> list[RowOutcome]:
    prepared: list[tuple[int, dict[str, str], str | None, list[str]]] = []
    for offset, row in enumerate(rows):
        values = {
            key: row[int(index)].strip()
            for index, key in mapping.items()
            if int(index) < len(row) and row[int(index)].strip()
        }
        if "sector" in values:
            values["sector"] = choice_value(Sector, values["sector"])
        number, reasons = None, []
        if values.get("organisation_number"):
            try:
                number = normalise_organisation_number(values["organisation_number"])
            except ValidationError as error:
                label = _labels()["organisation_number"]
                reasons = [f"{label}: {message}" for message in error.messages]
        prepared.append((offset + 2, values, number, reasons))

    numbers = {number for _l, _v, number, _r in prepared if number}
    query = employers_access.employers_for(user).filter(organisation_number__in=numbers)
    if lock:
        query = query.select_for_update(of=("self",))
    existing = {employer.organisation_number: employer for employer in query}
    other_kind = set(
        Organisation.objects.filter(organisation_number__in=numbers)
        .exclude(kind=OrganisationKind.EMPLOYER)
        .values_list("organisation_number", flat=True)
    )

    outcomes: list[RowOutcome] = []
    first_seen: dict[str, tuple[int, dict[str, str]]] = {}
    fields = list(EmployerForm.Meta.fields)
    # One form for the file, rebound to each row (outcomes.rebound).
    template = EmployerForm({}, instance=Employer())
    for line, values, number, reasons in prepared:
        title = values.get("name", "")
        if reasons:
            outcomes.append(RowOutcome(line, Outcome.ERROR, title, reasons=reasons))
            continue
        if number and number in first_seen:
            earlier, earlier_values = first_seen[number]
            same = earlier_values == values
            reason = (
                _("The same as row %(row)s.")
                if same
                else _("The organisation number is also on row %(row)s, with other details.")
            ) % {"row": earlier}
            outcomes.append(
                RowOutcome(
                    line, Outcome.DUPLICATE if same else Outcome.ERROR, title, reasons=[reason]
                )
            )
            continue
        if number:
            first_seen[number] = (line, values)
        if number in other_kind:
            outcomes.append(
                RowOutcome(
                    line,
                    Outcome.ERROR,
                    title,
                    reasons=[
                        _("This organisation number belongs to an organisation of another kind.")
                    ],
                )
            )
            continue
        stored = existing.get(number or "")
        if stored is None:
            form = _import_form(template, values, Employer())
            if not form.is_valid():
                outcomes.append(RowOutcome(line, Outcome.ERROR, title, reasons=_form_errors(form)))
                continue
            cleaned = {name: form.cleaned_data[name] for name in fields}
            outcomes.append(RowOutcome(line, Outcome.NEW, title, values=cleaned))
            continue
        data = {name: str(getattr(stored, name) or "") for name in fields}
        data.update(values)
        form = _import_form(template, data, copy.copy(stored))
        if not form.is_valid():
            outcomes.append(RowOutcome(line, Outcome.ERROR, title, reasons=_form_errors(form)))
            continue
        changes, changed = [], {}
        for name in fields:
            new, old = form.cleaned_data[name], getattr(stored, name)
            if new != old:
                changed[name] = new
                changes.append(Change(str(form.fields[name].label), shown(old), shown(new), name))
        outcomes.append(
            RowOutcome(
                line,
                Outcome.UPDATE if changes else Outcome.UNCHANGED,
                title,
                changes=changes,
                target_id=stored.pk,
                target_version=stored.version,
                values=changed,
            )
        )
    return outcomes


def commit_rows(*, outcomes: list[RowOutcome], user: User, file_name: str) -> None:
    """Write the new and changed employers (inside the caller's transaction)."""
    now = timezone.now()
    new_rows = [row for row in outcomes if row.outcome == Outcome.NEW]
    numbers = [row.values["organisation_number"] for row in new_rows]
    organisations = {
        o.organisation_number: o
        for o in Organisation.objects.filter(
            organisation_number__in=numbers, kind=OrganisationKind.EMPLOYER
        )
    }
    missing = [
        Organisation(
            name=row.values["name"],
            kind=OrganisationKind.EMPLOYER,
            organisation_number=row.values["organisation_number"],
        )
        for row in new_rows
        if row.values["organisation_number"] not in organisations
    ]
    for organisation in Organisation.objects.bulk_create(missing, batch_size=2000):
        organisations[organisation.organisation_number] = organisation
    renamed = []
    for row in new_rows:
        organisation = organisations[row.values["organisation_number"]]
        if organisation.name != row.values["name"]:
            organisation.name = row.values["name"]
            renamed.append(organisation)
    created = Employer.objects.bulk_create(
        [
            Employer(organisation=organisations[row.values["organisation_number"]], **row.values)
            for row in new_rows
        ],
        batch_size=2000,
    )
    changes = [
        EmployerChange(employer=employer, by=user, summary=_("Employer registered (import)"))
        for employer in created
    ]
    updates = [row for row in outcomes if row.outcome == Outcome.UPDATE]
    if updates:
        employers = (
            employers_access.employers_for(user)
            .select_related("organisation")
            .in_bulk([row.target_id for row in updates])
        )
        fields: set[str] = {"updated_at"}
        for row in updates:
            employer = employers[row.target_id]
            for name, value in row.values.items():
                setattr(employer, name, value)
            employer.updated_at = now
            fields.update(row.values)
            if "name" in row.values and employer.organisation.name != employer.name:
                employer.organisation.name = employer.name
                renamed.append(employer.organisation)
            summary = _("Employer details changed (import): %(fields)s") % {
                "fields": ", ".join(change.label for change in row.changes)
            }
            changes.append(EmployerChange(employer=employer, by=user, summary=summary[:300]))
        employers_access.employers_for(user).bulk_update(
            [employers[row.target_id] for row in updates], sorted(fields), batch_size=1000
        )
    if renamed:
        Organisation.objects.bulk_update(renamed, ["name"], batch_size=1000)
    EmployerChange.objects.bulk_create(changes, batch_size=2000)
