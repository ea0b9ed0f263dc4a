import factory

from jobbspar.models import (
    Notification,
    NotificationKind,
    Organisation,
    OrganisationKind,
    Partnership,
    Role,
    User,
)
from jobbspar.roles import assign_role

TEST_PASSWORD = "correct-horse-battery-staple"


def _org_number(n: int) -> str:
    """A valid organisation number (Luhn) derived from a sequence number."""
    from jobbspar.identity import luhn_ok

    base = f"55{n:07d}"[-9:]
    for digit in "0123456789":
        if luhn_ok(base + digit):
            return f"{base[:6]}-{base[6:]}{digit}"
    raise AssertionError("unreachable: one check digit always fits")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = OrganisationKind.EMPLOYER
    organisation_number = factory.Sequence(_org_number)


class EmploymentServiceFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Arbetsförmedlingen {n}")
    kind = OrganisationKind.EMPLOYMENT_SERVICE


class MunicipalityFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Kommun {n}")
    kind = OrganisationKind.MUNICIPALITY


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="sv_SE")
    last_name = factory.Faker("last_name", locale="sv_SE")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    role = Role.AF_COORDINATOR
    organisation = factory.SubFactory(EmploymentServiceFactory)

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or TEST_PASSWORD)
        if create:
            self.save(update_fields=["password"])

    @factory.post_generation
    def with_role_group(self, create, extracted, **kwargs):
        if create:
            assign_role(self, self.role)


# The partnership of the persona fixtures (tests/conftest.py: `af` and `municipality`), which
# needs, meetings and tracks made by the factories belong to unless a test says otherwise.
DEFAULT_PARTNERSHIP = "Arbetsförmedlingen + Malmö stad"
DEFAULT_AF = "Arbetsförmedlingen"
DEFAULT_MUNICIPALITY = "Malmö stad"


def default_employment_service() -> Organisation:
    found = Organisation.objects.filter(
        kind=OrganisationKind.EMPLOYMENT_SERVICE, name=DEFAULT_AF
    ).first()
    return found or EmploymentServiceFactory(name=DEFAULT_AF)


def default_municipality() -> Organisation:
    found = Organisation.objects.filter(
        kind=OrganisationKind.MUNICIPALITY, name=DEFAULT_MUNICIPALITY
    ).first()
    return found or MunicipalityFactory(name=DEFAULT_MUNICIPALITY)


def default_partnership() -> Partnership:
    found = Partnership.objects.filter(name=DEFAULT_PARTNERSHIP).first()
    if found is not None:
        return found
    return Partnership.objects.create(
        name=DEFAULT_PARTNERSHIP,
        employment_service=default_employment_service(),
        municipality=default_municipality(),
    )


class PartnershipFactory(factory.django.DjangoModelFactory):
    """Another partnership: a new AF office and municipality."""

    class Meta:
        model = Partnership

    name = factory.Sequence(lambda n: f"Partnerskap {n}")
    employment_service = factory.SubFactory(EmploymentServiceFactory)
    municipality = factory.SubFactory(MunicipalityFactory)


def meeting_reminder(recipient, n, *, send_after, read_at=None) -> Notification:
    """An unsaved reminder of planning meeting `n` for `recipient`, due at `send_after` (read at
    `read_at`), for a test's bulk_create of many."""
    return Notification(
        recipient=recipient,
        kind=NotificationKind.MEETING_SOON,
        object_type="employers.planningmeeting",
        object_id=str(n),
        due_on=send_after.date(),
        send_after=send_after,
        read_at=read_at,
        subject=f"Påminnelse {n}",
        body="",
        url="/",
    )
