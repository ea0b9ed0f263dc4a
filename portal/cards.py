"""Candidate cards for the employer: an explicit projection of the fields the choice needs.

Only the fields listed here are read from the participant: never the personnummer, income
support, target group, case notes or anything from the other agency's record. In a blind track
the name is not even read until the candidate has been selected.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from jobbspar import access
from jobbspar.vocabulary import Certificate, DrivingLicence, EducationLevel, SwedishLevel
from participants.models import OtherLanguage, Participant, WorkExperience
from tracks import matching
from tracks.models import PhaseKind, PhaseProgress, State, Track, TrackParticipant

# The participant fields an employer's card is made from (and the only ones loaded).
CARD_FIELDS = ("id", "swedish_level", "education_level", "driving_licences", "certificates")


@dataclass(frozen=True)
class DecisionView:
    decision: str
    decision_label: str
    reason_label: str
    comment: str
    decided_at: object


@dataclass(frozen=True)
class CandidateCard:
    member_id: int
    label: str
    identified: bool
    state: str
    state_label: str
    met: list[str]
    trained: list[str]
    blocking: list[str]
    experience: list[str]
    languages: list[str]
    swedish_level: str
    education_level: str
    licences: list[str]
    certificates: list[str]
    motivation: str
    introduction_summary: str
    decision: DecisionView | None

    @property
    def undecided(self) -> bool:
        return self.state == State.PRESENTED and self.decision is None


def _label(choices, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value or ""


def _decision_view(member: TrackParticipant) -> DecisionView | None:
    try:
        chosen = member.employer_decision
    except TrackParticipant.employer_decision.RelatedObjectDoesNotExist:
        return None
    return DecisionView(
        decision=chosen.decision,
        decision_label=chosen.get_decision_display(),
        reason_label=chosen.get_reason_display() if chosen.reason else "",
        comment=chosen.comment,
        decided_at=chosen.decided_at,
    )


def candidate_cards(*, user, track: Track, member_id: int | None = None) -> list[CandidateCard]:
    """The cards for `track` (or the one member), in candidate-number order: 5 queries."""
    # Who is shown is decided by access.portal_candidates_for; what is read about them is the
    # explicit projection below (CARD_FIELDS), for exactly those members.
    with access.unscoped("portal cards: the allowed fields of members from portal_candidates_for"):
        return _candidate_cards(user=user, track=track, member_id=member_id)


def _candidate_cards(*, user, track: Track, member_id: int | None) -> list[CandidateCard]:
    members_qs = (
        access.portal_candidates_for(user, track)
        .select_related("employer_decision", "track")
        .only(
            "id",
            "track__blind_selection",
            "participant_id",
            "candidate_number",
            "state",
            "motivation",
            "employer_decision",
        )
        .order_by("candidate_number")
    )
    if member_id is not None:
        members_qs = members_qs.filter(pk=member_id)
    members = list(members_qs)
    if not members:
        return []
    criteria = matching.criteria_of(track)
    people = {
        p.pk: p
        for p in matching.annotate_criteria(
            Participant.objects.filter(pk__in=[m.participant_id for m in members]).only(
                *CARD_FIELDS
            ),
            criteria,
        ).prefetch_related(
            Prefetch(
                "languages",
                queryset=OtherLanguage.objects.only("participant_id", "language", "level"),
            ),
            Prefetch(
                "experiences",
                queryset=WorkExperience.objects.select_related("occupation").only(
                    "participant_id", "months", "occupation__name", "occupation__code"
                ),
            ),
        )
    }
    identified = [m.participant_id for m in members if access.portal_identity_visible(m)]
    names = dict(
        Participant.objects.filter(pk__in=identified).values_list("pk", "name")
        if identified
        else []
    )
    introductions = dict(
        PhaseProgress.objects.filter(
            track_participant__in=[m.pk for m in members], phase__kind=PhaseKind.INTRODUCTION
        ).values_list("track_participant_id", "notes")
    )
    cards = []
    for member in members:
        person = people[member.participant_id]
        explanation = matching.explain(person, criteria)
        shown = member.participant_id in names
        cards.append(
            CandidateCard(
                member_id=member.pk,
                label=names[member.participant_id] if shown else str(member.pseudonym),
                identified=shown,
                state=member.state,
                state_label=member.get_state_display(),
                met=[str(r.criterion) for r in explanation.met],
                trained=[str(r.criterion) for r in explanation.trained],
                blocking=[str(r.criterion) for r in explanation.blocking],
                experience=[
                    _("%(occupation)s, %(months)s months")
                    % {"occupation": e.occupation.name, "months": e.months}
                    for e in person.experiences.all()
                ],
                languages=[
                    f"{lang.language} ({lang.get_level_display()})"
                    for lang in person.languages.all()
                ],
                swedish_level=_label(SwedishLevel, person.swedish_level),
                education_level=_label(EducationLevel, person.education_level),
                licences=[_label(DrivingLicence, v) for v in person.driving_licences or []],
                certificates=[_label(Certificate, v) for v in person.certificates or []],
                motivation=member.motivation,
                introduction_summary=introductions.get(member.pk, ""),
                decision=_decision_view(member),
            )
        )
    return cards
