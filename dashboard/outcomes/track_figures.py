"""Tracks per year, positions, lead times and cost: the dashboard's one hand-written query (a
CTE with GROUPING SETS over the tracks in view)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import QuerySet

from dashboard.outcomes.filters import Filters
from dashboard.outcomes.suppression import Figure, protect_column
from employers.models import Agreement, PlanningMeeting, RecruitmentNeed
from tracks.models import FundingSource, Track, TrackParticipant


def _tracks(filters: Filters) -> QuerySet[Track]:
    tracks: QuerySet[Track] = Track.objects.filter(filters.track_q())
    return tracks


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


def track_counts(filters: Filters) -> list[dict[str, Any]]:
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


def track_figures(
    rows: list[dict[str, Any]],
) -> tuple[list[dict[str, Any]], dict[str, Any], dict[str, Any], dict[str, Any]]:
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
