import datetime as dt

import factory
from django.utils import timezone

from tests.employers.factories import (
    ContactPersonFactory,
    EmployerFactory,
    ProfileVersionFactory,
    RecruitmentNeedFactory,
)
from tests.jobbspar.factories import EmploymentServiceFactory, UserFactory
from tests.participants.factories import ParticipantFactory
from tracks.models import Phase, PhaseKind, ResponsibleParty, State, Track, TrackParticipant


class TrackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Track
        skip_postgeneration_save = True

    employer = factory.SubFactory(EmployerFactory)
    need = factory.SubFactory(RecruitmentNeedFactory, employer=factory.SelfAttribute("..employer"))
    partnership = factory.SelfAttribute("need.partnership")
    profile_version = factory.SubFactory(
        ProfileVersionFactory, need=factory.SelfAttribute("..need")
    )
    name = factory.Sequence(lambda n: f"Undersköterska Söder {n}")
    start_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30))
    weeks = 16
    planned_participants = 8

    @factory.post_generation
    def mentors(self, create, extracted, **kwargs):
        if not create:
            return
        if extracted is None:
            extracted = [ContactPersonFactory(employer=self.employer)]
        self.mentors.set(extracted)


class PhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phase

    track = factory.SubFactory(TrackFactory)
    kind = PhaseKind.TRAINING
    title = "Utbildning"
    starts_on = factory.LazyAttribute(lambda p: p.track.start_date)
    ends_on = factory.LazyAttribute(lambda p: p.track.start_date + dt.timedelta(days=6))
    responsible = ResponsibleParty.PROVIDER


class TrackParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrackParticipant

    track = factory.SubFactory(TrackFactory)
    participant = factory.SubFactory(ParticipantFactory)
    candidate_number = factory.Sequence(lambda n: n + 1)
    state = State.NOMINATED
    nominated_by = factory.SubFactory(UserFactory)
    nominating_organisation = factory.LazyAttribute(
        lambda tp: tp.nominated_by.organisation or EmploymentServiceFactory()
    )
    motivation = "Stort intresse för vården."
