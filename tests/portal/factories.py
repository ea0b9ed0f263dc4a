"""A track waiting for the employer's selection, with presented candidates."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from participants.models import OtherLanguage
from tests.employers.factories import (
    AgreementFactory,
    ContactPersonFactory,
    CriterionFactory,
    EmployerFactory,
    PlanningMeetingFactory,
    RecruitmentNeedFactory,
)
from tests.participants.factories import ParticipantFactory, WorkExperienceFactory
from tests.tracks.factories import PhaseFactory, TrackFactory, TrackParticipantFactory
from tracks.models import AplLogEntry, PhaseKind, PhaseProgress, State, TrackStatus

_CANDIDATE_NUMBERS = itertools.count(1)


def employer_of(organisation):
    from employers.models import Employer

    return Employer.objects.filter(organisation=organisation).first() or EmployerFactory(
        organisation=organisation
    )


def portal_track(
    *,
    organisation,
    coordinator,
    presented: int = 4,
    selected: int = 0,
    completed: int = 0,
    blind: bool = True,
    deadline_days: int = 10,
    name: str | None = None,
):
    """A recruiting track of the organisation's employer, with `presented` presented candidates,
    `selected` participants in APL (with a weekly note) and `completed` who completed."""
    employer = employer_of(organisation)
    need = RecruitmentNeedFactory(employer=employer)
    criterion = CriterionFactory(version__need=need)
    agreement = AgreementFactory(
        need=need, profile_version=criterion.version, sent_to_employer_at=timezone.now()
    )
    mentor = ContactPersonFactory(employer=employer, name=f"Mentor {organisation.name}")
    extra = {"name": name} if name else {}
    track = TrackFactory(
        employer=employer,
        need=need,
        profile_version=criterion.version,
        agreement=agreement,
        mentors=[mentor],
        status=TrackStatus.RECRUITING,
        blind_selection=blind,
        selection_deadline=timezone.localdate() + dt.timedelta(days=deadline_days),
        **extra,
    )
    track.coordinators.set([coordinator])
    intro = PhaseFactory(
        track=track,
        kind=PhaseKind.INTRODUCTION,
        title="Introduktionsvecka",
        starts_on=track.start_date - dt.timedelta(days=20),
        ends_on=track.start_date - dt.timedelta(days=16),
    )
    PhaseFactory(track=track, kind=PhaseKind.APL, title="APL på arbetsplatsen")
    PlanningMeetingFactory(employer=employer, need=need, title=f"Avstämning {organisation.name}")
    members = []
    for state, count in (
        (State.PRESENTED, presented),
        (State.IN_APL, selected),
        (State.COMPLETED, completed),
    ):
        for _ in range(count):
            person = ParticipantFactory(
                registered_by=coordinator.organisation,
                # Not a random name: the isolation tests look for another employer's candidates'
                # names on a page, and a random one could be part of a name shown there. Numbered
                # across calls, so no candidate's name equals or holds another's.
                name=f"Deltagare {next(_CANDIDATE_NUMBERS)} {organisation.name}",
                swedish_level="b1",
                presentation_consent_on=timezone.localdate() - dt.timedelta(days=30),
                presentation_consent_by=coordinator,
            )
            OtherLanguage.objects.create(participant=person, language="arabiska", level="c1")
            WorkExperienceFactory(participant=person)
            member = TrackParticipantFactory(
                track=track, participant=person, state=state, nominated_by=coordinator
            )
            PhaseProgress.objects.create(
                track_participant=member, phase=intro, notes="Aktiv och punktlig hela veckan."
            )
            if state != State.PRESENTED:
                AplLogEntry.objects.create(
                    track_participant=member,
                    week_starting=track.start_date,
                    mentor=mentor,
                    note=f"Vecka ett gick bra för nummer {member.candidate_number}.",
                )
            members.append(member)
    return track, members
