"""Demo tracks, one in every status, with participants moved through tracks.workflow so their
history is real. Builds on the employers and participants demos. Idempotent: a demo track that
exists is left alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from employers.models import EmploymentType, PlanningMeeting, RecruitmentNeed
from employers.profiles import current_version
from jobbspar.dates import add_months
from jobbspar.local_time import STOCKHOLM
from jobbspar.models import User
from participants.models import Participant, ParticipantStatus
from tracks import phases, workflow
from tracks.models import (
    FollowUp,
    FollowUpSituation,
    FundingSource,
    FundingSourceKind,
    PhaseKind,
    State,
    Subsidy,
    Track,
    TrackParticipant,
    TrackStatus,
    Transition,
)


@dataclass(frozen=True)
class DemoTrack:
    name: str
    status: str
    start_days: int  # from today
    weeks: int
    # The way each participant goes, as the states after "nominated".
    paths: tuple[tuple[str, ...], ...]


TO_TRAINING = (State.IN_INTRODUCTION, State.PRESENTED, State.SELECTED, State.IN_TRAINING)
TO_COMPLETED = (*TO_TRAINING, State.IN_APL, State.COMPLETED)

# The demo's one subsidised hire (issue 17): a nystartsjobb, by track name and path number.
SUBSIDISED_HIRE = ("Undersköterskor hösten (uppföljt)", 1)

TRACKS = [
    DemoTrack(
        "Undersköterskor hösten (uppföljt)",
        TrackStatus.FOLLOWED_UP,
        -320,
        16,
        (
            (*TO_COMPLETED, State.OFFERED, State.EMPLOYED),
            (*TO_COMPLETED, State.OFFERED, State.EMPLOYED),
            (*TO_COMPLETED, State.CONTINUED_SUPPORT),
        ),
    ),
    DemoTrack(
        "Undersköterskor våren (avslutat)",
        TrackStatus.COMPLETED,
        -150,
        12,
        (
            (*TO_COMPLETED, State.OFFERED, State.EMPLOYED),
            (*TO_COMPLETED, State.OFFERED, State.DECLINED),
            (State.IN_INTRODUCTION, State.PRESENTED, State.NOT_SELECTED),
            (*TO_TRAINING, State.DISCONTINUED),
        ),
    ),
    DemoTrack(
        "Vårdbiträden (pågår)",
        TrackStatus.RUNNING,
        -90,  # in its APL weeks, so one participant can be in APL (the move rules check dates)
        16,
        (TO_TRAINING, TO_TRAINING, (*TO_TRAINING, State.IN_APL)),
    ),
    DemoTrack(
        "Undersköterskor nästa termin (rekrytering)",
        TrackStatus.RECRUITING,
        30,
        12,
        ((State.IN_INTRODUCTION, State.PRESENTED), (State.IN_INTRODUCTION, State.PRESENTED), ()),
    ),
    DemoTrack("Vårdbiträden 2027 (planering)", TrackStatus.PLANNING, 90, 20, ()),
]

STATUS_ORDER: list[str] = [
    TrackStatus.PLANNING,
    TrackStatus.RECRUITING,
    TrackStatus.RUNNING,
    TrackStatus.COMPLETED,
    TrackStatus.FOLLOWED_UP,
]


def _free_participants(organisation_id: int | None, with_consent: bool) -> QuerySet[Participant]:
    # Each demo participant goes through one demo track.
    busy = Participant.objects.filter(track_memberships__isnull=False).values("pk")
    people = Participant.objects.filter(
        registered_by_id=organisation_id, status=ParticipantStatus.ACTIVE
    ).exclude(pk__in=busy)
    if with_consent:
        people = people.filter(presentation_consent_on__isnull=False)
    return people.order_by("id")


def _walk(member, path, by: User, track: Track, subsidy: str = Subsidy.UNSUBSIDISED) -> None:
    days = step_days(track)
    for state in path:
        offer = None
        if state == State.OFFERED:
            offer = workflow.Offer(
                employment_type=EmploymentType.PERMANENT,
                start_date=track.end_date + dt.timedelta(days=7),
                hours_per_week=Decimal("37.5"),
                employer=track.employer,
                subsidy=subsidy,
            )
        reason = {
            State.NOT_SELECTED: "Arbetsgivaren valde andra kandidater.",
            State.DISCONTINUED: "Flyttade från Malmö.",
            State.DECLINED: "Tackade nej: valde en tjänst närmare hemmet.",
        }.get(state, "")
        apl = track.phases.filter(kind=PhaseKind.APL).first()
        workflow.move_participant(
            track_participant=member,
            to_state=state,
            by=by,
            reason=reason,
            phase=apl if state == State.DISCONTINUED else None,
            offer=offer,
            on=days[state],
        )


def step_days(track: Track) -> dict[str, dt.date]:
    """The day each step happens in a demo track, from its phase plan (so every move fits the
    move rules), never after today."""
    start, end, today = track.start_date, track.end_date, timezone.localdate()
    plan = list(track.phases.all())

    def first(kind: str, fallback: dt.date) -> dt.date:
        return min((p.starts_on for p in plan if p.kind == kind), default=fallback)

    training = first(PhaseKind.TRAINING, start)
    completed = max((p.ends_on for p in plan if p.kind != PhaseKind.HIRING), default=end)
    days = {
        State.NOMINATED: start - dt.timedelta(days=21),
        State.IN_INTRODUCTION: start - dt.timedelta(days=14),
        State.PRESENTED: start - dt.timedelta(days=10),
        State.SELECTED: start - dt.timedelta(days=7),
        State.NOT_SELECTED: start - dt.timedelta(days=7),
        State.IN_TRAINING: training,
        State.IN_APL: first(PhaseKind.APL, start + dt.timedelta(weeks=track.weeks // 2)),
        State.COMPLETED: completed,
        State.DISCONTINUED: training + dt.timedelta(days=21),
        State.OFFERED: completed + dt.timedelta(days=3),
        State.EMPLOYED: end + dt.timedelta(days=14),
        State.DECLINED: completed + dt.timedelta(days=7),
        State.CONTINUED_SUPPORT: completed + dt.timedelta(days=7),
    }
    return {state: min(day, today) for state, day in days.items()}


def date_back(track: Track, path: tuple, member) -> None:
    """Put the transitions and follow-ups where they were when the track ran (a demo walks its
    people through the workflow on the day it is seeded). Never after today."""
    days = step_days(track)
    for transition in Transition.objects.filter(track_participant=member):
        when = days[transition.to_state]
        Transition.objects.filter(pk=transition.pk).update(
            at=timezone.make_aware(dt.datetime.combine(when, dt.time(10)))
        )
    changes = {
        field: days[state]
        for state, field in [
            (State.SELECTED, "selected_on"),
            (State.IN_TRAINING, "started_on"),
            (State.COMPLETED, "completed_on"),
            (State.OFFERED, "offered_on"),
            (State.EMPLOYED, "employed_on"),
            (State.DISCONTINUED, "discontinued_on"),
        ]
        if state in path
    }
    type(member).objects.filter(pk=member.pk).update(**changes)
    left = changes.get("completed_on") or changes.get("discontinued_on")
    if left:
        for follow_up in FollowUp.objects.filter(track_participant=member):
            FollowUp.objects.filter(pk=follow_up.pk).update(
                due_on=add_months(left, follow_up.months)
            )


def plan_before(track: Track, *, by: User, days: int) -> None:
    """The planning meeting with the employer that began the track, `days` before its start, so
    the demo's lead times (dashboard: first planning meeting to start) come from real rows."""
    title = f"Planering inför {track.name}"
    if PlanningMeeting.objects.filter(need=track.need, title=title).exists():
        return
    day = track.start_date - dt.timedelta(days=days)
    PlanningMeeting.objects.create(
        employer=track.employer,
        need=track.need,
        partnership_id=track.need.partnership_id,
        title=title,
        starts_at=dt.datetime.combine(day, dt.time(9), tzinfo=STOCKHOLM),
        ends_at=dt.datetime.combine(day, dt.time(10), tzinfo=STOCKHOLM),
        agenda="1. Behovet och tidplan\n2. Kravprofil\n3. Utbildning och APL",
        created_by=by,
    )


