"""Tracks (jobbspår): one employer's need, a 7-27-week chain of phases, and the people in it.

State changes of a track and of a participant in a track go through `tracks.workflow` only.
One module per sub-domain; every name is re-exported here, so `from tracks.models import X`
stays the one import path.
"""

from tracks.models.closing import (
    ClosingRating,
    PhaseReview,
    TrackClosing,
)
from tracks.models.decisions import (
    CandidateDecision,
    CandidateDecisionChange,
    Decision,
    DeclineReason,
)
from tracks.models.followups import (
    EMPLOYED_SITUATIONS,
    FOLLOW_UP_ANSWER_DAYS,
    FollowUp,
    FollowUpSituation,
)
from tracks.models.members import (
    ACTIVE_STATES,
    FINAL_STATES,
    MILESTONE_FIELDS,
    OFFER_ENDED_STATES,
    OFFER_STATES,
    PAUSABLE_STATES,
    REASON_STATES,
    SUBSIDISED,
    PauseReason,
    State,
    Subsidy,
    TrackParticipant,
    Transition,
)
from tracks.models.progress import (
    AplLogComment,
    AplLogEntry,
    PhaseProgress,
)
from tracks.models.tracks import (
    CLOSED_TRACK_STATUSES,
    MAX_WEEKS,
    MIN_WEEKS,
    FundingSource,
    FundingSourceKind,
    Phase,
    PhaseKind,
    ResponsibleParty,
    Track,
    TrackStatus,
    TrackStatusChange,
    works_on_track,
)

__all__ = [
    "ACTIVE_STATES",
    "CLOSED_TRACK_STATUSES",
    "EMPLOYED_SITUATIONS",
    "FINAL_STATES",
    "FOLLOW_UP_ANSWER_DAYS",
    "MAX_WEEKS",
    "MILESTONE_FIELDS",
    "MIN_WEEKS",
    "OFFER_ENDED_STATES",
    "OFFER_STATES",
    "PAUSABLE_STATES",
    "REASON_STATES",
    "SUBSIDISED",
    "AplLogComment",
    "AplLogEntry",
    "CandidateDecision",
    "CandidateDecisionChange",
    "ClosingRating",
    "Decision",
    "DeclineReason",
    "FollowUp",
    "FollowUpSituation",
    "FundingSource",
    "FundingSourceKind",
    "PauseReason",
    "Phase",
    "PhaseKind",
    "PhaseProgress",
    "PhaseReview",
    "ResponsibleParty",
    "State",
    "Subsidy",
    "Track",
    "TrackClosing",
    "TrackParticipant",
    "TrackStatus",
    "TrackStatusChange",
    "Transition",
    "works_on_track",
]
