"""Registering participants and keeping their record: one function per change, each logged.

A personal identity number is registered once. When the person is already registered by an
organisation the user cannot see, `register_participant` raises `RegisteredElsewhere`, which
carries nothing about the existing record: the caller may only say that consent is needed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction

from employers.models import Occupation
from jobbspar import access
from jobbspar.locking import save_versioned
from jobbspar.models import User
from participants import access as participants_access
from participants.models import (
    CaseNote,
    EventKind,
    OtherLanguage,
    Participant,
    ParticipantEvent,
    WorkExperience,
)

SENSITIVE_FIELDS = frozenset({"long_term_unemployed", "receives_income_support"})


class RegisteredElsewhere(Exception):
    """The person is already registered by an organisation the user may not see."""


class AlreadyVisible(Exception):
    """The person is already registered and the user can see the record."""

    def __init__(self, participant: Participant) -> None:
        super().__init__(participant.pk)
        self.participant = participant


def log_event(*, participant: Participant, kind: str, by: User | None, detail: str = "") -> None:
    ParticipantEvent.objects.create(
        participant=participant,
        kind=kind,
        detail=detail[:300],
        actor=by,
        organisation=getattr(by, "organisation", None),
    )


def check_not_registered(*, personal_number: str, by: User) -> None:
    """Raise AlreadyVisible or RegisteredElsewhere if the number is already registered."""
    # Across organisations on purpose: one person, one record (only "exists" is revealed).
    with access.unscoped("registration: is this personal identity number registered anywhere"):
        existing = Participant.objects.filter(personal_number=personal_number).only("pk").first()
    if existing is None:
        return
    visible = participants_access.participants_for(by).filter(pk=existing.pk).first()
    if visible is not None:
        raise AlreadyVisible(visible)
    raise RegisteredElsewhere


def register_participant(
    *, by: User, personal_number: str, name: str, interests: Iterable = (), **fields: Any
) -> Participant:
    """Register a new participant for the user's organisation."""
    check_not_registered(personal_number=personal_number, by=by)
    try:
        with transaction.atomic():
            participant = Participant.objects.create(
                personal_number=personal_number,
                name=name,
                registered_by=by.organisation,
                **fields,
            )
            participant.interests.set(interests)
            log_event(participant=participant, kind=EventKind.REGISTERED, by=by)
    except IntegrityError:
        # Registered by someone else between the check and the insert.
        check_not_registered(personal_number=personal_number, by=by)
        raise
    return participant


def update_participant(
    *, participant: Participant, by: User, changed: Iterable[str], kind: str = EventKind.UPDATED
) -> Participant:
    """Save a participant whose fields a form has set, and log which fields changed."""
    # The history is shown to everyone who sees the participant: sensitive fields are not named.
    changed = [name for name in changed if name not in SENSITIVE_FIELDS]
    with transaction.atomic():
        save_versioned(participant)
        labels = [
            str(getattr(Participant._meta.get_field(name), "verbose_name", name))
            for name in changed
        ]
        log_event(participant=participant, kind=kind, by=by, detail=", ".join(labels))
    return participant


def add_case_note(
    *, participant: Participant, by: User, written_on, kind: str, text: str
) -> CaseNote:
    with transaction.atomic():
        note = CaseNote.objects.create(
            participant=participant,
            written_on=written_on,
            kind=kind,
            text=text,
            author=by,
            organisation=by.organisation,
        )
        log_event(
            participant=participant,
            kind=EventKind.NOTE_ADDED,
            by=by,
            detail=note.get_kind_display(),
        )
    return note


def add_language(*, participant: Participant, by: User, language: str, level: str) -> OtherLanguage:
    with transaction.atomic():
        item = OtherLanguage.objects.create(participant=participant, language=language, level=level)
        log_event(
            participant=participant, kind=EventKind.BACKGROUND_UPDATED, by=by, detail=str(item)
        )
    return item


def add_experience(
    *, participant: Participant, by: User, occupation: Occupation, months: int, where: str = ""
) -> WorkExperience:
    with transaction.atomic():
        item = WorkExperience.objects.create(
            participant=participant, occupation=occupation, months=months, where=where
        )
        log_event(
            participant=participant,
            kind=EventKind.BACKGROUND_UPDATED,
            by=by,
            detail=str(item.occupation),
        )
    return item


def remove_language(*, language: OtherLanguage, by: User) -> None:
    with transaction.atomic():
        log_event(
            participant=language.participant,
            kind=EventKind.BACKGROUND_UPDATED,
            by=by,
            detail=str(language),
        )
        language.delete()


def remove_experience(*, experience: WorkExperience, by: User) -> None:
    with transaction.atomic():
        log_event(
            participant=experience.participant,
            kind=EventKind.BACKGROUND_UPDATED,
            by=by,
            detail=str(experience.occupation),
        )
        experience.delete()