def date_demo_follow_ups() -> None:
    """The demo participants left their tracks on the day the demo was seeded; date their
    follow-ups from when they really left (the track's end, or the phase they left in), so the
    demo coordinators have follow-ups due, overdue and answered. Idempotent."""
    members = (
        TrackParticipant.objects.filter(
            track__name__in=[spec.name for spec in TRACKS], follow_ups__isnull=False
        )
        .select_related("track", "discontinued_phase", "nominated_by")
        .distinct()
    )
    today = timezone.localdate()
    for member in members:
        phase = member.discontinued_phase
        left_on = phase.starts_on if phase is not None else member.track.end_date
        for follow_up in member.follow_ups.filter(answered_at__isnull=True):
            due_on = add_months(left_on, follow_up.months)
            if follow_up.due_on != due_on:
                follow_up.due_on = due_on
                follow_up.save(update_fields=["due_on"])
            # The followed-up track's first follow-ups were answered in time.
            if member.track.status == TrackStatus.FOLLOWED_UP and follow_up.months == 3:
                FollowUp.objects.filter(pk=follow_up.pk, answered_at__isnull=True).update(
                    situation=FollowUpSituation.EMPLOYED_AT_TRACK_EMPLOYER
                    if member.state == State.EMPLOYED
                    else FollowUpSituation.JOB_SEEKER,
                    employment_type=member.offer_employment_type,
                    hours_per_week=member.offer_hours_per_week,
                    subsidy=member.offer_subsidy if member.state == State.EMPLOYED else "",
                    employment_start=member.offer_start_date
                    if member.state == State.EMPLOYED
                    else None,
                    self_sufficient=member.state == State.EMPLOYED,
                    not_hired_reason=""
                    if member.state == State.EMPLOYED
                    else "Behöver mer språkstöd innan anställning.",
                    answered_at=dt.datetime.combine(
                        min(due_on + dt.timedelta(days=5), today), dt.time(10), tzinfo=dt.UTC
                    ),
                    answered_by=member.nominated_by,
                )


