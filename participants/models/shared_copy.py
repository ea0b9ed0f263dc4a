"""A copy of each shared person's searchable columns, per consent, kept by the database.

A search among the people a consent shares with an organisation (a name, the list's filters,
candidate matching's free and qualified people) otherwise looks up every shared person's row to
test the condition: one index probe per consent (3 340 for a municipality in the national
benchmark, ~8 ms of a name search's 11, issue 18). `SharedCopy` holds, for every consent not
withdrawn, the receiving organisation and the person's columns those searches test, in one
index in name order per organisation, so the condition is tested there first and only the rows
that meet it are looked up. The whole participant list reads the shared people in name order
from the same index (a page reads ~30 copies instead of walking every person in the country).

The copy only narrows and orders. Who is visible is still decided by the rule in
participants.access (an active consent, read from the consents themselves) and the condition is
tested again on the person's own row, so a copy that were ever out of step could hide a shared
person from a search or from the whole list, or place them by a wrong name, never show one the
rule does not (the list's count, from the consents, would still count them).

Triggers keep it in step, in the writing transaction, whoever writes (a form, a bulk update, an
import, anonymisation): a consent's insert and deletion write and remove its row, and a change
of its person, organisation or withdrawal writes it again (none while it is withdrawn), and a
change of a copied column of a person rewrites their rows. `write_all()` writes the whole copy
from the consents and people (the benchmark's loader, which copies rows with the triggers off)
and `differing_rows()` checks it: `manage.py shared_copy [--rebuild]`.
"""

from __future__ import annotations

import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import connection, models, transaction
from django.db.models import F
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from jobbspar.scoping import ScopedManager, ScopedModel

TABLE = "participants_sharedcopy"

# The participant list's filters on the person's own columns (participants.search._where):
# carried by the list's covering indexes (Participant.Meta.indexes).
LIST_FILTER_COLUMNS = [
    "status",
    "newly_arrived",
    "long_term_unemployed",
    "receives_income_support",
    "swedish_level",
    "coordinator",
    "driving_licences",
]
# What candidate matching checks on the person's own row besides the list's filters (the
# availability and the record's answers to a profile's required criteria): carried by the
# same covering indexes, so the free candidates are found from the indexes (tracks.matching).
MATCH_FILTER_COLUMNS = ["available_from", "education_level", "certificates", "working_hours"]
# The status of a person free to be a candidate (ParticipantStatus.ACTIVE, which imports this
# module; tests/tracks/test_matching_halves.py checks they agree).
FREE_STATUS = "active"
# The person's fields copied: those the participant list and candidate matching test on the
# person's own row, as the covering indexes of Participant carry them.
COPIED_FIELDS = ("name", "registered_by", *LIST_FILTER_COLUMNS, *MATCH_FILTER_COLUMNS)
_RELATIONS = frozenset({"registered_by", "coordinator"})
COPIED_COLUMNS = tuple(f"{name}_id" if name in _RELATIONS else name for name in COPIED_FIELDS)

_COLUMNS = ", ".join(COPIED_COLUMNS)
_FROM_PERSON = ", ".join(f"p.{column}" for column in COPIED_COLUMNS)
_FROM_NEW = ", ".join(f"NEW.{column}" for column in COPIED_COLUMNS)

# Every consent not withdrawn, with its person's columns: the rows the triggers keep.
EXPECTED_ROWS = f"""
    SELECT c.id, c.shared_with_id, p.id, {_FROM_PERSON}
    FROM participants_consent c JOIN participants_participant p ON p.id = c.participant_id
    WHERE c.withdrawn_at IS NULL
"""  # noqa: S608 - names from this module only
_KEPT_ROWS = f"SELECT consent_id, shared_with_id, participant_id, {_COLUMNS} FROM {TABLE}"  # noqa: S608
# The consents whose row the copy has wrong, lacks, or has and should not.
_DIFFERING = f"""
    SELECT count(DISTINCT consent_id) FROM (
        ({_KEPT_ROWS} EXCEPT ALL {EXPECTED_ROWS})
        UNION ALL
        ({EXPECTED_ROWS} EXCEPT ALL {_KEPT_ROWS})
    ) AS differing
"""  # noqa: S608 - names from this module only
_WRITE_ALL = [
    # No consent or person written meanwhile (each waits until the copy is written again).
    "LOCK TABLE participants_consent, participants_participant IN SHARE MODE",
    f"DELETE FROM {TABLE}",  # noqa: S608
    f"INSERT INTO {TABLE} (consent_id, shared_with_id, participant_id, {_COLUMNS}) "
    + EXPECTED_ROWS,
]


def differing_rows() -> int:
    """For how many consents the copy has a wrong row, none where it should have one, or one
    where it should not (0: in step). Reads every consent and copy: an
    operator's check (`manage.py shared_copy`), not a request's."""
    return _run([_DIFFERING])


def write_all() -> int:
    """Write the whole copy again from the consents and people, in the caller's transaction
    (a load that copied rows with the triggers off, or a copy found out of step); returns the
    number of rows."""
    return _run([*_WRITE_ALL, f"SELECT count(*) FROM {TABLE}"])  # noqa: S608


