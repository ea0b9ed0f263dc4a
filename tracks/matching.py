"""Matching participants against a track's requirement profile, in SQL.

Each criterion becomes one boolean annotation ("met"), so the database filters (required
criteria), ranks (weights) and paginates; every row then explains itself from its annotations
without another query: met, a gap the track trains, or a gap that blocks selection.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, TypedDict

from django.core.paginator import Page
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    Expression,
    ExpressionWrapper,
    IntegerField,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.expressions import BaseExpression
from django.db.models.functions import Coalesce, Concat, Upper
from django.utils.translation import gettext as _

from employers.models import Criterion, CriterionKind, CriterionMode
from jobbspar import access, vocabulary
from jobbspar.database import prepared
from jobbspar.database.base import planned_for_its_values
from jobbspar.database.nested import instances, nested
from jobbspar.models import User
from jobbspar.window_paging import TOTAL, WindowCountPaginator, with_total
from participants import access as participants_access
from participants.models import (
    InterventionKind,
    Participant,
    ParticipantStatus,
    WorkExperience,
)
from participants.plan import add_plan_item

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    class _Ranking(TypedDict):
        match_score: int
        blocking_gaps: int

    # A participant row with the matching annotations (and a meets_<criterion> flag for each).
    Ranked = WithAnnotations[Participant, _Ranking]

from tracks.access import track_pool_for
from tracks.models import Track, TrackParticipant

DEFAULT_WEIGHT = 1


class Verdict:
    MET = "met"
    TRAINED = "trained"
    BLOCKING = "blocking"
    TO_ASSESS = "to_assess"


# Criteria the participant's record cannot answer: they are assessed during the introduction week
# (the employer's physical demands against what the person can do, which is not recorded as
# data), so they never block matching and are shown as "to assess". Every other kind is answered
# by `criterion_condition` from the record (tests/tracks/test_matching_criteria.py holds both).
ASSESSED_IN_INTRODUCTION = frozenset({CriterionKind.PHYSICAL})


@dataclass(frozen=True)
class CriterionResult:
    criterion: Criterion
    verdict: str
    # str(criterion), worked out once per page rather than once per candidate (it looks up the
    # display value of a large vocabulary each time).
    label: str = ""

    @property
    def text(self) -> str:
        label = self.label or str(self.criterion)
        if self.verdict == Verdict.MET:
            return _("Met: %(criterion)s") % {"criterion": label}
        if self.verdict == Verdict.TRAINED:
            return _("Gap trained during the track: %(criterion)s") % {"criterion": label}
        if self.verdict == Verdict.TO_ASSESS:
            return _("To assess in the introduction week: %(criterion)s") % {"criterion": label}
        return _("Blocking gap: %(criterion)s") % {"criterion": label}


@dataclass(frozen=True)
class Explanation:
    results: list[CriterionResult]

    def of(self, verdict: str) -> list[CriterionResult]:
        return [r for r in self.results if r.verdict == verdict]

    @property
    def met(self) -> list[CriterionResult]:
        return self.of(Verdict.MET)

    @property
    def trained(self) -> list[CriterionResult]:
        return self.of(Verdict.TRAINED)

    @property
    def blocking(self) -> list[CriterionResult]:
        return self.of(Verdict.BLOCKING)

    @property
    def to_assess(self) -> list[CriterionResult]:
        return self.of(Verdict.TO_ASSESS)

    @property
    def summary(self) -> str:
        counts = {
            "met": len(self.met),
            "total": len(self.results) - len(self.to_assess),
            "trained": len(self.trained),
            "blocking": len(self.blocking),
        }
        if self.to_assess:
            return _(
                "%(met)s of %(total)s met, %(trained)s trained, %(blocking)s blocking, "
                "%(assess)s to assess"
            ) % {**counts, "assess": len(self.to_assess)}
        return _("%(met)s of %(total)s met, %(trained)s trained, %(blocking)s blocking") % counts


def criteria_of(track: Track) -> list[Criterion]:
    version = track.profile_version
    if version is None:
        return []
    return list(version.criteria.select_related(*CRITERION_RELATED).order_by(*CRITERION_ORDER))


# criteria_of's order, and what a criterion is shown with.
CRITERION_ORDER = ("kind", "id")
CRITERION_RELATED = ("experience_occupation",)


def criteria_read_with_track(criteria: QuerySet[Criterion]) -> Subquery:
    """criteria_of's criteria as one value of the track's own row (jobbspar/database/nested.py),
    read with it instead of in a statement of their own (~0.5 ms a page, issue 18). `criteria`:
    an access module's criteria of the track in the outer query (its `criteria_of_outer_track`),
    the rule of who may open it checked on that track. The track's row carries them as
    `criterion_rows`; criteria_read gives them back."""
    return nested(criteria, parent="version", order_by=CRITERION_ORDER, related=CRITERION_RELATED)


def criteria_read(track: Track) -> list[Criterion]:
    """The criteria a track's row read with it (criteria_read_with_track), as criteria_of
    gives them: in its order, each with its occupation."""
    rows = track.criterion_rows  # type: ignore[attr-defined]
    version = track.profile_version
    if version is None:
        return []
    return instances(Criterion, rows, of=track, related=CRITERION_RELATED, version=version)


def _at_least(rank: dict[str, int], wanted: str) -> list[str]:
    needed = rank.get(wanted, 0)
    return [level for level, value in rank.items() if value >= needed]


def criterion_condition(
    criterion: Criterion, person: str = "pk"
) -> Q | Exists | ExpressionWrapper[Q] | None:
    """A boolean SQL expression: does the participant (the outer row) meet the criterion?
    None for a criterion assessed in the introduction week (the record cannot tell). A `Q` is a
    condition on the person's own columns that the shared copy and the visibility indexes carry
    too (_considered tests it while gathering the visible ids, _considered_halves in each half's
    index); the others only on their row, except an `Exists` on another table, which may be
    asked of the column `person` that holds the person's id (participants_for_in_halves)."""
    kind = criterion.kind
    if kind in ASSESSED_IN_INTRODUCTION:
        return None
    if kind == CriterionKind.SWEDISH:
        levels = _at_least(vocabulary.SWEDISH_LEVEL_RANK, criterion.swedish_level)
        return Q(swedish_level__in=levels)
    if kind == CriterionKind.EDUCATION:
        levels = _at_least(vocabulary.EDUCATION_LEVEL_RANK, criterion.education_level)
        return Q(education_level__in=levels)
    if kind == CriterionKind.DRIVING_LICENCE:
        return Q(driving_licences__contains=[criterion.driving_licence])
    if kind == CriterionKind.CERTIFICATE:
        return Q(certificates__contains=[criterion.certificate])
    if kind == CriterionKind.WORKING_HOURS:
        return Q(working_hours__contains=[criterion.working_hours])
    if kind == CriterionKind.LANGUAGE:
        # From the person's row: the languages with their levels, kept by the database in the
        # form UPPER(language) || ' ' || level (participants/models/kept.py), so the language is
        # compared as iexact would, by PostgreSQL's upper() on both sides.
        levels = _at_least(vocabulary.LANGUAGE_LEVEL_RANK, criterion.language_level)
        language = Upper(Value(criterion.language.strip(), output_field=CharField()))
        wanted = [
            Concat(language, Value(f" {level}"), output_field=CharField()) for level in levels
        ]
        return ExpressionWrapper(Q(language_levels__overlap=wanted), output_field=BooleanField())
    if kind == CriterionKind.EXPERIENCE:
        return _experience(criterion, person)
    raise ValueError(f"No rule answers the criterion kind {kind!r} from the record.")


