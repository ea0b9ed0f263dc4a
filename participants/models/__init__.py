"""Participants: the people a track exists for, their background, consents, notes and plan.

One module per sub-domain; every model and choice is re-exported here, so `participants.models`
stays the one import path for the rest of the code (and the app's models module for Django and
pghistory, which registers the generated event models here).
"""

from participants.models.consent import (
    AccessRequest,
    AccessRequestStatus,
    Consent,
    ConsentMethod,
    ConsentQuerySet,
    ConsentScope,
)
from participants.models.history import EventKind, ParticipantEvent
from participants.models.notes import CaseNote, NoteKind
from participants.models.participant import (
    Gender,
    OtherLanguage,
    Participant,
    ParticipantStatus,
    WorkExperience,
)
from participants.models.plan import InterventionKind, PlanItem, PlanItemStatus
from participants.models.shared_copy import SharedCopy

__all__ = [
    "AccessRequest",
    "AccessRequestStatus",
    "CaseNote",
    "Consent",
    "ConsentMethod",
    "ConsentQuerySet",
    "ConsentScope",
    "EventKind",
    "Gender",
    "InterventionKind",
    "NoteKind",
    "OtherLanguage",
    "Participant",
    "ParticipantEvent",
    "ParticipantStatus",
    "PlanItem",
    "PlanItemStatus",
    "SharedCopy",
    "WorkExperience",
]
