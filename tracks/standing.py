"""A person's standing in the tracks, kept on their row for candidate matching (issue 18).

`Participant.in_active_track` (a membership in one of ACTIVE_STATES) and
`Participant.continued_support_occupations` (the occupations of the needs of the tracks the
person has continued support after) are kept by the database, in the writing transaction,
whoever writes: tracks/migrations/0019_participant_standing.py installs the function
`tracks_standing(person)` that computes them and the triggers that write them again. Matching
tests them on the person's row (tracks.matching) instead of probing the memberships once per
candidate; participants/models/kept.py says why and how they never go stale.

`differing_people()` checks them against the ORM's own rule and `write_all()` writes every
person's again: for tests, the benchmark's loader (which copies rows with the triggers off) and
an operator's `manage.py matching_columns [--rebuild]`.
"""

from __future__ import annotations

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection, transaction
from django.db.models import Exists, OuterRef

from participants.models import Participant
from tracks.models import ACTIVE_STATES, State, TrackParticipant

# Every person's standing written from their memberships.
_WRITE_ALL = """
    UPDATE participants_participant p
    SET in_active_track = s.in_active_track,
        continued_support_occupations = s.continued_support_occupations
    FROM participants_participant q, LATERAL tracks_standing(q.id) s
    WHERE p.id = q.id
    AND (p.in_active_track, p.continued_support_occupations)
        IS DISTINCT FROM (s.in_active_track, s.continued_support_occupations)
"""


def differing_people() -> list[int]:
    """The ids of the people whose kept standing is not what their memberships say under the
    ORM's own rule (ACTIVE_STATES; the occupations of continued support), which the database's
    function must follow (empty: in step). Reads every person: a test's or an operator's check,
    not a request's."""
    memberships = TrackParticipant.objects.filter(participant=OuterRef("pk"))
    rows = Participant.objects.annotate(
        active_now=Exists(memberships.filter(state__in=sorted(ACTIVE_STATES))),
        support_occupations=ArraySubquery(
            memberships.filter(state=State.CONTINUED_SUPPORT).values("track__need__occupation_id")
        ),
    ).values_list(
        "pk",
        "in_active_track",
        "active_now",
        "continued_support_occupations",
        "support_occupations",
    )
    return [
        pk
        for pk, kept_active, active, kept_occupations, occupations in rows
        if kept_active != active or kept_occupations != sorted(set(occupations))
    ]


def write_all() -> int:
    """Write every person's standing again from their memberships, in the caller's transaction
    (a load that copied rows with the triggers off); returns the number of people changed."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_WRITE_ALL)
        return cursor.rowcount
