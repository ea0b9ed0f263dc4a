"""Demo history for the manager dashboard: two earlier tracks that ran to the end, with enough
people (ten each) that the figures show instead of "<5", outcomes, and answered follow-ups.

The people are walked through `tracks.workflow` like everyone else; afterwards the dates are
moved back to when the tracks ran (milestones, transitions, follow-up due dates), since a demo
cannot wait a year for its 12-month follow-ups. Idempotent: if the first track exists, nothing
is done.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from employers.models import EmploymentType, RecruitmentNeed
from jobbspar.demo import AF, MALMO, organisation
from jobbspar.models import User
from participants import consent as consent_actions
from participants import registration
from participants.identities import personal_number_for
from participants.models import Gender, Participant
from tracks import phases, workflow
from tracks.demo import date_back, plan_before, step_days
from tracks.models import (
    FollowUp,
    FollowUpSituation,
    FundingSource,
    FundingSourceKind,
    PhaseKind,
    State,
    Subsidy,
    Track,
    TrackStatus,
)

TO_COMPLETED = (
    State.IN_INTRODUCTION,
    State.PRESENTED,
    State.SELECTED,
    State.IN_TRAINING,
    State.IN_APL,
    State.COMPLETED,
)
EMPLOYED = (*TO_COMPLETED, State.OFFERED, State.EMPLOYED)
NOT_OFFERED = (*TO_COMPLETED, State.CONTINUED_SUPPORT)
DISCONTINUED = (*TO_COMPLETED[:4], State.DISCONTINUED)
NOT_SELECTED = (State.IN_INTRODUCTION, State.PRESENTED, State.NOT_SELECTED)

# (track name, employer of the need, days ago it started, weeks, paths, 12-month situations)
HISTORY = [
    (
        "Undersköterskor 2025 (demo, uppföljt)",
        "Omsorgshuset Söder AB",
        560,
        16,
        [EMPLOYED] * 6 + [NOT_OFFERED, DISCONTINUED, NOT_SELECTED, EMPLOYED],
    ),
    (
        "Lagerarbetare 2025 (demo, uppföljt)",
        "Hamnlager Syd AB",
        480,
        12,
        [EMPLOYED] * 5 + [NOT_OFFERED, NOT_OFFERED, DISCONTINUED, EMPLOYED, NOT_SELECTED],
    ),
]
FIRST_NAMES = [
    "Sara", "Hassan", "Maryam", "Ali", "Elin", "Dawit", "Zahra", "Johan", "Rania", "Mehmet",
]  # fmt: skip
LAST_NAMES = ["Lind", "Osman", "Nilsson", "Yusuf", "Berg", "Haile", "Ek", "Aziz", "Holm", "Sahin"]
SITUATIONS = [
    FollowUpSituation.EMPLOYED_AT_TRACK_EMPLOYER,
    FollowUpSituation.EMPLOYED_AT_TRACK_EMPLOYER,
    FollowUpSituation.EMPLOYED_ELSEWHERE,
    FollowUpSituation.STUDYING,
    FollowUpSituation.JOB_SEEKER,
]


def _people(track_index: int, count: int, af_user: User, malmo_user: User) -> list[Participant]:
    people = []
    today = timezone.localdate()
    for index in range(count):
        by = af_user if index % 2 == 0 else malmo_user
        number = personal_number_for(
            dt.date(1980 + index, 1 + track_index * 6, 10 + index), 600 + track_index * 20 + index
        )
        person = Participant.objects.filter(personal_number=number).first()
        if person is None:
            person = registration.register_participant(
                by=by,
                personal_number=number,
                name=f"{FIRST_NAMES[index]} {LAST_NAMES[(index + track_index * 3) % 10]}",
                gender=Gender.WOMAN if index % 5 in (0, 2, 4) else Gender.MAN,
                newly_arrived=index % 3 != 2,
                long_term_unemployed=index % 3 == 2,
                receives_income_support=index % 4 == 1,
                coordinator=by,
            )
            consent_actions.record_presentation_consent(
                participant=person, given_on=today - dt.timedelta(days=600), by=by
            )
        people.append(person)
    return people


def _answer_follow_ups(track: Track, by: User) -> None:
    """Answer the due follow-ups in time, all but one (which stays unknown)."""
    today = timezone.localdate()
    due = FollowUp.objects.filter(
        track_participant__track=track, due_on__lte=today, answered_at__isnull=True
    ).order_by("track_participant__candidate_number", "months")
    for index, follow_up in enumerate(due):
        if index == 1:
            continue  # never answered: shown as unknown
        member = follow_up.track_participant
        if member.employed_on:
            situation = SITUATIONS[index % 3]
            if situation == FollowUpSituation.STUDYING:
                situation = FollowUpSituation.EMPLOYED_ELSEWHERE
        else:
            situation = SITUATIONS[3 + index % 2]
        employed = situation in (
            FollowUpSituation.EMPLOYED_AT_TRACK_EMPLOYER,
            FollowUpSituation.EMPLOYED_ELSEWHERE,
        )
        follow_up.situation = situation
        follow_up.employment_type = EmploymentType.PERMANENT if employed else ""
        follow_up.hours_per_week = Decimal("37.5") if employed else None
        follow_up.subsidy = (member.offer_subsidy or Subsidy.UNSUBSIDISED) if employed else ""
        follow_up.self_sufficient = employed and index % 4 != 3
        follow_up.answered_at = timezone.make_aware(
            dt.datetime.combine(follow_up.due_on + dt.timedelta(days=6), dt.time(9))
        )
        follow_up.answered_by = by
        follow_up.save()


def seed() -> list[Track]:
    names = [spec[0] for spec in HISTORY]
    if Track.objects.filter(name=names[0]).exists():
        return list(Track.objects.filter(name__in=names))
    af_user = User.objects.get(username="samordnare.af")
    malmo_user = User.objects.get(username="samordnare.malmo")
    if not (organisation(AF) and organisation(MALMO)):
        return []
    created = []
    with transaction.atomic():
        for track_index, (name, employer_name, days_ago, weeks, paths) in enumerate(HISTORY):
            need = (
                RecruitmentNeed.objects.filter(employer__name=employer_name)
                .select_related("employer")
                .order_by("id")
                .first()
            )
            if need is None:
                continue
            track = Track.objects.create(
                employer=need.employer,
                need=need,
                partnership_id=need.partnership_id,
                agreement=need.agreements.order_by("-number").first(),
                name=name,
                start_date=timezone.localdate() - dt.timedelta(days=days_ago),
                weeks=weeks,
                planned_participants=len(paths),
                created_by=af_user,
            )
            track.coordinators.set([af_user, malmo_user])
            track.mentors.set(list(need.employer.contacts.all()[:1]))
            plan_before(track, by=af_user, days=75)
            FundingSource.objects.create(
                track=track, source=FundingSourceKind.JOBBPAKTEN, amount=240_000
            )
            FundingSource.objects.create(
                track=track, source=FundingSourceKind.MUNICIPALITY, amount=120_000
            )
            if track.mentors.exists():
                phases.generate_phase_plan(track=track)
            track = workflow.change_track_status(
                track=track, to_status=TrackStatus.RECRUITING, by=af_user
            )
            people = _people(track_index, len(paths), af_user, malmo_user)
            apl = track.phases.filter(kind=PhaseKind.TRAINING).first()
            days = step_days(track)
            for number, (person, path) in enumerate(zip(people, paths, strict=True)):
                by = af_user if number % 2 == 0 else malmo_user
                member = workflow.nominate_candidate(
                    track=track, participant=person, by=by, motivation="Demo: tidigare jobbspår."
                )
                for state in path:
                    if state == State.IN_TRAINING and track.status == TrackStatus.RECRUITING:
                        track = workflow.change_track_status(
                            track=track, to_status=TrackStatus.RUNNING, by=af_user
                        )
                    offer = None
                    if state == State.OFFERED:
                        offer = workflow.Offer(
                            employment_type=EmploymentType.PERMANENT,
                            start_date=track.end_date + dt.timedelta(days=14),
                            hours_per_week=Decimal("37.5"),
                            employer=track.employer,
                            # Some earlier hires were subsidised (a wage subsidy).
                            subsidy=Subsidy.WAGE_SUBSIDY
                            if number % 3 == 1
                            else Subsidy.UNSUBSIDISED,
                        )
                    member = workflow.move_participant(
                        track_participant=member,
                        to_state=state,
                        by=by,
                        reason={
                            State.NOT_SELECTED: "Arbetsgivaren valde andra kandidater.",
                            State.DISCONTINUED: "Flyttade från Malmö.",
                        }.get(state, ""),
                        phase=apl if state == State.DISCONTINUED else None,
                        offer=offer,
                        on=days[state],
                    )
                date_back(track, path, member)
            if track.status == TrackStatus.RECRUITING:
                track = workflow.change_track_status(
                    track=track, to_status=TrackStatus.RUNNING, by=af_user
                )
            workflow.change_track_status(track=track, to_status=TrackStatus.COMPLETED, by=af_user)
            _answer_follow_ups(track, af_user)
            workflow.change_track_status(track=track, to_status=TrackStatus.FOLLOWED_UP, by=af_user)
            created.append(track)
    return created


def demo_step() -> str:
    """This app's part of `seed_demo` (its `demo` contribution): earlier tracks with outcomes."""
    return f"{len(seed())} earlier tracks with outcomes"
