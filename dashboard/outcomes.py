"""The measures behind the manager dashboard: aggregates only, computed in the database.

Every figure comes from a fixed set of aggregate queries (conditional aggregates, FILTER) over
the milestone columns of `tracks.TrackParticipant` (selected_on, started_on, completed_on,
offered_on, employed_on, discontinued_on, set by `tracks.workflow.move_participant`), the
`tracks.FollowUp` rows and the tracks' funding, so the number of queries is the same whatever
the filter and however much data there is. Nothing here returns a person.

The definitions (also on the page and in the README):
- placement rate = participants offered a job ÷ participants who completed the track
- hired rate = participants employed (started the job) ÷ participants who completed
- employed at the N-month follow-up = follow-ups due whose in-time answer says employed (at the
  track's employer or elsewhere) ÷ follow-ups due; an unanswered or late answer is "unknown"
  and stays in the denominator, so it never counts as success
- self-sufficient at 12 months, studying: the same, with self_sufficient = yes / situation =
  studying
- cost per participant = the funding of the tracks in view ÷ participants who started
  training in them; cost per hire = the same funding ÷ participants employed.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import connection
from django.db.models import (
    Count,
    F,
    Q,
    QuerySet,
)
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from employers.models import Agreement, Employer, Occupation, PlanningMeeting, RecruitmentNeed
from jobbspar.models import Organisation, Partnership
from participants.models import Gender
from tracks.models import (
    EMPLOYED_SITUATIONS,
    FOLLOW_UP_ANSWER_DAYS,
    FollowUp,
    FollowUpSituation,
    FundingSource,
    PhaseKind,
    Track,
    TrackParticipant,
)

# Groups with fewer people than this show "<5" instead of figures.
SUPPRESS_BELOW = 5
Z_95 = 1.959963984540054
FOLLOW_UP_MONTHS = (3, 6, 12)


class TargetGroup:
    NEWLY_ARRIVED = "newly_arrived"
    INCOME_SUPPORT = "income_support"
    LONG_TERM_UNEMPLOYED = "long_term_unemployed"

    choices = [
        (NEWLY_ARRIVED, _("Newly arrived")),
        (INCOME_SUPPORT, _("Receives income support")),
        (LONG_TERM_UNEMPLOYED, _("Long-term unemployed")),
    ]
    fields = {
        NEWLY_ARRIVED: "newly_arrived",
        INCOME_SUPPORT: "receives_income_support",
        LONG_TERM_UNEMPLOYED: "long_term_unemployed",
    }


# --- Filters ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """What the dashboard shows. Track filters: the track's start date (the cohort), the track,
    its employer and its need's occupation. Participant filters: who nominated them, target
    group and gender."""

    start_from: dt.date | None = None
    start_to: dt.date | None = None
    # The partnership in view (its tracks only), or None for the whole country.
    partnership: Partnership | None = None
    track: Track | None = None
    employer: Employer | None = None
    occupation: Occupation | None = None
    nominating_organisation: Organisation | None = None
    target_group: str = ""
    gender: str = ""

    def params(self) -> dict:
        """The filters as plain values (ids and ISO dates): the key of a summary snapshot."""
        return {
            "start_from": self.start_from.isoformat() if self.start_from else None,
            "start_to": self.start_to.isoformat() if self.start_to else None,
            "partnership": self.partnership.pk if self.partnership else None,
            "track": self.track.pk if self.track else None,
            "employer": self.employer.pk if self.employer else None,
            "occupation": self.occupation.pk if self.occupation else None,
            "nominating_organisation": (
                self.nominating_organisation.pk if self.nominating_organisation else None
            ),
            "target_group": self.target_group,
            "gender": self.gender,
        }

    @classmethod
    def from_params(cls, params: dict) -> Filters:
        """Filters again from `params()`, without a query (the measures need only the ids)."""

        def day(value):
            return dt.date.fromisoformat(value) if value else None

        def ref(model, value):
            return model(pk=value) if value is not None else None

        return cls(
            start_from=day(params.get("start_from")),
            start_to=day(params.get("start_to")),
            partnership=ref(Partnership, params.get("partnership")),
            track=ref(Track, params.get("track")),
            employer=ref(Employer, params.get("employer")),
            occupation=ref(Occupation, params.get("occupation")),
            nominating_organisation=ref(Organisation, params.get("nominating_organisation")),
            target_group=params.get("target_group") or "",
            gender=params.get("gender") or "",
        )

    @property
    def narrows_participants(self) -> bool:
        return bool(self.nominating_organisation or self.target_group or self.gender)

    def track_q(self, prefix: str = "") -> Q:
        q = Q()
        if self.start_from:
            q &= Q(**{f"{prefix}start_date__gte": self.start_from})
        if self.start_to:
            q &= Q(**{f"{prefix}start_date__lte": self.start_to})
        if self.partnership:
            q &= Q(**{f"{prefix}partnership": self.partnership.pk})
        if self.track:
            q &= Q(**{f"{prefix}pk": self.track.pk})
        if self.employer:
            q &= Q(**{f"{prefix}employer": self.employer.pk})
        if self.occupation:
            q &= Q(**{f"{prefix}need__occupation": self.occupation.pk})
        return q

    def member_q(self, prefix: str = "") -> Q:
        """The participants-in-tracks in view (prefix: the path to TrackParticipant)."""
        q = self.track_q(f"{prefix}track__")
        if self.nominating_organisation:
            q &= Q(**{f"{prefix}nominating_organisation": self.nominating_organisation.pk})
        if self.target_group:
            q &= Q(**{f"{prefix}participant__{TargetGroup.fields[self.target_group]}": True})
        if self.gender:
            q &= Q(**{f"{prefix}participant__gender": self.gender})
        return q


# --- Figures with honest small numbers --------------------------------------------------------


def wilson_interval(successes: int, total: int, z: float = Z_95) -> tuple[float, float] | None:
    """The Wilson score interval for a proportion (95 % by default), as fractions 0..1."""
    if total <= 0:
        return None
    p = successes / total
    denominator = 1 + z * z / total
    centre = (p + z * z / (2 * total)) / denominator
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def is_small(count: int | None) -> bool:
    """A count of 1-4 people: shown as "<5". Zero is shown (nobody is identified by it)."""
    return count is not None and 0 < count < SUPPRESS_BELOW


@dataclass
class Figure:
    """A count of people, shown as "<5" when small (or when suppressed to protect another)."""

    value: int
    suppressed: bool = False

    def __post_init__(self):
        self.suppressed = self.suppressed or is_small(self.value)

    @property
    def display(self) -> str:
        return f"<{SUPPRESS_BELOW}" if self.suppressed else str(self.value)

    @property
    def export_value(self) -> int | str:
        return f"<{SUPPRESS_BELOW}" if self.suppressed else self.value


@dataclass
class Rate:
    """`part` of `whole` people, with its Wilson 95 % interval.

    Shown only when neither the part nor the whole is suppressed: a group of fewer than five,
    or a part of one to four people, shows "<5" and no percentage (which would give it away).
    """

    part: int
    whole: int
    part_suppressed: bool = False
    whole_suppressed: bool = False

    def __post_init__(self):
        self.whole_suppressed = self.whole_suppressed or is_small(self.whole)
        self.part_suppressed = self.part_suppressed or self.whole_suppressed or is_small(self.part)

    @property
    def shown(self) -> bool:
        return self.whole > 0 and not self.part_suppressed and not self.whole_suppressed

    @property
    def percent(self) -> float | None:
        return 100 * self.part / self.whole if self.shown else None

    @property
    def interval(self) -> tuple[float, float] | None:
        if not self.shown:
            return None
        low, high = wilson_interval(self.part, self.whole)
        return 100 * low, 100 * high

    @property
    def part_display(self) -> str:
        return f"<{SUPPRESS_BELOW}" if self.part_suppressed else str(self.part)

    @property
    def whole_display(self) -> str:
        return f"<{SUPPRESS_BELOW}" if self.whole_suppressed else str(self.whole)

    @property
    def percent_display(self) -> str:
        if self.whole == 0:
            return "–"
        if not self.shown:
            return f"<{SUPPRESS_BELOW}"
        return f"{self.percent:.0f} %"

    @property
    def interval_display(self) -> str:
        if not self.interval:
            return "–"
        low, high = self.interval
        return f"{low:.0f}–{high:.0f} %"

    @property
    def count_display(self) -> str:
        """ "10 of 12" (translated in the template through part/whole)."""
        return f"{self.part_display} / {self.whole_display}"


def protect_column(figures: list[Figure]) -> None:
    """Secondary suppression in one column of a breakdown: if exactly one group is suppressed,
    also suppress the smallest other non-zero group, so the hidden one cannot be found by
    subtracting the shown groups from the total."""
    hidden = [f for f in figures if f.suppressed]
    if len(hidden) != 1:
        return
    others = [f for f in figures if not f.suppressed and f.value > 0]
    if others:
        min(others, key=lambda f: f.value).suppressed = True


# --- The queries ------------------------------------------------------------------------------

MILESTONES = {
    "nominated": None,
    "selected": "selected_on",
    "started": "started_on",
    "completed": "completed_on",
    "offered": "offered_on",
    "employed": "employed_on",
    "discontinued": "discontinued_on",
}


def _milestone_counts(prefix: str = "") -> dict:
    counts = {}
    for name, column in MILESTONES.items():
        condition = None if column is None else Q(**{f"{column}__isnull": False})
        counts[name] = Count("pk", filter=condition)
    counts["completed_offered"] = Count(
        "pk", filter=Q(completed_on__isnull=False, offered_on__isnull=False)
    )
    counts["completed_employed"] = Count(
        "pk", filter=Q(completed_on__isnull=False, employed_on__isnull=False)
    )
    return counts


def members_in_view(filters: Filters) -> QuerySet:
    return TrackParticipant.objects.filter(filters.member_q())


def follow_up_counts(filters: Filters, today: dt.date) -> dict:
    """One query: per interval, follow-ups due, known, employed, studying, self-sufficient,
    pending (not yet answered, still within the answer window) and unknown."""
    in_time = Q(answered_at__isnull=False) & Q(
        answered_at__date__lte=F("due_on") + dt.timedelta(days=FOLLOW_UP_ANSWER_DAYS)
    )
    pending = Q(answered_at__isnull=True, due_on__gte=today - dt.timedelta(FOLLOW_UP_ANSWER_DAYS))
    completers = Q(track_participant__completed_on__isnull=False)
    employed = Q(situation__in=sorted(EMPLOYED_SITUATIONS))
    # Grouped by interval (three rows): each FILTER is evaluated once per row, not per interval.
    rows = (
        FollowUp.objects.filter(
            filters.member_q("track_participant__"),
            months__in=FOLLOW_UP_MONTHS,
            due_on__lte=today,
        )
        .values("months")
        .annotate(
            due=Count("pk"),
            known=Count("pk", filter=in_time),
            employed=Count("pk", filter=in_time & employed),
            studying=Count("pk", filter=in_time & Q(situation=FollowUpSituation.STUDYING)),
            self_sufficient=Count("pk", filter=in_time & Q(self_sufficient=True)),
            pending=Count("pk", filter=pending),
            completers_due=Count("pk", filter=completers),
            completers_employed=Count("pk", filter=completers & in_time & employed),
        )
        .order_by()
    )
    names = ["due", "known", "employed", "studying", "self_sufficient", "pending",
             "completers_due", "completers_employed"]  # fmt: skip
    counts = {f"{name}_{months}": 0 for name in names for months in FOLLOW_UP_MONTHS}
    for row in rows:
        for name in names:
            counts[f"{name}_{row['months']}"] = row[name]
    return counts


@dataclass
class FollowUpRow:
    months: int
    due: Figure
    employed: Rate
    studying: Rate
    self_sufficient: Rate
    pending: Figure
    unknown: Figure


@dataclass
class BreakdownRow:
    label: str
    nominated: Figure
    completed: Figure
    placement: Rate
    hired: Rate


@dataclass
class Dashboard:
    filters: Filters
    computed_at: dt.datetime
    funnel: list[tuple[str, str, Figure]]
    placement: Rate
    hired: Rate
    follow_ups: list[FollowUpRow]
    discontinued: list[tuple[str, Figure]]
    discontinued_reasons: list[tuple[str, str, Figure]]
    breakdown_by: str
    breakdown: list[BreakdownRow]
    tracks_per_year: list[dict]
    positions: dict
    timing: dict
    cost: dict
    total_people: int = 0
    empty: bool = field(default=False)
    # True when the figures come from the summary table (dashboard.snapshots), not this request.
    from_summary: bool = False

    @property
    def suppressed(self) -> bool:
        """The whole view is a group of fewer than five people."""
        return is_small(self.total_people)


BREAKDOWNS = {
    "gender": (_("Gender"), "participant__gender"),
    "newly_arrived": (_("Newly arrived"), "participant__newly_arrived"),
    "income_support": (_("Receives income support"), "participant__receives_income_support"),
    "nominating_organisation": (_("Nominated by"), "nominating_organisation__name"),
    "employer": (_("Employer"), "track__employer__name"),
    "occupation": (_("Occupation (SSYK)"), "track__need__occupation__name"),
    "year": (_("Year the track started"), "year"),
}


def breakdown_counts(members: QuerySet, by: str) -> list[dict]:
    """One query: per group of `by`, nominated, completed, offered and employed (plain values)."""
    _label, column = BREAKDOWNS[by]
    rows_qs = members
    if by == "year":
        rows_qs = rows_qs.annotate(year=ExtractYear("track__start_date"))
    names = ("nominated", "completed", "offered", "employed")
    return [
        {"group": item[column], **{name: item[name] for name in names}}
        for item in rows_qs.values(column)
        .annotate(
            nominated=Count("pk"),
            completed=Count("pk", filter=Q(completed_on__isnull=False)),
            offered=Count("pk", filter=Q(completed_on__isnull=False, offered_on__isnull=False)),
            employed=Count("pk", filter=Q(completed_on__isnull=False, employed_on__isnull=False)),
        )
        .order_by(column)
    ]


def _breakdown(raw: list[dict], by: str) -> list[BreakdownRow]:
    labels = {
        "gender": dict(Gender.choices),
        "newly_arrived": {True: _("Yes"), False: _("No")},
        "income_support": {True: _("Yes"), False: _("No")},
    }.get(by, {})
    rows = [
        BreakdownRow(
            label=str(labels.get(item["group"], item["group"])),
            nominated=Figure(item["nominated"]),
            completed=Figure(item["completed"]),
            placement=Rate(item["offered"], item["completed"]),
            hired=Rate(item["employed"], item["completed"]),
        )
        for item in raw
    ]
    protect_column([row.nominated for row in rows])
    completed = [row.completed for row in rows]
    protect_column(completed)
    for row in rows:
        # A group whose completers are hidden hides its rates too.
        if row.completed.suppressed:
            row.placement.whole_suppressed = row.placement.part_suppressed = True
            row.hired.whole_suppressed = row.hired.part_suppressed = True
    for rate_name in ("placement", "hired"):
        parts = [Figure(getattr(row, rate_name).part) for row in rows]
        for figure, row in zip(parts, rows, strict=True):
            figure.suppressed = getattr(row, rate_name).part_suppressed and figure.value > 0
        protect_column(parts)
        for figure, row in zip(parts, rows, strict=True):
            if figure.suppressed:
                getattr(row, rate_name).part_suppressed = True
    return rows


def _tracks(filters: Filters) -> QuerySet:
    return Track.objects.filter(filters.track_q())


TRACK_FIGURES_SQL = """
WITH t AS ({tracks}),
m AS (
    SELECT track_id,
        COUNT(*) FILTER (WHERE started_on IS NOT NULL) AS started,
        COUNT(*) FILTER (WHERE offered_on IS NOT NULL) AS offered,
        COUNT(*) FILTER (WHERE employed_on IS NOT NULL) AS employed,
        -- The first hire from the track: on or after its start (the workflow allows no other).
        MIN(employed_on) FILTER (WHERE employed_on >= t.start_date) AS first_hire
    FROM {members} JOIN t ON t.id = track_id GROUP BY track_id
),
f AS (
    SELECT track_id, SUM(amount) AS total
    FROM {funding} WHERE track_id IN (SELECT id FROM t) GROUP BY track_id
),
-- The track's planning began after the previous track for the same need started (a need
-- often gives several intakes): its first planning meeting is the need's first one in
-- (previous start, this start]. So the lead time is never negative, and a later intake is not
-- measured from the first intake's meetings.
prev AS (
    SELECT t.id, t.need_id, t.start_date,
        (SELECT MAX(o.start_date) FROM {tracks_table} o
         WHERE o.need_id = t.need_id AND o.start_date < t.start_date) AS prev_start
    FROM t
),
pm AS (
    SELECT prev.id AS track_id, MIN(md.day) AS first_meeting
    FROM prev JOIN (
        SELECT need_id, (starts_at AT TIME ZONE %s)::date AS day
        FROM {meetings} WHERE need_id IN (SELECT need_id FROM t)
    ) md ON md.need_id = prev.need_id
    WHERE md.day <= prev.start_date AND (prev.prev_start IS NULL OR md.day > prev.prev_start)
    GROUP BY prev.id
),
x AS (
    SELECT EXTRACT(YEAR FROM t.start_date)::int AS year, t.start_date, t.agreement_id,
        a.positions AS agreed, n.positions AS needed,
        COALESCE(m.started, 0) AS started, COALESCE(m.offered, 0) AS offered,
        COALESCE(m.employed, 0) AS employed, m.first_hire,
        COALESCE(f.total, 0) AS funding, pm.first_meeting
    FROM t
    JOIN {needs} n ON n.id = t.need_id
    LEFT JOIN m ON m.track_id = t.id
    LEFT JOIN f ON f.track_id = t.id
    LEFT JOIN {agreements} a ON a.id = t.agreement_id
    LEFT JOIN pm ON pm.track_id = t.id
)
SELECT GROUPING(year) AS is_total, year,
    COUNT(*) AS tracks,
    COALESCE(SUM(started), 0) AS started,
    COUNT(*) FILTER (WHERE agreement_id IS NOT NULL) AS with_agreement,
    COALESCE(SUM(agreed), 0) AS agreed_positions,
    COALESCE(SUM(offered) FILTER (WHERE agreement_id IS NOT NULL), 0) AS offered_in_agreed,
    COALESCE(SUM(needed), 0) AS need_positions,
    COALESCE(SUM(offered), 0) AS offered,
    COALESCE(SUM(funding), 0) AS funding,
    COALESCE(SUM(started) FILTER (WHERE funding > 0), 0) AS funded_started,
    COALESCE(SUM(employed) FILTER (WHERE funding > 0), 0) AS funded_employed,
    COUNT(*) FILTER (WHERE funding > 0) AS funded_tracks,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY start_date - first_meeting)
        FILTER (WHERE first_meeting IS NOT NULL) AS meeting_to_start,
    COUNT(*) FILTER (WHERE first_meeting IS NOT NULL) AS meeting_to_start_n,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY first_hire - first_meeting)
        FILTER (WHERE first_meeting IS NOT NULL AND first_hire IS NOT NULL) AS meeting_to_hire,
    COUNT(*) FILTER (WHERE first_meeting IS NOT NULL AND first_hire IS NOT NULL)
        AS meeting_to_hire_n