def _experience(criterion: Criterion, person: str = "pk") -> Exists:
    """Has the participant whose id is in the outer query's column `person` the months of
    experience in the occupation that the criterion asks, summed over their experiences?"""
    months = (
        participants_access.of_outer_participant(WorkExperience, person)
        .filter(occupation_id=criterion.experience_occupation_id)
        .values("participant")
        .annotate(total=Sum("months"))
        .values("total")
        .filter(total__gte=criterion.experience_months or 0)
    )
    return Exists(months)


def answerable(criterion: Criterion) -> bool:
    return criterion.kind not in ASSESSED_IN_INTRODUCTION


def _flag(position: int) -> str:
    """The annotation that says whether a row meets the criterion at `position` in the list
    given to annotate_criteria (by position, not id: the statement is the same for every
    profile with criteria of the same kinds, jobbspar/database/prepared.py)."""
    return f"meets_{position}"


def annotate_criteria(
    queryset: QuerySet[Participant], criteria: list[Criterion]
) -> QuerySet[Ranked]:
    """`queryset` with whether each row meets each answerable criterion (`explain` reads them,
    given the same list), its score and its number of blocking gaps."""
    answered = [(at, c) for at, c in enumerate(criteria) if answerable(c)]
    annotations: dict[str, BaseExpression] = {}
    for at, criterion in answered:
        condition = criterion_condition(criterion)
        if condition is None:  # not answerable: filtered out above
            continue
        if isinstance(condition, Q):
            annotations[_flag(at)] = ExpressionWrapper(condition, output_field=BooleanField())
        else:
            annotations[_flag(at)] = condition
    score: Expression = Value(0)
    for at, criterion in answered:
        weight = criterion.weight or DEFAULT_WEIGHT
        score = score + Case(
            When(**{_flag(at): True}, then=Value(weight)),
            default=Value(0),
            output_field=IntegerField(),
        )
    blocking: Expression = Value(0)
    for at, criterion in answered:
        if criterion.mode == CriterionMode.REQUIRED:
            blocking = blocking + Case(
                When(**{_flag(at): True}, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
    return queryset.annotate(**annotations).annotate(
        match_score=Coalesce(score, 0, output_field=IntegerField()),
        blocking_gaps=Coalesce(blocking, 0, output_field=IntegerField()),
    )


def explain(
    row: Participant, criteria: list[Criterion], labels: list[str] | None = None
) -> Explanation:
    """The explanation for one annotated participant row (no queries). `labels`: each
    criterion's text, in the order of `criteria`, when the caller explains many rows."""
    if labels is None:
        labels = [str(criterion) for criterion in criteria]
    results = []
    for at, (criterion, label) in enumerate(zip(criteria, labels, strict=True)):
        if not answerable(criterion):
            verdict = Verdict.TO_ASSESS
        elif getattr(row, _flag(at)):
            verdict = Verdict.MET
        elif criterion.mode == CriterionMode.TRAINED:
            verdict = Verdict.TRAINED
        else:
            verdict = Verdict.BLOCKING
        results.append(CriterionResult(criterion=criterion, verdict=verdict, label=label))
    return Explanation(results=results)


def explain_all(rows: list[Participant], criteria: list[Criterion]) -> list[Explanation]:
    """The explanations of a page of annotated rows (no queries; each criterion's text once)."""
    labels = [str(criterion) for criterion in criteria]
    return [explain(row, criteria, labels) for row in rows]


@dataclass(frozen=True)
class Filters:
    text: str = ""
    district: str = ""
    include_blocked: bool = False


def _considered(
    *,
    track_id: int,
    start_date: dt.date,
    user: User,
    filters: Filters,
    meeting: list[Criterion] | None = None,
) -> QuerySet[Participant]:
    """The participants a search looks at: visible, active, available by the start and in no
    other track. With `meeting`, only those who also meet these required criteria (those the
    record answers from the person's own row, e.g. a driving licence): checked while the
    visible ids are gathered, from the covering indexes, so the free candidates are found
    without reading every visible person (issue 18)."""
    queryset = participants_access.participants_for(user, where=_own_row(start_date, meeting))
    return _free(queryset, track_id=track_id, user=user, filters=filters)


def _considered_halves(
    *,
    track_id: int,
    start_date: dt.date,
    user: User,
    filters: Filters,
    meeting: list[Criterion],
) -> list[QuerySet[Participant]]:
    """_considered's participants as two querysets that never name the same person: those the
    user's organisation registered and those shared with it (participants_for_in_halves). Empty
    for a user who sees no participant."""
    # The required criteria on other tables (work experience), asked of the shared people's
    # ids before their rows are read; _ranking_of tests them on every row.
    about = [
        partial(_experience, criterion)
        for criterion in meeting
        if criterion.kind == CriterionKind.EXPERIENCE
    ]
    halves = participants_access.participants_for_in_halves(
        user, _own_row(start_date, meeting), about
    )
    return [_free(half, track_id=track_id, user=user, filters=filters) for half in halves]


def _own_row(start_date: dt.date, meeting: list[Criterion] | None) -> Q:
    """What _considered asks of the person's own row: active, available by the start, and each
    of the required criteria `meeting` that the row answers."""
    own_row = Q(status__in=[ParticipantStatus.ACTIVE]) & (
        Q(available_from__isnull=True) | Q(available_from__lte=start_date)
    )
    for criterion in meeting or []:
        condition = criterion_condition(criterion)
        if isinstance(condition, Q):  # on the person's own row (not another table's Exists)
            own_row &= condition
    return own_row


def _free(
    queryset: QuerySet[Participant], *, track_id: int, user: User, filters: Filters
) -> QuerySet[Participant]:
    """`queryset` without those in a track now or ever in this one, with the search's filters."""
    # Busy: in a track now (anywhere; kept on the person's row by the database, tracks.standing)
    # or ever in this one (a small set, hashed once).
    this_track = track_pool_for(user).filter(track=track_id).values("participant")
    queryset = queryset.filter(in_active_track=False).exclude(pk__in=this_track)
    if filters.text:
        queryset = queryset.filter(name__icontains=filters.text)
    if filters.district:
        queryset = queryset.filter(district__iexact=filters.district)
    return queryset


def find_candidates(
    *, track: Track, user: User, criteria: list[Criterion], filters: Filters | None = None
) -> QuerySet[Ranked]:
    """Participants `user` may see, free for this track, ranked against its profile."""
    return _ranked(
        user=user,
        track_id=track.pk,
        start_date=track.start_date,
        occupation_id=track.need.occupation_id,
        criteria=criteria,
        filters=filters or Filters(),
    )


def _ranked(
    *,
    user: User,
    track_id: int,
    start_date: dt.date,
    occupation_id: int | None,
    criteria: list[Criterion],
    filters: Filters,
) -> QuerySet[Ranked]:
    required = _required(criteria, filters)
    considered = _considered(
        track_id=track_id, start_date=start_date, user=user, filters=filters, meeting=required
    )
    return _ranking_of(considered, occupation_id, criteria, required, filters)


def _ranked_halves(
    *,
    user: User,
    track_id: int,
    start_date: dt.date,
    occupation_id: int | None,
    criteria: list[Criterion],
    filters: Filters,
) -> list[QuerySet[Ranked]]:
    """_ranked's candidates as two rankings that never name the same person (_considered_halves),
    each in the ranking's order: the top n of the whole ranking are among the top n of each."""
    required = _required(criteria, filters)
    halves = _considered_halves(
        track_id=track_id, start_date=start_date, user=user, filters=filters, meeting=required
    )
    return [_ranking_of(half, occupation_id, criteria, required, filters) for half in halves]


def _required(criteria: list[Criterion], filters: Filters) -> list[Criterion]:
    """The criteria a candidate must meet: every required one the record answers, unless blocked
    candidates are shown too."""
    if filters.include_blocked:
        return []
    return [c for c in criteria if c.mode == CriterionMode.REQUIRED and answerable(c)]


# The ranking's order: those meeting every required criterion, those given continued support in
# the occupation, the best scores; then by name and id, so that every row has one place.
RANKING = ("blocking_gaps", "-priority", "-match_score", "name", "id")


def _ranking_of(
    considered: QuerySet[Participant],
    occupation_id: int | None,
    criteria: list[Criterion],
    required: list[Criterion],
    filters: Filters,
) -> QuerySet[Ranked]:
    # Those given continued support after a track in the same occupation come first (the
    # occupations kept on the person's row by the database, tracks.standing).
    earlier = ExpressionWrapper(
        Q(continued_support_occupations__contains=[occupation_id]), output_field=BooleanField()
    )
    ranked = annotate_criteria(considered, criteria).annotate(priority=earlier)
    if not filters.include_blocked:
        # Every required criterion met. Those on the person's own columns were tested with the
        # visibility rule (_considered, _considered_halves); the others are tested here, each
        # as its own condition, which the planner can estimate (their sum compared with 0,
        # `blocking_gaps = 0`, it took to match one row in a thousand, and chose a plan 25 times
        # slower in the city, issue 18).
        for at, criterion in enumerate(criteria):
            if any(criterion is c for c in required) and not isinstance(
                criterion_condition(criterion), Q
            ):
                ranked = ranked.filter(**{_flag(at): True})
    return ranked.order_by(*RANKING)


# What of a criterion decides the form of the matching statement (part of the key of the
# statement built once per kind of search), and what is a value in it (prepared.py).
_CRITERION_FORM = ("kind", "mode", "weight", "swedish_level", "education_level", "language_level")
_CRITERION_VALUES = (
    "driving_licence",
    "certificate",
    "working_hours",
    "language",
    "experience_occupation_id",
    "experience_months",
)


def candidates_page(
    *,
    track: Track,
    user: User,
    criteria: list[Criterion],
    filters: Filters,
    number: Any,
    per_page: int,
) -> Page[Any]:
    """One page of find_candidates' ranking, with the total (window_paging). One of the first
    pages is read by a statement built once per kind of search (the profile's kinds of criteria,
    the filters given, the page; jobbspar/database/prepared.py), from the two halves of the
    visibility rule ranked apart and merged (_top_of_halves)."""

    def rows(bottom: int, top: int) -> list[Any]:
        criteria_form, values = criteria_as_values(criteria)
        form = prepared.Fixed((filters.include_blocked, top, criteria_form))
        # Planned for its values each time (jobbspar.database.planned_for_its_values): how many
        # people a criterion lets through decides the plan, and only a plan for the values shows
        # PostgreSQL that the own half's `status IN (...)` is the free people's index's condition.
        with planned_for_its_values():
            merged = prepared.evaluate(
                _top_of_halves,
                user,
                form,
                track.pk,
                track.start_date,
                track.need.occupation_id,
                filters.text,
                filters.district,
                values,
            )
        return _page_of_merged(merged, bottom, top)

    paginator = WindowCountPaginator(
        lambda: find_candidates(track=track, user=user, criteria=criteria, filters=filters).only(
            *CARD_FIELDS
        ),
        per_page,
        # The first pages only: each page is a kind of its own (its end, each half's LIMIT, is
        # part of the statement's form), and a page far down is rare.
        page_rows=rows if _page_number(number) <= PREPARED_PAGES else None,
    )
    return paginator.get_page(number)


# How many of the first pages of a search take their statement built once.
PREPARED_PAGES = 10

# What a page of candidates reads of each person's own row besides the id: what the candidate
# card shows (tracks/views/cards.py candidate_card), with the ranking's annotations. Not the rest
# of the record: the ranking then reads every considered person from a covering index (the
# organisation's own from participant_org_free, the shared from participant_id_name_filters)
# instead of their whole row, ~3 ms of ~25 nationally (issue 18), and the search never reads
# what it does not show (identity number, income support).
CARD_FIELDS = ("name",)


def criteria_as_values(
    criteria: list[Criterion],
) -> tuple[tuple[tuple[Any, ...], ...], tuple[tuple[Any, ...], ...]]:
    """A profile's criteria for a builder (prepared.py): what decides the form of the statements
    that rank against them (their kinds, modes, weights and levels; plain data for a `Fixed`),
    and the values in them (licence, certificate, language, occupation, months). criteria_from
    makes the criteria again."""
    form = tuple([tuple([_plain(getattr(c, name)) for name in _CRITERION_FORM]) for c in criteria])
    values = tuple(
        [
            tuple(
                [
                    # The language as the rule compares it (criterion_condition strips it).
                    _plain(getattr(c, name).strip() if name == "language" else getattr(c, name))
                    for name in _CRITERION_VALUES
                ]
            )
            for c in criteria
        ]
    )
    return form, values


def criteria_from(
    form: tuple[tuple[Any, ...], ...], values: tuple[tuple[Any, ...], ...]
) -> list[Criterion]:
    """The criteria criteria_as_values described, unsaved, for annotate_criteria and explain."""
    return [
        Criterion(
            pk=at + 1,  # never read: flags go by position
            **dict(zip(_CRITERION_FORM, criterion_form, strict=True)),
            **dict(zip(_CRITERION_VALUES, criterion_values, strict=True)),
        )
        for at, (criterion_form, criterion_values) in enumerate(zip(form, values, strict=True))
    ]


def _page_number(number: Any) -> int:
    """The page WindowCountPaginator.get_page shows for `number` (1 for what is not a number)."""
    try:
        return max(int(number), 1)
    except (TypeError, ValueError):
        return 1


def _plain(value: Any) -> Any:
    """A choice as the plain string it is stored as (a criterion made in code holds the enum)."""
    return str(value) if isinstance(value, str) else value


# Which half of the visibility rule a merged row comes from (_top_of_halves).
HALF = "ranking_half"


def _top_of_halves(
    user: User,
    form: tuple[Any, ...],
    track_id: int,
    start_date: dt.date,
    occupation_id: int | None,
    text: str,
    district: str,
    values: tuple[tuple[Any, ...], ...],
) -> QuerySet[Ranked]:
    """candidates_page's builder: the first `top` of each half of the ranking (_ranked_halves),
    in one list in the ranking's order (a UNION ALL of the two cuts; the halves never name the
    same person). Each row carries its half (HALF) and that half's total, counted before the cut
    (COUNT(*) OVER ()): _page_of_merged takes the page and the whole total from them.

    Ranked apart, the organisation's own candidates are read with their ranking columns from
    the free people's covering index (participant_org_free), not gathered as ids with the shared
    ones and each looked up by id again: ~3 of matching's ~8 ms of SQL nationally (issue 18)."""
    include_blocked, top, criteria_form = form
    criteria = criteria_from(criteria_form, values)
    filters = Filters(text=text, district=district, include_blocked=include_blocked)
    halves = _ranked_halves(
        user=user,
        track_id=track_id,
        start_date=start_date,
        occupation_id=occupation_id,
        criteria=criteria,
        filters=filters,
    )
    if not halves:  # a user who sees no participant: the rule's own empty set
        return participants_access.participants_for(user).none()
    cuts = [
        with_total(half.only(*CARD_FIELDS)).annotate(**{HALF: Value(at)})[:top]
        for at, half in enumerate(halves)
    ]
    merged: QuerySet[Ranked] = cuts[0].union(*cuts[1:], all=True).order_by(*RANKING)
    return merged


def _page_of_merged(rows: list[Any], bottom: int, top: int) -> list[Any]:
    """Rows [bottom:top] of _top_of_halves' list, each carrying the whole ranking's total (TOTAL,
    as WindowCountPaginator reads it): the sum of the halves' totals. A half with any candidate
    has its first rows in the list, so each half's total is on one of them, or it is none."""
    totals = {getattr(row, HALF): getattr(row, TOTAL) for row in rows}
    total = sum(totals.values())
    page = rows[bottom:top]
    for row in page:
        setattr(row, TOTAL, total)
    return page


@dataclass(frozen=True)
class Reach:
    """How many of the participants a search considered meet one required criterion."""

    criterion: Criterion
    met_by: int

    @property
    def blocks_everyone(self) -> bool:
        return self.met_by == 0


def reach_of_required(
    *, track: Track, user: User, criteria: list[Criterion], filters: Filters | None = None
) -> tuple[int, list[Reach]]:
    """Why a search finds nobody: the number of participants it considered, and for each
    required criterion how many of them meet it (one query)."""
    required = [c for c in criteria if c.mode == CriterionMode.REQUIRED and answerable(c)]
    queryset = _considered(
        track_id=track.pk, start_date=track.start_date, user=user, filters=filters or Filters()
    )
    counts = annotate_criteria(queryset, required).aggregate(
        considered=Count("pk"),
        **{f"met_{at}": Count("pk", filter=Q(**{_flag(at): True})) for at in range(len(required))},
    )
    return counts["considered"], [Reach(c, counts[f"met_{at}"]) for at, c in enumerate(required)]


def explain_participant(*, participant: Participant, criteria: list[Criterion]) -> Explanation:
    """Explain one participant (one query) - for the pool summary and the plan items."""

    row = annotate_criteria(access.refetch(participant), criteria).get()
    return explain(row, criteria)


def add_gaps_to_plan(*, track_participant: TrackParticipant, by: User) -> None:
    """A selected participant's trained gaps become items in their individual plan."""
    track = track_participant.track
    criteria = criteria_of(track)
    if not criteria:
        return
    explanation = explain_participant(participant=track_participant.participant, criteria=criteria)
    kinds: dict[str, str] = {
        CriterionKind.SWEDISH: InterventionKind.LANGUAGE_SUPPORT,
        CriterionKind.LANGUAGE: InterventionKind.LANGUAGE_SUPPORT,
        CriterionKind.DRIVING_LICENCE: InterventionKind.LICENCE_COURSE,
    }
    for result in explanation.trained:
        add_plan_item(
            participant=track_participant.participant,
            kind=kinds.get(result.criterion.kind, InterventionKind.VOCATIONAL_MODULE),
            title=_("%(criterion)s (in the track %(track)s)")
            % {"criterion": str(result.criterion), "track": track.name},
            responsible=track.education_provider.name if track.education_provider else "",
            planned_start=track.start_date,
            planned_end=track.end_date,
            by=by,
        )