def _run(statements: list[str]) -> int:
    """Run `statements` in a transaction; the first column of the last one's first row."""
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
        return cursor.fetchone()[0] if cursor.description else 0


_CONSENT_ROW = f"""
    IF TG_OP <> 'DELETE' AND NEW.withdrawn_at IS NULL THEN
        -- The person first: a change of them being written elsewhere is waited for, and the
        -- copy below is read after it (each statement here sees what was committed before it
        -- began); their own copies' trigger waits for this one.
        PERFORM 1 FROM participants_participant WHERE id = NEW.participant_id FOR SHARE;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM {TABLE} WHERE consent_id = OLD.id;
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.withdrawn_at IS NULL THEN
        INSERT INTO {TABLE} (consent_id, shared_with_id, participant_id, {_COLUMNS})
        SELECT NEW.id, NEW.shared_with_id, p.id, {_FROM_PERSON}
        FROM participants_participant p WHERE p.id = NEW.participant_id;
    END IF;
    RETURN NULL;
"""  # noqa: S608 - names from this module only


def consent_triggers() -> list[pgtrigger.Trigger]:
    """On Consent: its row is written on insert, removed on deletion, and written again when
    a change moves the consent to another person or organisation or withdraws it or takes the
    withdrawal back (not for its scope, dates or notes: the copy holds none of them); a
    withdrawn consent has none. A consent written while its person is being changed by another
    transaction waits for that change and copies the person as it left them (under READ
    COMMITTED, PostgreSQL's default and the project's; tested with two connections)."""
    return [
        pgtrigger.Trigger(
            name="shared_copy_of_consent",
            when=pgtrigger.After,
            operation=pgtrigger.Insert | pgtrigger.Delete,
            func=_CONSENT_ROW,
        ),
        pgtrigger.Trigger(
            name="shared_copy_of_consent_change",
            when=pgtrigger.After,
            operation=pgtrigger.Update,
            condition=pgtrigger.AnyChange("participant", "shared_with", "withdrawn_at"),
            func=_CONSENT_ROW,
        ),
    ]


def participant_trigger() -> pgtrigger.Trigger:
    """On Participant: a change of a copied column rewrites the person's rows."""
    return pgtrigger.Trigger(
        name="shared_copy_of_participant",
        when=pgtrigger.After,
        operation=pgtrigger.Update,
        condition=pgtrigger.AnyChange(*COPIED_FIELDS),
        func=f"""
            UPDATE {TABLE} SET ({_COLUMNS}) = ({_FROM_NEW}) WHERE participant_id = NEW.id;
            RETURN NULL;
        """,  # noqa: S608 - names from this module only
    )


def _organisation(**kwargs) -> models.ForeignKey:
    # The copy's keys are values to filter on: no constraint or index of their own (the rows
    # follow their consent and person, which have them).
    return models.ForeignKey(
        "jobbspar.Organisation",
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
        db_index=False,
        **kwargs,
    )


class SharedCopy(ScopedModel, models.Model):
    """A person's searchable columns, once per consent to share them that is not withdrawn
    (with the organisation it shares them with). Written only by the database's triggers;
    read only through participants.access, to narrow a search of shared people and to order
    the whole list's."""

    consent = models.OneToOneField(
        "participants.Consent", primary_key=True, on_delete=models.DO_NOTHING, related_name="+"
    )
    shared_with = _organisation()
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.DO_NOTHING, related_name="+"
    )
    # The person's fields under their own names, so a condition on a person applies here as it
    # is (participants.access narrows with it).
    name = models.CharField(max_length=200)
    registered_by = _organisation()
    status = models.CharField(max_length=16)
    newly_arrived = models.BooleanField()
    long_term_unemployed = models.BooleanField()
    receives_income_support = models.BooleanField()
    swedish_level = models.CharField(max_length=16)
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        related_name="+",
        null=True,
        db_constraint=False,
        db_index=False,
    )
    driving_licences = ArrayField(models.CharField(max_length=4))
    available_from = models.DateField(null=True)
    education_level = models.CharField(max_length=32)
    certificates = ArrayField(models.CharField(max_length=32))
    working_hours = ArrayField(models.CharField(max_length=16))

    objects = ScopedManager()

    class Meta:
        db_table = TABLE
        verbose_name = _("shared person's searchable copy")
        verbose_name_plural = _("shared people's searchable copies")
        indexes = [
            # The name in capitals last, for a name search (Participant's
            # participant_org_name_filters says why).
            models.Index(
                F("shared_with"),
                F("name"),
                F("participant"),
                Upper("name"),
                include=[f for f in COPIED_FIELDS if f != "name"],
                name="sharedcopy_org_name_filters",
            ),
            # Candidate matching's shared half (participants.access._shared_ids_narrowed) asks
            # an organisation's active copies only: about half of them. This index holds just
            # those, in person order, with every column the copy is narrowed by, so they are
            # read from it alone and joined with the valid consents without a sort (national:
            # 4 032 entries read and sorted → 2 098, ~1 ms of the ranking's ~10, issue 18).
            models.Index(
                fields=["shared_with", "participant"],
                include=[f for f in COPIED_FIELDS if f != "status"],
                condition=models.Q(status=FREE_STATUS),
                name="sharedcopy_org_free",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} → {self.shared_with_id}"
