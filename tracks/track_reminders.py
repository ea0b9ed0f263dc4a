"""Reminders about a track's calendar: the selection deadline, phases starting, APL without a
mentor, an unconfirmed agreement, consents that expire while a participant is in a track, and
a pause whose planned return day has passed.

Each function plans notification rows (jobbspar.notifications.notify) for `today` and is
idempotent: a reminder's due date depends only on the record's own date, so running the planner
again, late, or from two beats adds nothing. A reminder day that falls on a weekend or a Swedish
public holiday moves to the working day before (jobbspar.workdays). Called hourly by
`tracks.reminders.plan_reminders`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.urls import reverse

from employers.models import AgreementStatus
from jobbspar.access import EMPLOYERS
from jobbspar.models import NotificationKind, User
from jobbspar.notifications import notify, render_message
from jobbspar.workdays import on_or_before_working_day, working_days_before
from participants.models import Consent
from tracks.models import (
    ACTIVE_STATES,
    CLOSED_TRACK_STATUSES,
    Phase,
    PhaseKind,
    State,
    Track,
    TrackParticipant,
)
from tracks.reminder_times import send_after_on

SELECTION_WORKING_DAYS_AHEAD = 3
PHASE_WORKING_DAYS_AHEAD = 5
APL_MENTOR_WORKING_DAYS_AHEAD = 10
AGREEMENT_WORKING_DAYS_AHEAD = 10
CONSENT_DAYS_AHEAD = 30
# "Passed" reminders are planned while the deadline is at most this old (a beat that was down
# for a while still catches up; older tracks are left alone).
PASSED_CATCH_UP_DAYS = 14
# 10 working days never span more than this many calendar days (with Christmas and Easter).
LOOK_AHEAD_DAYS = 24


def undecided_candidates() -> QuerySet[TrackParticipant]:
    """Candidates waiting for the employer's decision.

    For now: presented to the employer and neither selected nor turned down. Kept as this one
    function so the employer portal's decision model can refine it in one place.
    """
    return TrackParticipant.objects.filter(state=State.PRESENTED)


def open_tracks() -> QuerySet[Track]:
    return Track.objects.exclude(status__in=CLOSED_TRACK_STATUSES)


def employer_users_by_organisation(organisation_ids: Iterable[int]) -> dict[int, list[User]]:
    """The active employer users of each employer organisation (one query)."""
    users: dict[int, list[User]] = defaultdict(list)
    for user in User.objects.filter(
        role__in=EMPLOYERS, organisation_id__in=set(organisation_ids), is_active=True
    ).order_by("pk"):
        if user.organisation_id is not None:
            users[user.organisation_id].append(user)
    return users


def employer_link(track: Track) -> str:
    """Where an employer user reads about the track: its page in the employer portal."""
    return reverse("portal:track", args=[track.pk])


def _plan(
    *,
    recipients: Iterable[User],
    kind: str,
    obj,
    day: dt.date,
    send_after: dt.datetime,
    template: str,
    context: dict,
    url_for,
) -> int:
    created = 0
    seen: set[int] = set()
    for user in recipients:
        if user.pk in seen:
            continue
        seen.add(user.pk)
        _, new = notify(
            recipient=user,
            kind=kind,
            obj=obj,
            due_on=day,
            send_after=send_after,
            message=render_message(recipient=user, template=template, context=context),
            url=url_for(user),
        )
        created += new
    return created


def _staff_or_employer_link(track: Track) -> Callable[[User], str]:
    def url_for(user: User) -> str:
        if user.role in EMPLOYERS:
            return employer_link(track)
        return track.get_absolute_url()

    return url_for


def _tracks_with_people() -> QuerySet[Track]:
    return open_tracks().prefetch_related(
        Prefetch("coordinators", queryset=User.objects.filter(is_active=True).order_by("pk")),
        Prefetch("job_coaches", queryset=User.objects.filter(is_active=True).order_by("pk")),
    )


def plan_selection_deadline_reminders(*, today: dt.date) -> int:
    """The employer's selection deadline in 3 working days, and once when it has passed, while
    candidates are undecided: the employer's users and the track's coordinators."""
    undecided = undecided_candidates().filter(track=OuterRef("pk"))
    tracks = list(
        _tracks_with_people()
        .filter(
            selection_deadline__gte=today - dt.timedelta(days=PASSED_CATCH_UP_DAYS),
            selection_deadline__lte=today + dt.timedelta(days=LOOK_AHEAD_DAYS),
        )
        .filter(Exists(undecided))
        .select_related("employer")
    )
    employer_users = employer_users_by_organisation(t.employer.organisation_id for t in tracks)
    created = 0
    for track in tracks:
        deadline = track.selection_deadline
        if deadline is None:  # excluded by the query
            continue
        if deadline < today:
            kind, day, template = (
                NotificationKind.SELECTION_DEADLINE_PASSED,
                deadline,
                "notifications/selection_deadline_passed",
            )
            send_after = send_after_on(today)
        else:
            day = working_days_before(deadline, SELECTION_WORKING_DAYS_AHEAD)
            if day > today:
                continue
            kind, template = (
                NotificationKind.SELECTION_DEADLINE_SOON,
                "notifications/selection_deadline_soon",
            )
            send_after = send_after_on(day)
        recipients = [
            *employer_users.get(track.employer.organisation_id, []),
            *track.coordinators.all(),
        ]
        created += _plan(
            recipients=recipients,
            kind=kind,
            obj=track,
            day=day,
            send_after=send_after,
            template=template,
            context={"track": track},
            url_for=_staff_or_employer_link(track),
        )
    return created


def plan_phase_reminders(*, today: dt.date) -> int:
    """A phase starts in 5 working days: the coordinators and job coaches, and for APL the
    mentors. Mentors are the employer's contact persons and have no accounts, so for APL the
    employer's users (who arrange the mentors) are notified instead."""
    phases = list(
        Phase.objects.filter(
            starts_on__gt=today,
            starts_on__lte=today + dt.timedelta(days=LOOK_AHEAD_DAYS),
            track__in=open_tracks(),
        )
        .select_related("track__employer")
        .prefetch_related(
            Prefetch(
                "track__coordinators",
                queryset=User.objects.filter(is_active=True).order_by("pk"),
            ),
            Prefetch(
                "track__job_coaches",
                queryset=User.objects.filter(is_active=True).order_by("pk"),
            ),
        )
    )
    apl_employers = {p.track.employer.organisation_id for p in phases if p.kind == PhaseKind.APL}
    employer_users = employer_users_by_organisation(apl_employers)
    created = 0
    for phase in phases:
        day = working_days_before(phase.starts_on, PHASE_WORKING_DAYS_AHEAD)
        if day > today:
            continue
        track = phase.track
        recipients = [*track.coordinators.all(), *track.job_coaches.all()]
        if phase.kind == PhaseKind.APL:
            recipients += employer_users.get(track.employer.organisation_id, [])
        created += _plan(
            recipients=recipients,
            kind=NotificationKind.PHASE_STARTS_SOON,
            obj=phase,
            day=day,
            send_after=send_after_on(day),
            template="notifications/phase_starts_soon",
            context={"phase": phase, "track": track},
            url_for=_staff_or_employer_link(track),
        )
    return created


