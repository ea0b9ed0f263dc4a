"""Registering and changing employers, education providers and their contacts; the history."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from employers.models import ContactPerson, EducationProvider, Employer, EmployerChange
from jobbspar.identity import normalise_organisation_number
from jobbspar.locking import save_versioned
from jobbspar.models import Organisation, OrganisationKind, User


def record_change(*, employer: Employer, by: User | None, summary: str) -> EmployerChange:
    return EmployerChange.objects.create(employer=employer, by=by, summary=summary[:300])


def _organisation_for(*, name: str, organisation_number: str, kind: str) -> Organisation:
    """The organisation with this number (created if new); it must be of the right kind."""
    number = normalise_organisation_number(organisation_number)
    organisation, created = Organisation.objects.get_or_create(
        organisation_number=number, defaults={"name": name, "kind": kind}
    )
    if not created and organisation.kind != kind:
        raise ValidationError(
            {
                "organisation_number": _(
                    "This organisation number belongs to an organisation of another kind."
                )
            }
        )
    if organisation.name != name:
        organisation.name = name
        organisation.save(update_fields=["name"])
    return organisation


@transaction.atomic
def save_employer(*, employer: Employer, by: User | None) -> Employer:
    """Create or update an employer (unsaved or changed instance) and its organisation."""
    created = employer.pk is None
    employer.organisation_number = normalise_organisation_number(employer.organisation_number)
    employer.organisation = _organisation_for(
        name=employer.name,
        organisation_number=employer.organisation_number,
        kind=OrganisationKind.EMPLOYER,
    )
    save_versioned(employer)
    record_change(
        employer=employer,
        by=by,
        summary=_("Employer registered") if created else _("Employer details changed"),
    )
    return employer


@transaction.atomic
def add_contact(*, contact: ContactPerson, by: User | None) -> ContactPerson:
    contact.save()
    record_change(
        employer=contact.employer, by=by, summary=_("Contact added: %(name)s") % {"name": contact}
    )
    return contact


@transaction.atomic
def remove_contact(*, contact: ContactPerson, by: User | None) -> None:
    record_change(
        employer=contact.employer,
        by=by,
        summary=_("Contact removed: %(name)s") % {"name": contact},
    )
    contact.delete()


@transaction.atomic
def save_provider(*, provider: EducationProvider) -> EducationProvider:
    provider.organisation_number = normalise_organisation_number(provider.organisation_number)
    provider.organisation = _organisation_for(
        name=provider.name,
        organisation_number=provider.organisation_number,
        kind=OrganisationKind.EDUCATION_PROVIDER,
    )
    save_versioned(provider)
    return provider