FROM x
GROUP BY GROUPING SETS ((year), ())
ORDER BY is_total, year
"""


def track_counts(filters: Filters) -> list[dict]:
    """Tracks per year and in total, positions, timing and funding: one query over the tracks
    in view, as plain values (the funding as a decimal string).

    Each table is aggregated once per track in a CTE and hash-joined (no correlated subquery
    per track), and the per-year rows and the totals come from one GROUPING SETS pass.
    """
    tracks_sql, tracks_params = (
        _tracks(filters)
        .order_by()
        .values("id", "start_date", "need_id", "agreement_id")
        .query.sql_with_params()
    )
    sql = TRACK_FIGURES_SQL.format(
        tracks=tracks_sql,
        members=TrackParticipant._meta.db_table,
        funding=FundingSource._meta.db_table,
        meetings=PlanningMeeting._meta.db_table,
        tracks_table=Track._meta.db_table,
        needs=RecruitmentNeed._meta.db_table,
        agreements=Agreement._meta.db_table,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*tracks_params, settings.TIME_ZONE])
        columns = [column[0] for column in cursor.description]
        rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    for row in rows:
        # SUM of counts is numeric in PostgreSQL: whole numbers as int, the funding as a string.
        for name, value in row.items():
            if isinstance(value, Decimal):
                row[name] = str(value) if name == "funding" else int(value)
    return rows


def track_figures(rows: list[dict]) -> tuple[list[dict], dict, dict, dict]:
    """Tracks per year, positions, timing and cost from `track_counts`."""
    rows = [{**row, "funding": Decimal(row["funding"])} for row in rows]
    per_year = [row for row in rows if not row["is_total"]]
    totals = next(row for row in rows if row["is_total"])
    for row in per_year:
        row["started_figure"] = Figure(row["started"])
        row["per_track"] = row["started"] / row["tracks"] if row["tracks"] else None
        if row["started_figure"].suppressed:
            row["per_track"] = None
    protect_column([row["started_figure"] for row in per_year])
    for row in per_year:
        if row["started_figure"].suppressed:
            row["per_track"] = None
    positions = {
        "tracks": totals["tracks"],
        "with_agreement": totals["with_agreement"],
        "agreed": totals["agreed_positions"],
        "offered_in_agreed": Figure(totals["offered_in_agreed"]),
        "need_positions": totals["need_positions"],
        "offered": Figure(totals["offered"]),
    }
    timing = {
        "meeting_to_start": totals["meeting_to_start"],
        "meeting_to_start_n": totals["meeting_to_start_n"],
        "meeting_to_hire": totals["meeting_to_hire"],
        "meeting_to_hire_n": totals["meeting_to_hire_n"],
    }
    started_figure = Figure(totals["funded_started"])
    employed_figure = Figure(totals["funded_employed"])
    cost = {
        "funding": totals["funding"],
        "funded_tracks": totals["funded_tracks"],
        "started": started_figure,
        "employed": employed_figure,
        "per_participant": None
        if started_figure.suppressed or not started_figure.value
        else totals["funding"] / started_figure.value,
        "per_hire": None
        if employed_figure.suppressed or not employed_figure.value
        else totals["funding"] / employed_figure.value,
    }
    return per_year, positions, timing, cost


# Reasons are free text: a reason is listed only when at least this many people gave exactly it
# (so a reason can never point at one person); the rest are counted as "other reasons".
REASON_MIN_PEOPLE = SUPPRESS_BELOW


def gather(filters: Filters, breakdown_by: str = "gender", today: dt.date | None = None) -> dict:
    """The counts behind every measure for `filters`, as plain values (JSON): a fixed number of
    queries (6), whatever the filter. `build` turns them into the dashboard."""
    today = today or timezone.localdate()
    members = members_in_view(filters)
    discontinued = members.filter(discontinued_on__isnull=False)
    return {
        "today": today.isoformat(),
        "counts": members.aggregate(**_milestone_counts()),  # 1
        "follow": follow_up_counts(filters, today),  # 2
        "by_phase": [  # 3
            [row["discontinued_phase__kind"], row["n"]]
            for row in discontinued.values("discontinued_phase__kind")
            .annotate(n=Count("pk"))
            .order_by()
        ],
        "reasons": list(  # 4
            discontinued.values("discontinued_phase__kind", "reason")
            .annotate(n=Count("pk"))
            .filter(n__gte=REASON_MIN_PEOPLE)
            .order_by("-n", "reason")[:20]
        ),
        "breakdown": breakdown_counts(members, breakdown_by),  # 5
        "tracks": track_counts(filters),  # 6
    }


def compute(filters: Filters, *, breakdown_by: str = "gender", today: dt.date | None = None):
    """Every measure for `filters`, computed now from the live data (6 queries)."""
    return build(
        filters, breakdown_by, gather(filters, breakdown_by, today), computed_at=timezone.now()
    )


def build(
    filters: Filters,
    breakdown_by: str,
    figures: dict,
    *,
    computed_at: dt.datetime,
    from_summary: bool = False,
) -> Dashboard:
    """The dashboard from the counts of `gather`: suppression, rates and intervals (no query)."""
    counts, follow = figures["counts"], figures["follow"]
    by_phase = dict(figures["by_phase"])
    reasons = figures["reasons"]
    breakdown = _breakdown(figures["breakdown"], breakdown_by)
    per_year, positions, timing, cost = track_figures(figures["tracks"])

    funnel_names = [
        ("nominated", _("Nominated")),
        ("selected", _("Selected by the employer")),
        ("started", _("Started training")),
        ("completed", _("Completed the track")),
        ("offered", _("Offered a job")),
        ("employed", _("Employed (started the job)")),
    ]
    funnel = [(key, label, Figure(counts[key])) for key, label in funnel_names]
    funnel += [
        (
            f"employed_{months}m",
            _("Employed at the %(months)s-month follow-up (completers, answered in time)")
            % {"months": months},
            Figure(follow[f"completers_employed_{months}"]),
        )
        for months in (6, 12)
    ]
    follow_ups = []
    for months in FOLLOW_UP_MONTHS:
        due = follow[f"due_{months}"]
        pending = follow[f"pending_{months}"]
        follow_ups.append(
            FollowUpRow(
                months=months,
                due=Figure(due),
                employed=Rate(follow[f"employed_{months}"], due),
                studying=Rate(follow[f"studying_{months}"], due),
                self_sufficient=Rate(follow[f"self_sufficient_{months}"], due),
                pending=Figure(pending),
                unknown=Figure(due - follow[f"known_{months}"] - pending),
            )
        )
    phase_labels = dict(PhaseKind.choices)
    discontinued = [
        (str(phase_labels.get(kind, _("Phase not recorded"))), Figure(n))
        for kind, n in sorted(by_phase.items(), key=lambda item: (item[0] is None, item[0] or ""))
    ]
    protect_column([figure for _label, figure in discontinued])
    discontinued_reasons = [
        (
            str(phase_labels.get(row["discontinued_phase__kind"], _("Phase not recorded"))),
            row["reason"],
            Figure(row["n"]),
        )
        for row in reasons
    ]
    if filters.narrows_participants:
        # Funding belongs to whole tracks; dividing it by a subgroup would mislead.
        cost = {**cost, "per_participant": None, "per_hire": None, "subgroup": True}
    return Dashboard(
        filters=filters,
        computed_at=computed_at,
        from_summary=from_summary,
        funnel=funnel,
        placement=Rate(counts["completed_offered"], counts["completed"]),
        hired=Rate(counts["completed_employed"], counts["completed"]),
        follow_ups=follow_ups,
        discontinued=discontinued,
        discontinued_reasons=discontinued_reasons,
        breakdown_by=breakdown_by,
        breakdown=breakdown,
        tracks_per_year=per_year,
        positions=positions,
        timing=timing,
        cost=cost,
        total_people=counts["nominated"],
        empty=counts["nominated"] == 0 and positions["tracks"] == 0,
    )