def plan_apl_without_mentor_reminders(*, today: dt.date) -> int:
    """APL starts in 10 working days and the track has no mentor: the coordinators."""
    phases = (
        Phase.objects.filter(
            kind=PhaseKind.APL,
            starts_on__gt=today,
            starts_on__lte=today + dt.timedelta(days=LOOK_AHEAD_DAYS),
            track__in=open_tracks(),
        )
        .exclude(Exists(Track.mentors.through.objects.filter(track_id=OuterRef("track_id"))))
        .select_related("track")
        .prefetch_related(
            Prefetch(
                "track__coordinators",
                queryset=User.objects.filter(is_active=True).order_by("pk"),
            )
        )
    )
    created = 0
    for phase in phases:
        day = working_days_before(phase.starts_on, APL_MENTOR_WORKING_DAYS_AHEAD)
        if day > today:
            continue
        created += _plan(
            recipients=phase.track.coordinators.all(),
            kind=NotificationKind.APL_WITHOUT_MENTOR,
            obj=phase,
            day=day,
            send_after=send_after_on(day),
            template="notifications/apl_without_mentor",
            context={"phase": phase, "track": phase.track},
            url_for=lambda user, track=phase.track: reverse("tracks:track_edit", args=[track.pk]),
        )
    return created


def plan_agreement_reminders(*, today: dt.date) -> int:
    """10 working days before the track starts its agreement is not confirmed by every party
    (or the track has none): the coordinators."""
    tracks = (
        _tracks_with_people()
        .filter(start_date__gt=today, start_date__lte=today + dt.timedelta(days=LOOK_AHEAD_DAYS))
        .exclude(agreement__status=AgreementStatus.AGREED)
        .select_related("agreement")
    )
    created = 0
    for track in tracks:
        day = working_days_before(track.start_date, AGREEMENT_WORKING_DAYS_AHEAD)
        if day > today:
            continue
        created += _plan(
            recipients=track.coordinators.all(),
            kind=NotificationKind.AGREEMENT_UNCONFIRMED,
            obj=track,
            day=day,
            send_after=send_after_on(day),
            template="notifications/agreement_unconfirmed",
            context={"track": track},
            url_for=lambda user, track=track: (
                reverse("employers:agreement_detail", args=[track.agreement_id])
                if track.agreement_id
                else reverse("employers:need_detail", args=[track.need_id])
            ),
        )
    return created


