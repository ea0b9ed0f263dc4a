"""The employer portal in the demo: the demo employer user "arbetsgivare" is the portal account of
a contact person at Omsorgshuset Söder AB, and its recruiting track waits for their selection
with at least four presented candidates and a deadline ahead. Idempotent."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from employers.models import ContactPerson, Employer
from jobbspar.models import User
from participants.models import Participant, ParticipantStatus
from portal import apl_demo
from tracks import workflow
from tracks.models import State, Track, TrackStatus

EMPLOYER_NAME = "Omsorgshuset Söder AB"
WANTED_PRESENTED = 4


def seed() -> Track | None:
    user = User.objects.filter(username="arbetsgivare").first()
    employer = Employer.objects.filter(name=EMPLOYER_NAME).first()
    if user is None or employer is None:
        return None
    with transaction.atomic():
        if not ContactPerson.objects.filter(user=user).exists():
            ContactPerson.objects.create(
                employer=employer,
                name=f"{user.first_name} {user.last_name}".strip() or user.username,
                role="HR-ansvarig",
                email=user.email or "arbetsgivare@example.org",
                user=user,
                invited_at=timezone.now(),
            )
        track = (
            Track.objects.filter(employer=employer, status=TrackStatus.RECRUITING)
            .order_by("start_date", "id")
            .first()
        )
        if track is None:
            return None
        if track.selection_deadline is None or track.selection_deadline < timezone.localdate():
            # A deadline ahead, so the demo can always be used for a selection.
            track.selection_deadline = min(
                track.start_date - dt.timedelta(days=1),
                timezone.localdate() + dt.timedelta(days=14),
            )
            track.save(update_fields=["selection_deadline"])
        _present_more(track)
    return track


def _present_more(track: Track) -> None:
    presented = track.participants.filter(state=State.PRESENTED).count()
    missing = WANTED_PRESENTED - presented
    if missing <= 0:
        return
    coordinator = User.objects.get(username="samordnare.af")
    free = Participant.objects.filter(
        registered_by_id=coordinator.organisation_id,
        status=ParticipantStatus.ACTIVE,
        presentation_consent_on__isnull=False,
        track_memberships__isnull=True,
    ).order_by("id")[:missing]
    for person in free:
        member = workflow.nominate_candidate(
            track=track,
            participant=person,
            by=coordinator,
            motivation="Erfarenhet från omsorgen och stort intresse för yrket.",
        )
        for state in (State.IN_INTRODUCTION, State.PRESENTED):
            workflow.move_participant(track_participant=member, to_state=state, by=coordinator)


def demo_step() -> str:
    """This app's part of `seed_demo` (its `demo` contribution): the demo employer user's portal,
    a track waiting for their selection."""
    track = seed()
    entries = apl_demo.seed()  # after tracks.demo: the running track's APL log
    waiting = f"a portal track waiting for the employer ({track})" if track else ""
    return f"{waiting}, {entries} APL log entries" if entries else waiting