def seed() -> list[Track]:
    if Track.objects.filter(name=TRACKS[0].name).exists():
        _seed_lund_track(timezone.localdate())
        date_demo_follow_ups()
        return list(Track.objects.filter(name__in=[spec.name for spec in TRACKS] + [LUND_TRACK]))
    af_user = User.objects.get(username="samordnare.af")
    malmo_user = User.objects.get(username="samordnare.malmo")
    coach = User.objects.get(username="jobbcoach")
    need = (
        RecruitmentNeed.objects.filter(employer__name="Omsorgshuset Söder AB")
        .select_related("employer", "occupation")
        .order_by("id")
        .first()
    )
    if need is None:
        return []
    today = timezone.localdate()
    created = []
    with transaction.atomic():
        for index, spec in enumerate(TRACKS):
            start = today + dt.timedelta(days=spec.start_days)
            track = Track.objects.create(
                employer=need.employer,
                need=need,
                partnership_id=need.partnership_id,
                profile_version=current_version(need),
                agreement=need.agreements.order_by("-number").first(),
                education_provider=None,
                name=spec.name,
                start_date=start,
                weeks=spec.weeks,
                planned_participants=max(len(spec.paths), need.positions),
                selection_deadline=start - dt.timedelta(days=14),
                created_by=af_user,
            )
            track.coordinators.set([af_user, malmo_user])
            track.job_coaches.set([coach])
            track.mentors.set(list(need.employer.contacts.all()[:1]))
            FundingSource.objects.create(
                track=track, source=FundingSourceKind.JOBBPAKTEN, amount=180_000 + index * 20_000
            )
            FundingSource.objects.create(
                track=track,
                source=FundingSourceKind.COMMITTEE,
                description="Arbetsmarknadsnämnden",
                amount=90_000,
            )
            if track.mentors.exists():
                phases.generate_phase_plan(track=track)
            # Nominate and walk while the track is open, then set its status.
            for number, path in enumerate(spec.paths):
                by = af_user if number % 2 == 0 else malmo_user
                person = _free_participants(by.organisation_id, with_consent=bool(path)).first()
                if person is None:
                    continue
                member = workflow.nominate_candidate(
                    track=track,
                    participant=person,
                    by=by,
                    motivation="Intresserad av vården och har rätt förutsättningar.",
                )
                subsidised = (spec.name, number) == SUBSIDISED_HIRE
                _walk(
                    member,
                    path,
                    by,
                    track,
                    Subsidy.NYSTARTSJOBB if subsidised else Subsidy.UNSUBSIDISED,
                )
                if spec.start_days < 0:
                    date_back(track, path, member)  # the steps happened when the track ran
            if spec.start_days < 0:
                plan_before(track, by=af_user, days=45)
            for status in STATUS_ORDER[1 : STATUS_ORDER.index(spec.status) + 1]:
                workflow.change_track_status(track=track, to_status=status, by=af_user)
            created.append(track)
        lund_track = _seed_lund_track(today)
        if lund_track is not None:
            created.append(lund_track)
        date_demo_follow_ups()
    return created


LUND_TRACK = "Bagare Lund 2027"


def _seed_lund_track(today: dt.date) -> Track | None:
    """Lund's partnership's one track, in planning: Malmö's coordinators cannot open it (but may
    copy it as a template), Lund's coordinator cannot open Malmö's."""
    lund_user = User.objects.filter(username="samordnare.lund").first()
    need = (
        RecruitmentNeed.objects.filter(employer__name="Lundabageriet AB")
        .select_related("employer")
        .order_by("id")
        .first()
    )
    if lund_user is None or need is None:
        return None
    existing = Track.objects.filter(name=LUND_TRACK).first()
    if existing is not None:
        return existing
    start = today + dt.timedelta(days=84)
    track = Track.objects.create(
        employer=need.employer,
        need=need,
        partnership_id=need.partnership_id,
        profile_version=current_version(need),
        name=LUND_TRACK,
        start_date=start,
        weeks=12,
        planned_participants=need.positions,
        selection_deadline=start - dt.timedelta(days=14),
        created_by=lund_user,
    )
    track.coordinators.set([lund_user])
    track.mentors.set(list(need.employer.contacts.all()[:1]))
    if track.mentors.exists():
        phases.generate_phase_plan(track=track)
    return track


def demo_step() -> str:
    """This app's part of `seed_demo` (its `demo` contribution)."""
    return f"{len(seed())} tracks"