def consent_reminder_day(consent: Consent) -> dt.date:
    if consent.valid_until is None:
        raise ValueError("A consent without an end date expires never: there is nothing to remind.")
    return on_or_before_working_day(consent.valid_until - dt.timedelta(days=CONSENT_DAYS_AHEAD))


def plan_consent_reminders(*, today: dt.date) -> int:
    """A consent expires within 30 days while its participant is active in an open track: the
    participant's responsible coordinator and the track's coordinators of the organisation the
    consent shares the record with (they lose access when it expires). The message names the
    track, never the participant."""
    memberships = TrackParticipant.objects.filter(
        state__in=sorted(ACTIVE_STATES), track__in=open_tracks()
    ).select_related("track")
    consents = list(
        Consent.objects.active(today)
        .filter(
            valid_until__isnull=False,
            valid_until__lte=today + dt.timedelta(days=CONSENT_DAYS_AHEAD + 7),
            participant__track_memberships__in=memberships,
        )
        .distinct()
        .select_related("participant__coordinator")
        .prefetch_related(
            Prefetch(
                "participant__track_memberships",
                queryset=memberships.prefetch_related(
                    Prefetch(
                        "track__coordinators",
                        queryset=User.objects.filter(is_active=True).order_by("pk"),
                    )
                ),
                to_attr="open_memberships",
            )
        )
    )
    created = 0
    for consent in consents:
        day = consent_reminder_day(consent)
        if day > today:
            continue
        participant = consent.participant
        for membership in participant.open_memberships:
            track = membership.track
            recipients = [
                user
                for user in track.coordinators.all()
                if user.organisation_id == consent.shared_with_id
            ]
            coordinator = participant.coordinator
            if coordinator is not None and coordinator.is_active:
                recipients.insert(0, coordinator)
            created += _plan(
                recipients=recipients,
                kind=NotificationKind.CONSENT_EXPIRING,
                obj=consent,
                day=day,
                send_after=send_after_on(day),
                template="notifications/consent_expiring",
                context={"consent": consent, "track": track},
                url_for=lambda user, member=membership: reverse(
                    "tracks:member_detail", args=[member.track_id, member.pk]
                ),
            )
    return created


def overdue_pauses(*, today: dt.date) -> QuerySet[TrackParticipant]:
    """Paused members of open tracks whose planned return day has passed (recently enough to
    remind; see PASSED_CATCH_UP_DAYS)."""
    return TrackParticipant.objects.filter(
        state=State.PAUSED,
        pause_planned_return__lt=today,
        pause_planned_return__gte=today - dt.timedelta(days=PASSED_CATCH_UP_DAYS),
        track__in=open_tracks(),
    )


def plan_pause_return_reminders(*, today: dt.date) -> int:
    """The planned return day has passed and the participant is still paused: the track's
    coordinators get one reminder per pause (the row is keyed on the member and the planned
    return day, so a beat that runs again plans nothing). The message names the track and the
    candidate number, never the person or the reason."""
    members = (
        overdue_pauses(today=today)
        .select_related("track")
        .prefetch_related(
            Prefetch(
                "track__coordinators", queryset=User.objects.filter(is_active=True).order_by("pk")
            )
        )
    )
    created = 0
    for member in members:
        planned = member.pause_planned_return
        assert planned is not None  # the query and the database constraint say so
        created += _plan(
            recipients=member.track.coordinators.all(),
            kind=NotificationKind.PAUSE_RETURN_PASSED,
            obj=member,
            day=planned,
            send_after=send_after_on(today),
            template="notifications/pause_return_passed",
            context={"member": member, "track": member.track, "planned": planned},
            url_for=lambda _user, m=member: reverse(
                "tracks:member_detail", args=[m.track_id, m.pk]
            ),
        )
    return created


def plan_track_reminders(*, today: dt.date) -> int:
    return (
        plan_selection_deadline_reminders(today=today)
        + plan_phase_reminders(today=today)
        + plan_apl_without_mentor_reminders(today=today)
        + plan_agreement_reminders(today=today)
        + plan_consent_reminders(today=today)
        + plan_pause_return_reminders(today=today)
    )
