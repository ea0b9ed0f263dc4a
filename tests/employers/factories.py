import datetime as dt

import factory
from django.utils import timezone

from employers.models import (
    ActionItem,
    Agreement,
    ContactPerson,
    Criterion,
    CriterionKind,
    CriterionMode,
    EducationProvider,
    Employer,
    EmploymentType,
    Horizon,
    Occupation,
    PlanningMeeting,
    ProviderContact,
    RecruitmentNeed,
    RequirementProfileVersion,
    Sector,
)
from employers.occupations import load_occupations
from jobbspar.models import OrganisationKind
from tests.jobbspar.factories import OrganisationFactory, UserFactory, default_partnership


def ensure_occupations() -> None:
    """Transactional (browser) tests flush the tables, taking the migrated SSYK list with them."""
    if not Occupation.objects.exists():
        load_occupations(Occupation)


def occupation(code: str = "5321") -> Occupation:
    ensure_occupations()
    return Occupation.objects.get(code=code)


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer

    organisation = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.EMPLOYER)
    name = factory.LazyAttribute(lambda e: e.organisation.name)
    organisation_number = factory.LazyAttribute(lambda e: e.organisation.organisation_number)
    sector = Sector.PRIVATE
    industry = "Äldreomsorg"
    city = "Malmö"
    workplaces = "Äldreboendet Söder, Malmö"


class ContactPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactPerson

    employer = factory.SubFactory(EmployerFactory)
    name = factory.Faker("name", locale="sv_SE")
    role = "Enhetschef"
    email = factory.Sequence(lambda n: f"kontakt{n}@example.org")
    phone = "040-123 45 67"


class EducationProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EducationProvider

    organisation = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.EDUCATION_PROVIDER)
    name = factory.LazyAttribute(lambda e: e.organisation.name)
    organisation_number = factory.LazyAttribute(lambda e: e.organisation.organisation_number)
    offering = "Vård- och omsorgsutbildning med språkstöd"


class ProviderContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProviderContact

    provider = factory.SubFactory(EducationProviderFactory)
    name = factory.Faker("name", locale="sv_SE")


class RecruitmentNeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecruitmentNeed

    employer = factory.SubFactory(EmployerFactory)
    partnership = factory.LazyFunction(default_partnership)
    occupation = factory.LazyFunction(occupation)
    positions = 8
    wanted_start = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=60))
    horizon = Horizon.NOW
    workplace = "Äldreboendet Söder"
    employment_type = EmploymentType.PERMANENT
    working_hours = "shifts"


class ProfileVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RequirementProfileVersion

    need = factory.SubFactory(RecruitmentNeedFactory)
    number = 1


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    version = factory.SubFactory(ProfileVersionFactory)
    kind = CriterionKind.SWEDISH
    mode = CriterionMode.REQUIRED
    swedish_level = "sfi_c"


class PlanningMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanningMeeting

    employer = factory.SubFactory(EmployerFactory)
    partnership = factory.LazyFunction(default_partnership)
    title = "Avstämning"
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=3))
    ends_at = factory.LazyAttribute(lambda m: m.starts_at + dt.timedelta(hours=1))
    place = "Södra Förstadsgatan 40"


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    meeting = factory.SubFactory(PlanningMeetingFactory)
    description = "Skicka kravprofilen"
    owner = factory.SubFactory(UserFactory)
    due_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=7))


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    need = factory.SubFactory(RecruitmentNeedFactory)
    number = 1
    positions = 8
    employment_service_commitments = "Hitta kandidater"
    municipality_commitments = "Jobbcoachning"
    meeting_cadence = "Varannan vecka"
