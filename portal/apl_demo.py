"""The APL log in the demo: in the running track that combines training and APL, the participant
in APL has the demo employer user's contact person as workplace mentor, and two weekly entries
written in the portal (one with a coordinator's comment). Idempotent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from employers.models import ContactPerson
from jobbspar.models import User
from tracks import apl_log
from tracks.models import PhaseKind, State, Track

RUNNING_TRACK = "Vårdbiträden (pågår)"  # tracks.demo's track in its APL weeks
COMMENT = "Fint! Vi tar upp dokumentationen på trepartsmötet."
ENTRIES = (
    ("Följde med på morgonrundan och hjälpte till med frukosten.", "Trygg med de boende.", "16"),
    ("Dokumenterade själv för första gången, med handledaren bredvid.", "Gick bra.", "16"),
)


def _weeks(track: Track) -> list[dt.date]:
    """The two latest started Mondays in the track's APL phases (oldest first)."""
    today = timezone.localdate()
    mondays: list[dt.date] = []
    for phase in track.phases.filter(kind=PhaseKind.APL).order_by("starts_on"):
        monday = phase.starts_on - dt.timedelta(days=phase.starts_on.weekday())
        while monday <= min(today, phase.ends_on):
            if monday + dt.timedelta(days=6) >= phase.starts_on:
                mondays.append(monday)
            monday += dt.timedelta(weeks=1)
    return sorted(set(mondays))[-len(ENTRIES) :]


def seed() -> int:
    user = User.objects.filter(username="arbetsgivare").first()
    coordinator = User.objects.filter(username="samordnare.af").first()
    track = Track.objects.filter(name=RUNNING_TRACK).first()
    mentor = ContactPerson.objects.filter(user=user).first() if user else None
    if user is None or track is None or mentor is None or mentor.employer_id != track.employer_id:
        return 0
    member = track.participants.filter(state=State.IN_APL).order_by("candidate_number").first()
    if member is None or member.apl_log.exists():
        return 0
    written = 0
    with transaction.atomic():
        apl_log.assign_mentor(member=member, mentor=mentor, by=user)
        for week, (work_done, note, hours) in zip(_weeks(track), ENTRIES, strict=False):
            try:
                entry = apl_log.write_entry(
                    member=member,
                    week_starting=week,
                    work_done=work_done,
                    note=note,
                    hours=Decimal(hours),
                    deviation=False,
                    by=user,
                )
            except ValidationError:
                continue
            written += 1
            if written == 1 and coordinator is not None:
                apl_log.comment_on_entry(
                    entry=entry,
                    text="Fint! Vi tar upp dokumentationen på trepartsmötet.",
                    by=coordinator,
                )
    return written
