"""A hand-built data set whose answers are known (see the comments for each figure)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from jobbspar.models import OrganisationKind
from participants.models import Gender
from tests.employers.factories import AgreementFactory, PlanningMeetingFactory
from tests.jobbspar.factories import EmploymentServiceFactory, OrganisationFactory, UserFactory
from tests.participants.factories import ParticipantFactory
from tests.tracks.factories import PhaseFactory, TrackFactory, TrackParticipantFactory
from tracks.models import FollowUp, FollowUpSituation, FundingSource, PhaseKind, State

TODAY = dt.date(2026, 11, 1)
A_START = dt.date(2025, 3, 1)
B_START = dt.date(2024, 5, 1)


def _member(track, *, gender, org, milestones, newly_arrived=False, **extra):
    person = ParticipantFactory(gender=gender, newly_arrived=newly_arrived, name="Canary Persson")
    return TrackParticipantFactory(
        track=track,
        participant=person,
        state=State.CONTINUED_SUPPORT,
        nominating_organisation=org,
        nominated_by=UserFactory(organisation=org),
        **{field: A_START + dt.timedelta(days=days) for field, days in milestones.items()},
        **extra,
    )


def build() -> dict:
    """Track A (2025): 12 nominated, 11 selected, 10 started, 8 completed, 6 offered, 5
    employed, 2 discontinued in the training phase; 7 women and 5 men; 3 newly arrived.
    Agreement 6 positions, need 8 positions, funding 400 000 SEK, first planning meeting 59
    days before the start, first hire 122 days after the meeting... (see below).
    Track B (2024): 3 nominated, nothing else; no funding, no agreement."""
    af = EmploymentServiceFactory(name="Arbetsförmedlingen Test")
    malmo = OrganisationFactory(kind=OrganisationKind.MUNICIPALITY, name="Malmö stad Test")
    track_a = TrackFactory(start_date=A_START, name="Spår A")
    training = PhaseFactory(track=track_a, kind=PhaseKind.TRAINING)
    agreement = AgreementFactory(need=track_a.need, positions=6)
    track_a.agreement = agreement
    track_a.save(update_fields=["agreement"])
    track_a.need.positions = 8
    track_a.need.save(update_fields=["positions"])
    FundingSource.objects.create(track=track_a, source="jobbpakten", amount=300_000)
    FundingSource.objects.create(track=track_a, source="committee", amount=100_000)
    meeting_start = timezone.make_aware(dt.datetime(2025, 1, 1, 10, 0))
    PlanningMeetingFactory(
        employer=track_a.employer,
        need=track_a.need,
        starts_at=meeting_start,
        ends_at=meeting_start + dt.timedelta(hours=1),
    )
    PlanningMeetingFactory(  # a later meeting does not move "the first"
        employer=track_a.employer,
        need=track_a.need,
        starts_at=meeting_start + dt.timedelta(days=20),
        ends_at=meeting_start + dt.timedelta(days=20, hours=1),
    )
    full = {"selected_on": 0, "started_on": 7, "completed_on": 100}
    people = []
    # 5 employed (offered and employed), women 0-2, men 3-4; employed on day 120.. (first: 120)
    for index in range(5):
        people.append(
            _member(
                track_a,
                gender=Gender.WOMAN if index < 3 else Gender.MAN,
                org=af if index % 2 == 0 else malmo,
                milestones={**full, "offered_on": 105, "employed_on": 120 + index},
                newly_arrived=index == 0,
            )
        )
    # 1 offered, declined (woman)
    people.append(
        _member(track_a, gender=Gender.WOMAN, org=af, milestones={**full, "offered_on": 105})
    )
    # 2 completed, not offered (woman, man)
    for gender in (Gender.WOMAN, Gender.MAN):
        people.append(_member(track_a, gender=gender, org=malmo, milestones=full))
    # 2 discontinued in training (woman, man), same reason
    for gender in (Gender.WOMAN, Gender.MAN):
        people.append(
            _member(
                track_a,
                gender=gender,
                org=af,
                milestones={"selected_on": 0, "started_on": 7, "discontinued_on": 30},
                discontinued_phase=training,
                reason="Flyttade",
                newly_arrived=True,
            )
        )
    # 1 selected, never started (woman); 1 nominated only (man)
    people.append(_member(track_a, gender=Gender.WOMAN, org=af, milestones={"selected_on": 0}))
    people.append(_member(track_a, gender=Gender.MAN, org=malmo, milestones={}))

    track_b = TrackFactory(start_date=B_START, name="Spår B")
    for _index in range(3):
        _member(track_b, gender=Gender.WOMAN, org=af, milestones={})

    # 12-month follow-ups of the 8 completers, all due (left on day 100 = 2025-06-09):
    # 5 employed in time (4 self-sufficient), 1 studying in time, 1 employed but answered late
    # (unknown), 1 never answered (unknown).
    completers = people[:8]
    due = dt.date(2026, 6, 9)
    answers = [
        (FollowUpSituation.EMPLOYED_AT_TRACK_EMPLOYER, True, 5),
        (FollowUpSituation.EMPLOYED_AT_TRACK_EMPLOYER, True, 5),
        (FollowUpSituation.EMPLOYED_ELSEWHERE, True, 10),
        (FollowUpSituation.EMPLOYED_ELSEWHERE, True, 30),  # day 30: still in time
        (FollowUpSituation.EMPLOYED_ELSEWHERE, False, 0),
        (FollowUpSituation.STUDYING, False, 3),
        (FollowUpSituation.EMPLOYED_ELSEWHERE, True, 31),  # late: unknown
        None,  # never answered: unknown
    ]
    for member, answer in zip(completers, answers, strict=True):
        follow_up = FollowUp(track_participant=member, months=12, due_on=due)
        if answer:
            situation, self_sufficient, days = answer
            follow_up.situation = situation
            follow_up.self_sufficient = self_sufficient
            follow_up.answered_at = timezone.make_aware(
                dt.datetime.combine(due + dt.timedelta(days=days), dt.time(12))
            )
        follow_up.save()
    # 6-month follow-ups: 8 due, 1 answered employed in time, 7 still within the window? No:
    # due 2025-12-09, all long past; 6 unanswered (unknown) and 2 employed in time.
    for index, member in enumerate(completers):
        FollowUp.objects.create(
            track_participant=member,
            months=6,
            due_on=dt.date(2025, 12, 9),
            situation=FollowUpSituation.EMPLOYED_ELSEWHERE if index < 2 else "",
            answered_at=timezone.make_aware(dt.datetime(2025, 12, 10, 9)) if index < 2 else None,
        )
    # 3-month follow-ups for the 2 who discontinued: one pending (due 10 days before TODAY,
    # unanswered), one not yet due.
    FollowUp.objects.create(
        track_participant=people[8], months=3, due_on=TODAY - dt.timedelta(days=10)
    )
    FollowUp.objects.create(
        track_participant=people[9], months=3, due_on=TODAY + dt.timedelta(days=10)
    )
    return {"track_a": track_a, "track_b": track_b, "af": af, "malmo": malmo, "people": people}
