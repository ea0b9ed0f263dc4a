"""The job coach's start page reads its four lists by statements built once per kind of user,
its dates given as values (tracks.coaching, jobbspar/database/prepared.py): Malmö's and Lund's
job coaches, of one kind, each see the members, starting phases, APL deviations and unread
notifications of their own open tracks; a phase too far ahead, a deviation too old, a closed
track, a person they may not see, a notification read or not yet due are left out as before;
once taken, nothing is built again (issue 18)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from jobbspar import notifications
from jobbspar.database import prepared
from jobbspar.models import Notification, NotificationKind, Role
from tests.dates import today
from tests.jobbspar.factories import UserFactory
from tests.participants.factories import ParticipantFactory
from tests.tracks.factories import PhaseFactory, TrackFactory, TrackParticipantFactory
from tracks import coaching
from tracks.models import AplLogEntry, PhaseKind, State, TrackStatus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_prepared")]


@pytest.fixture
def lund_job_coach(other_partnership):
    return UserFactory(role=Role.JOB_COACH, organisation=other_partnership.municipality)


def _notify(coach, subject, *, sent_in_minutes=-1, read=False):
    Notification.objects.create(
        recipient=coach,
        kind=NotificationKind.PHASE_STARTS_SOON,
        object_type="tracks.phase",
        object_id=subject,
        due_on=today(),
        send_after=timezone.now() + dt.timedelta(minutes=sent_in_minutes),
        read_at=timezone.now() if read else None,
        subject=subject,
        body="-",
        url="/",
    )


def _coached(coach, tag, partnership, af):
    """`coach`'s open and closed track in `partnership`, with what the overview shows and not,
    named with `tag`."""
    for status in (TrackStatus.RUNNING, TrackStatus.COMPLETED):
        shown = status == TrackStatus.RUNNING
        track = TrackFactory(
            name=f"{tag} {'spår' if shown else 'stängt'}",
            status=status,
            need__partnership=partnership,
        )
        track.job_coaches.add(coach)
        for days, title in ((5, "börjar"), (20, "långt bort")):
            PhaseFactory(
                track=track,
                kind=PhaseKind.APL,
                title=f"{tag} {title if shown else 'stängd fas'}",
                starts_on=today() + dt.timedelta(days=days),
                ends_on=today() + dt.timedelta(days=days + 20),
            )
        own = ParticipantFactory(
            registered_by=coach.organisation, name=f"{tag} {'deltagare' if shown else 'stängd'}"
        )
        member = TrackParticipantFactory(track=track, participant=own, state=State.IN_TRAINING)
        TrackParticipantFactory(
            track=track,
            participant=ParticipantFactory(registered_by=af, name=f"{tag} ej synlig"),
            state=State.IN_TRAINING,
        )
        for days, note in ((0, "avvikelse"), (40, "gammal avvikelse")):
            AplLogEntry.objects.create(
                track_participant=member,
                week_starting=today() - dt.timedelta(days=days),
                mentor=track.mentors.first(),
                note=f"{tag} {note if shown else 'stängd avvikelse'}",
                deviation=True,
            )
    _notify(coach, f"{tag} olästa")
    _notify(coach, f"{tag} lästa", read=True)
    _notify(coach, f"{tag} senare", sent_in_minutes=60)


def _overview(coach):
    seen = coaching.coach_overview(coach, today=today())
    return (
        {member.participant.name for member in seen.participants},
        {phase.title for phase in seen.phases_starting},
        {entry.note for entry in seen.deviations},
        {notification.subject for notification in seen.notifications},
    )


def test_each_job_coach_sees_their_own_overview_through_statements_built_once(
    client, job_coach, lund_job_coach, partnership, other_partnership, af, taken_only
):
    tags = {job_coach: "Malmö", lund_job_coach: "Lund"}
    _coached(job_coach, "Malmö", partnership, af)
    _coached(lund_job_coach, "Lund", other_partnership, af)
    expected = {
        coach: (
            {f"{tag} deltagare"},
            {f"{tag} börjar"},
            {f"{tag} avvikelse"},
            {f"{tag} olästa"},
        )
        for coach, tag in tags.items()
    }
    for _ in range(prepared.SPOT_CHECKS_FIRST + 2):  # learnt, spot-checked, taken
        for coach in tags:
            assert _overview(coach) == expected[coach]
    kinds = taken_only.kinds("tracks.coaching")
    assert set(kinds) == {
        "_coached_members",
        "_phases_starting",
        "_deviations",
        "_unread_notifications",
    }
    kept = [key for key in prepared._kinds if key[0].__module__ == "tracks.coaching"]
    assert len(kept) == 4  # one kind of user: the two coaches share each statement
    assert all(type(prepared._kinds[key]) is prepared._Template for key in kept)

    for coach, tag in tags.items():
        client.force_login(coach)
        body = client.get(reverse("home")).content.decode()
        assert f"{tag} deltagare" in body and f"{tag} olästa" in body
        other = "Lund" if tag == "Malmö" else "Malmö"
        assert f"{other} deltagare" not in body and f"{tag} ej synlig" not in body

    built = taken_only.watch(coaching.tracks_access, "tracks_for", "track_participants_for")
    inbox = taken_only.watch(notifications, "inbox")
    for coach in tags:
        assert _overview(coach) == expected[coach]
    assert built == inbox == []
