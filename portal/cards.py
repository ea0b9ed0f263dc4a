"""Candidate cards for the employer: an explicit projection of the fields the choice needs.

Only the fields listed here are read from the participant: never the personnummer, income
support, target group, case notes or anything from the other agency's record. In a blind track
the name is not even read until the candidate has been selected.

Until the employer has selected a candidate, the card also shows only what the requirement
profile asks for (`_asked_for`): the Swedish level, the languages the job needs (at the level
asked for, never "mother tongue", which tells origin), the occupations, licences, certificates
and education the profile names. Everything else the record holds waits until selection.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Case,
    CharField,
    F,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.template.defaultfilters import linebreaksbr
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from employers.models import Criterion, CriterionKind
from jobbspar import access, vocabulary
from jobbspar.database import prepared
from jobbspar.database.arrays import among_array, id_array
from jobbspar.database.nested import instances, nested, prefetched
from jobbspar.fast_urls import reverse_fast
from jobbspar.markup import format_html, joined
from jobbspar.vocabulary import (
    Certificate,
    DrivingLicence,
    EducationLevel,
    LanguageLevel,
    SwedishLevel,
)
from participants.models import OtherLanguage, Participant, WorkExperience
from portal import access as portal_access
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
    to_assess: list[str]
    # None: not shown on this card (before selection, what the profile does not ask for).
    experience: list[str] | None
    languages: list[str] | None
    swedish_level: str | None
    education_level: str | None
    licences: list[str] | None
    certificates: list[str] | None
    limited: bool
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


@dataclass(frozen=True)
class _Facts:
    experience: list[str] | None
    languages: list[str] | None
    swedish_level: str | None
    education_level: str | None
    licences: list[str] | None
    certificates: list[str] | None


def _everything(person: Participant) -> _Facts:
    """The whole projection, for a candidate the employer has selected."""
    return _Facts(
        experience=[
            _("%(occupation)s, %(months)s months")
            % {"occupation": e.occupation.name, "months": e.months}
            for e in person.experiences.all()
        ],
        languages=[
            f"{lang.language} ({lang.get_level_display()})" for lang in person.languages.all()
        ],
        swedish_level=_label(SwedishLevel, person.swedish_level),
        education_level=_label(EducationLevel, person.education_level),
        licences=[_label(DrivingLicence, v) for v in person.driving_licences or []],
        certificates=[_label(Certificate, v) for v in person.certificates or []],
    )


def _asked_for(person: Participant, criteria: list[Criterion]) -> _Facts:
    """Only what the requirement profile asks about, for a candidate not yet selected."""
    kinds = {c.kind for c in criteria}
    languages = []
    for criterion in (c for c in criteria if c.kind == CriterionKind.LANGUAGE):
        wanted = criterion.language.strip().lower()
        spoken = [lang for lang in person.languages.all() if lang.language.lower() == wanted]
        if not spoken:
            continue
        rank = vocabulary.LANGUAGE_LEVEL_RANK
        if rank.get(spoken[0].level, -1) >= rank.get(criterion.language_level, 0):
            # The level asked for, not the person's own: "native" would tell where they are from.
            level = _("at least %(level)s") % {"level": criterion.get_language_level_display()}
        else:
            level = _label(LanguageLevel, spoken[0].level)
        languages.append(f"{criterion.language.strip()} ({level})")
    occupations = {
        c.experience_occupation_id for c in criteria if c.kind == CriterionKind.EXPERIENCE
    }
    licences = {c.driving_licence for c in criteria if c.kind == CriterionKind.DRIVING_LICENCE}
    certificates = {c.certificate for c in criteria if c.kind == CriterionKind.CERTIFICATE}
    return _Facts(
        experience=[
            _("%(occupation)s, %(months)s months")
            % {"occupation": e.occupation.name, "months": e.months}
            for e in person.experiences.all()
            if e.occupation_id in occupations
        ]
        if occupations
        else None,
        languages=languages if CriterionKind.LANGUAGE in kinds else None,
        swedish_level=_label(SwedishLevel, person.swedish_level)
        if CriterionKind.SWEDISH in kinds
        else None,
        education_level=_label(EducationLevel, person.education_level)
        if CriterionKind.EDUCATION in kinds
        else None,
        licences=[_label(DrivingLicence, v) for v in person.driving_licences or [] if v in licences]
        if licences
        else None,
        certificates=[
            _label(Certificate, v) for v in person.certificates or [] if v in certificates
        ]
        if certificates
        else None,
    )


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


def candidate_cards(
    *,
    user,
    track: Track,
    member_id: int | None = None,
    criteria: list[Criterion] | None = None,
) -> list[CandidateCard]:
    """The cards for `track` (or the one member), in candidate-number order: 2 queries (the
    members with their introduction notes, and the people with their names where shown, their
    languages and their work experience), and the profile's criteria unless given (as
    matching.criteria_of gives them: the candidates page reads them with the track)."""
    # Who is shown is decided by portal.access.portal_candidates_of_track (_members); what is read
    # about them is the explicit projection below (CARD_FIELDS), for exactly those members.
    with access.unscoped("portal cards: the allowed fields of the portal's members of the track"):
        return _candidate_cards(user=user, track=track, member_id=member_id, criteria=criteria)


def _candidate_cards(
    *, user, track: Track, member_id: int | None, criteria: list[Criterion] | None
) -> list[CandidateCard]:
    # The members and the people are read by statements built once per kind of user (and of
    # profile: its kinds of criteria), not on every request (prepared.py; ~3 ms of the page's
    # ~11 nationally, issue 18).
    members = prepared.evaluate(_members, user, track.pk, member_id)
    if not members:
        return []
    if criteria is None:
        criteria = matching.criteria_of(track)
    identified = [m.participant_id for m in members if portal_access.portal_identity_visible(m)]
    # The name is read, in the same query, only for the candidates whose identity the employer
    # may see (selected, or not a blind track); for the others the database returns "".
    criteria_form, criteria_values = matching.criteria_as_values(criteria)
    people_list = prepared.evaluate(
        _people,
        user,
        prepared.Fixed(criteria_form),
        criteria_values,
        id_array([m.participant_id for m in members]),
        id_array(identified),
    )
    for person in people_list:  # read with each person by _people
        prefetched(person, "languages", _languages(person))
        prefetched(person, "experiences", _experiences(person))
    people = {person.pk: person for person in people_list}
    names = {
        pk: person.card_name  # _people's annotation
        for pk, person in people.items()
        if pk in identified
    }
    # Each criterion's text once per page, not once per candidate and verdict (str(criterion)
    # looks up a large vocabulary's display value), as the matching page does.
    labels = [str(criterion) for criterion in criteria]
    cards = []
    for member in members:
        person = people[member.participant_id]
        explanation = matching.explain(person, criteria, labels)
        shown = member.participant_id in names
        selected = member.state in portal_access.PORTAL_SELECTED_STATES
        facts = _everything(person) if selected else _asked_for(person, criteria)
        cards.append(
            CandidateCard(
                member_id=member.pk,
                label=names[member.participant_id] if shown else str(member.pseudonym),
                identified=shown,
                state=member.state,
                state_label=member.get_state_display(),
                met=[r.label for r in explanation.met],
                trained=[r.label for r in explanation.trained],
                blocking=[r.label for r in explanation.blocking],
                to_assess=[r.label for r in explanation.to_assess],
                experience=facts.experience,
                languages=facts.languages,
                swedish_level=facts.swedish_level,
                education_level=facts.education_level,
                licences=facts.licences,
                certificates=facts.certificates,
                limited=not selected,
                motivation=member.motivation,
                introduction_summary=member.introduction_notes or "",
                decision=_decision_view(member),
            )
        )
    return cards


def _members(user, track_id: int, member_id: int | None) -> QuerySet[TrackParticipant]:
    """The track's members the employer may know of (portal_candidates_of_track), with what a
    card shows of the membership and the introduction week's notes, in candidate-number order;
    the one member when `member_id` is given."""
    members = (
        portal_access.portal_candidates_of_track(user, track_id)
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
        # The introduction week's notes (the latest introduction phase's) in the same query.
        .annotate(
            introduction_notes=Subquery(
                PhaseProgress.objects.filter(
                    track_participant=OuterRef("pk"), phase__kind=PhaseKind.INTRODUCTION
                )
                .order_by("-phase__starts_on", "-id")
                .values("notes")[:1]
            )
        )
        .order_by("candidate_number")
    )
    if member_id is not None:
        members = members.filter(pk=member_id)
    return members


# What a card reads of a person's languages and work experience (in their models' order), with
# the person's row (jobbspar/database/nested.py): a statement each was ~0.5 ms (issue 18).
LANGUAGE_FIELDS = ("participant", "language", "level")
EXPERIENCE_FIELDS = ("participant", "months", "occupation")
EXPERIENCE_RELATED = (("occupation", ("name", "code")),)


def _languages(person: Participant) -> list[OtherLanguage]:
    rows = person.language_rows  # type: ignore[attr-defined]
    return instances(OtherLanguage, rows, of=person, fields=LANGUAGE_FIELDS)


def _experiences(person: Participant) -> list[WorkExperience]:
    rows = person.experience_rows  # type: ignore[attr-defined]
    return instances(
        WorkExperience, rows, of=person, fields=EXPERIENCE_FIELDS, related=EXPERIENCE_RELATED
    )


def _people(
    user,
    criteria_form: tuple[tuple[Any, ...], ...],
    criteria_values: tuple[tuple[Any, ...], ...],
    ids: str,
    identified: str,
) -> QuerySet[Participant]:
    """The people of the cards (`ids`, arrays.id_array's text; the members
    portal_candidates_of_track gave), CARD_FIELDS only, matched against the profile's criteria
    (matching.criteria_as_values), with their name as `card_name` where their identity may be
    shown (`identified`) and "" for the others, and their languages and work experience read
    with each person's row: the people are those portal_candidates_of_track gave, by their ids,
    so the lists need no rule of their own, as the prefetches before them had none (a rule
    checked again on each list row made the statement 1.4 → 11 ms in the city)."""
    return matching.annotate_criteria(
        Participant.objects.filter(among_array("pk", ids))
        .only(*CARD_FIELDS)
        .annotate(
            card_name=Case(
                When(among_array("pk", identified), then=F("name")),
                default=Value(""),
                output_field=CharField(),
            ),
            language_rows=nested(
                OtherLanguage.objects.filter(participant=OuterRef("pk")),
                parent="participant",
                order_by=tuple(OtherLanguage._meta.ordering or ()),
                fields=LANGUAGE_FIELDS,
            ),
            experience_rows=nested(
                WorkExperience.objects.filter(participant=OuterRef("pk")),
                parent="participant",
                order_by=tuple(WorkExperience._meta.ordering or ()),
                fields=EXPERIENCE_FIELDS,
                related=EXPERIENCE_RELATED,
            ),
        ),
        matching.criteria_from(criteria_form, criteria_values),
    )


# The card as the employer sees it, written here rather than node by node in a template: the
# cards were a fifth of the candidates page's Python (jobbspar.markup, issue 18). Every value
# is escaped by format_html; what a card holds was decided above (the projection).
def _facts_list(label: str, values: list[str] | None, separator: str) -> SafeString:
    if values is None:
        return SafeString("")
    shown = separator.join(values) or "–"
    return format_html("<div><dt>{}</dt><dd>{}</dd></div>", label, shown)


def _fact(label: str, value: str | None) -> SafeString:
    if value is None:
        return SafeString("")
    return format_html("<div><dt>{}</dt><dd>{}</dd></div>", label, value or "–")


def _requirements(card: CandidateCard) -> SafeString:
    items = [
        format_html("<li>{} {}</li>", prefix, item)
        for prefix, items in (
            (_("Met:"), card.met),
            (_("Trained during the track:"), card.trained),
            (_("Not met:"), card.blocking),
            (_("To assess in the introduction week:"), card.to_assess),
        )
        for item in items
    ]
    if not items:
        items = [format_html("<li>{}</li>", _("The track has no requirement profile."))]
    return joined(items)


def _decision_lines(card: CandidateCard) -> tuple[SafeString, SafeString]:
    """The badge after the state, and the line with the reason or comment."""
    decision = card.decision
    if decision is None:
        badge = (
            format_html('<span class="badge text-bg-warning">{}</span>', _("Not decided yet"))
            if card.undecided
            else SafeString("")
        )
        return badge, SafeString("")
    badge = format_html(
        '<span class="badge text-bg-info">{} {}</span>',
        _("Your decision:"),
        decision.decision_label,
    )
    if decision.reason_label:
        comment = format_html(" – {}", decision.comment) if decision.comment else ""
        line = format_html(
            '<p class="small mb-2">{} {}{}</p>', _("Reason:"), decision.reason_label, comment
        )
    elif decision.comment:
        line = format_html('<p class="small mb-2">{} {}</p>', _("Comment:"), decision.comment)
    else:
        line = SafeString("")
    return badge, line


def card_html(
    card: CandidateCard, *, track_pk: int, may_decide: bool, show_decide_link: bool
) -> SafeString:
    """One candidate's card: who (by name or pseudonym, as `label` holds), the state and the
    employer's decision, the requirements met or not, the facts shown, and the link to decide
    while the selection is open."""
    badge, decision_line = _decision_lines(card)
    limited = (
        format_html(
            '<p class="small mb-2">{}</p>',
            _(
                "Until you have selected the candidate, the card shows only what your "
                "requirement profile asks about."
            ),
        )
        if card.limited
        else SafeString("")
    )
    facts = joined(
        [
            _fact(_("Swedish"), card.swedish_level),
            _facts_list(
                _("Languages the job needs") if card.limited else _("Other languages"),
                card.languages,
                ", ",
            ),
            _facts_list(_("Relevant experience"), card.experience, "; "),
            _fact(_("Education"), card.education_level),
            _facts_list(_("Driving licences"), card.licences, ", "),
            _facts_list(_("Certificates"), card.certificates, ", "),
            format_html(
                "<div><dt>{}</dt><dd>{}</dd></div>",
                _("The coordinator's motivation"),
                linebreaksbr(card.motivation),
            ),
            format_html(
                "<div><dt>{}</dt><dd>{}</dd></div>",
                _("Introduction week"),
                linebreaksbr(card.introduction_summary or "–"),
            ),
        ]
    )
    decide = SafeString("")
    if may_decide and card.state == State.PRESENTED and show_decide_link:
        decide = format_html(
            '<a class="btn btn-primary" href="{}">{}<span class="visually-hidden"> – {}</span></a>',
            reverse_fast("portal:decide", [track_pk, card.member_id]),
            _("Change your decision") if card.decision else _("Decide"),
            card.label,
        )
    return format_html(
        '<article class="card mb-3 portal-card" id="card-{id}" aria-labelledby="card-title-{id}">'
        '<div class="card-body"><h2 class="h5" id="card-title-{id}">{label}</h2>'
        '<p class="mb-2"><span class="badge text-bg-light border">{state}</span> {badge}</p>'
        '{decision_line}<h3 class="h6">{heading}</h3><ul class="mb-2">{requirements}</ul>'
        '{limited}<dl class="summary-list">{facts}</dl>{decide}</div></article>',
        id=card.member_id,
        label=card.label,
        state=card.state_label,
        badge=badge,
        decision_line=decision_line,
        heading=_("Against your requirements"),
        requirements=_requirements(card),
        limited=limited,
        facts=facts,
        decide=decide,
    )


def cards_html(
    cards: list[CandidateCard], *, track_pk: int, may_decide: bool, show_decide_link: bool
) -> list[SafeString]:
    return [
        card_html(card, track_pk=track_pk, may_decide=may_decide, show_decide_link=show_decide_link)
        for card in cards
    ]
