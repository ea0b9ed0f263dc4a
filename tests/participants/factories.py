import datetime as dt

import factory

from employers.models import Occupation
from participants.identities import personal_number_for
from participants.models import (
    CaseNote,
    Consent,
    ConsentMethod,
    NoteKind,
    Participant,
    PlanItem,
    WorkExperience,
)
from tests.dates import today
from tests.jobbspar.factories import EmploymentServiceFactory, UserFactory

# SSYK 2012 unit groups the tests use (the full list is loaded by the employers app).
OCCUPATIONS = {
    "5321": "Undersköterskor, hemtjänst, hemsjukvård och äldreboende",
    "8331": "Buss- och spårvagnsförare",
    "4322": "Lager- och terminalpersonal",
}


def occupation(code: str = "5321") -> Occupation:
    return Occupation.objects.get_or_create(code=code, defaults={"name": OCCUPATIONS[code]})[0]


def _personal_number(n: int) -> str:
    born = dt.date(1970, 1, 1) + dt.timedelta(days=(n * 97) % 12000)
    return personal_number_for(born, n)


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant
        skip_postgeneration_save = True

    personal_number = factory.Sequence(_personal_number)
    name = factory.Faker("name", locale="sv_SE")
    phone = factory.Sequence(lambda n: f"07012{n:05d}")
    registered_by = factory.SubFactory(EmploymentServiceFactory)


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    participant = factory.SubFactory(ParticipantFactory)
    shared_with = factory.SubFactory(EmploymentServiceFactory)
    given_on = factory.LazyFunction(lambda: today() - dt.timedelta(days=7))
    method = ConsentMethod.IN_WRITING
    recorded_by = factory.SubFactory(UserFactory)


class CaseNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseNote

    participant = factory.SubFactory(ParticipantFactory)
    written_on = factory.LazyFunction(today)
    kind = NoteKind.MEETING
    text = "Träffades på kontoret."
    author = factory.SubFactory(UserFactory)
    organisation = factory.LazyAttribute(lambda note: note.author.organisation)


class PlanItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanItem

    participant = factory.SubFactory(ParticipantFactory)
    kind = "language_support"
    title = "Yrkessvenska inom vård"
    created_by = factory.SubFactory(UserFactory)


class WorkExperienceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkExperience

    participant = factory.SubFactory(ParticipantFactory)
    occupation = factory.LazyFunction(occupation)
    months = 12
