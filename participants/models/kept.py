"""Columns of a person's row that the database keeps from other tables, for candidate matching.

Matching ranks every free candidate of an organisation (~1 400 nationally) and used to probe
three other tables once per candidate: the person's memberships (busy in a track now?), their
continued support after a track in the same occupation (ranked first), and their languages (a
language criterion). Those probes were ~10 ms of the ~20 ms statement (issue 18). The answers
are now columns of the person's row, carried by the covering index the ranking reads
(`participant_id_name_filters`), so they cost nothing per candidate:

- `language_levels`: each other language as `UPPER(language) || ' ' || level`, kept here;
- `in_active_track` and `continued_support_occupations`: kept by tracks' triggers
  (tracks/migrations/0019_participant_standing.py; tracks.standing checks them), since what
  they say is the tracks' business.

Whoever writes, they stay in step, in the writing transaction: a change of a language (or a
membership, a track's need, a need's occupation) writes the person's columns again, after
locking the person's row (FOR NO KEY UPDATE, as an update of it would: rows that only point at
the person still may be added meanwhile), so that two transactions changing one person wait
for each other and the second computes from what the first committed. And every insert and
update of a person computes them again before it is written (BEFORE triggers), so a form or a
bulk update that writes the whole row from an object loaded earlier can never put an old value
back, nor can a new row bring one. They are not editable.

`manage.py matching_columns [--rebuild]` checks (and writes) them all, for an operator after a
restore or load with the triggers off.

They are not part of the person's record as people see it: the record's history
(ParticipantRecordEvent) does not track them, and a change of them alone does not move the
record's version (an edit form opened before a membership changed still saves).
"""

from __future__ import annotations

import pgtrigger
from django.db import connection, transaction

# The columns of Participant the database keeps (see above): none of them counts as a change of
# the record (its version, its history).
TRACK_FIELDS = ("in_active_track", "continued_support_occupations")
LANGUAGE_FIELD = "language_levels"
KEPT_FIELDS = (*TRACK_FIELDS, LANGUAGE_FIELD)

# What `language_levels` holds for the person `{person}`: every language with its level, in one
# order, so that a comparison of two arrays says whether anything changed.
LANGUAGE_LEVELS_OF = """
    ARRAY(
        SELECT upper(l.language) || ' ' || l.level
        FROM participants_otherlanguage l
        WHERE l.participant_id = {person}
        ORDER BY 1
    )::varchar(112)[]
"""


def language_level(language: str, level: str) -> str:
    """One element of `language_levels`, as the database writes it (for tests and fixtures;
    matching builds the same with SQL's upper(), tracks.matching)."""
    return f"{language.upper()} {level}"


def participant_language_trigger() -> pgtrigger.Trigger:
    """On Participant: every insert and update computes `language_levels` again (never a value
    the writer brought)."""
    return pgtrigger.Trigger(
        name="language_levels_computed",
        when=pgtrigger.Before,
        operation=pgtrigger.Insert | pgtrigger.Update,
        func=f"NEW.language_levels := {LANGUAGE_LEVELS_OF.format(person='NEW.id')}; RETURN NEW;",
    )


_KEEP_PERSON = f"""
    PERFORM 1 FROM participants_participant WHERE id = {{person}} FOR NO KEY UPDATE;
    UPDATE participants_participant
    SET language_levels = {LANGUAGE_LEVELS_OF.format(person="{person}")}
    WHERE id = {{person}}
    AND language_levels IS DISTINCT FROM {LANGUAGE_LEVELS_OF.format(person="{person}")};
"""  # noqa: S608 - names from this module only


def language_triggers() -> list[pgtrigger.Trigger]:
    """On OtherLanguage: an insert, a deletion or a change of a language, its level or its
    person writes the person's (or both persons') `language_levels` again."""
    old = _KEEP_PERSON.format(person="OLD.participant_id")
    new = _KEEP_PERSON.format(person="NEW.participant_id")
    return [
        pgtrigger.Trigger(
            name="language_levels_kept",
            when=pgtrigger.After,
            operation=pgtrigger.Insert | pgtrigger.Delete,
            func=f"""
                IF TG_OP = 'DELETE' THEN {old} ELSE {new} END IF;
                RETURN NULL;
            """,
        ),
        pgtrigger.Trigger(
            name="language_levels_kept_on_change",
            when=pgtrigger.After,
            operation=pgtrigger.Update,
            condition=pgtrigger.AnyChange("participant", "language", "level"),
            # Moved to another person: both, the lower id first (as every writer locks them).
            func=f"""
                IF OLD.participant_id < NEW.participant_id THEN {old} END IF;
                {new}
                IF OLD.participant_id > NEW.participant_id THEN {old} END IF;
                RETURN NULL;
            """,
        ),
    ]


# The people whose `language_levels` is not what their languages say.
_DIFFERING_LANGUAGES = f"""
    SELECT count(*) FROM participants_participant p
    WHERE p.language_levels IS DISTINCT FROM {LANGUAGE_LEVELS_OF.format(person="p.id")}
"""  # noqa: S608 - names from this module only
_WRITE_LANGUAGES = f"""
    UPDATE participants_participant p
    SET language_levels = {LANGUAGE_LEVELS_OF.format(person="p.id")}
    WHERE p.language_levels IS DISTINCT FROM {LANGUAGE_LEVELS_OF.format(person="p.id")}
"""  # noqa: S608 - names from this module only


def differing_languages() -> int:
    """How many people's `language_levels` is not what their languages say (0: in step). Reads
    every person: a test's or an operator's check, not a request's."""
    with connection.cursor() as cursor:
        cursor.execute(_DIFFERING_LANGUAGES)
        return cursor.fetchone()[0]


def write_languages() -> int:
    """Write every person's `language_levels` again from their languages, in the caller's
    transaction (a load that copied rows with the triggers off); returns the people changed."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_WRITE_LANGUAGES)
        return cursor.rowcount
