"""Questions about and chores on the generated database: already loaded?, ANALYZE,
emptying it, and a fingerprint of the rows for the reproducibility test."""

from __future__ import annotations

import hashlib

from django.apps import apps
from django.db import connection

from bench.dataset.presets import USERNAME_PREFIX
from employers.models import Occupation
from jobbspar.models import User
from participants.models import Participant
from tracks.models import State, TrackParticipant


def already_generated() -> bool:
    return User.objects.filter(username=f"{USERNAME_PREFIX}af-coordinator-0-0").exists()


def generated_participants() -> int:
    return Participant.objects.count()


def without_milestones() -> bool:
    """Whether the data was generated before members carried their milestone days (issue 18,
    twenty-seventh round): hired members without the day they were hired. Measured on it, the
    steering and dashboard figures would count no hire."""
    return TrackParticipant.objects.filter(state=State.EMPLOYED, employed_on__isnull=True).exists()


def analyze() -> None:
    """VACUUM ANALYZE after the bulk load: statistics for the planner, and the visibility map
    that index-only scans need (autovacuum would get there later in production; without it,
    the covering indexes would still visit the heap and the benchmark would measure that)."""
    with connection.cursor() as cursor:
        # VACUUM cannot run inside a transaction (a test's): ANALYZE alone there.
        if connection.in_atomic_block:
            cursor.execute("ANALYZE")
            return
        # The people's rows were written twice (their kept columns after the load,
        # participants.keep_matching_columns_again): written again compactly, with their
        # indexes, as a load that wrote them once would leave them.
        cursor.execute("VACUUM FULL participants_participant")
        cursor.execute("VACUUM ANALYZE")


def remove_generated() -> None:
    """Empty every table of the apps (for a bench database only): TRUNCATE ... CASCADE."""
    tables = [
        model._meta.db_table
        for config in apps.get_app_configs()
        if config.label
        in {
            "jobbspar",
            "employers",
            "participants",
            "tracks",
            "schedule",
            "steering",
            "api",
            "otp_totp",
            "sessions",
        }
        for model in config.get_models(include_auto_created=True)
        if model is not Occupation
    ]
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " CASCADE")


def digest() -> str:
    """A fingerprint of the generated rows (ids included), for the reproducibility test."""
    queries = [
        "SELECT id, personal_number, name, status, registered_by_id, swedish_level,"
        " driving_licences, presentation_consent_on FROM participants_participant ORDER BY id",
        "SELECT id, track_id, participant_id, candidate_number, state"
        " FROM tracks_trackparticipant ORDER BY id",
        "SELECT id, employer_id, need_id, status, start_date, weeks FROM tracks_track ORDER BY id",
        "SELECT track_participant_id, from_state, to_state, at FROM tracks_transition"
        " ORDER BY track_participant_id, at, to_state",
        "SELECT track_participant_id, months, due_on, answered_at FROM tracks_followup"
        " ORDER BY track_participant_id, months",
        "SELECT participant_id, shared_with_id, given_on, withdrawn_on FROM participants_consent"
        " ORDER BY participant_id, given_on",
        "SELECT recipient_id, kind, object_id, due_on, email_state FROM jobbspar_notification"
        " ORDER BY kind, object_id",
        "SELECT id, partnership_id, source, year, amount FROM steering_budget ORDER BY id",
        "SELECT draw_down_id, track_id, kind, amount, spent_on FROM steering_cost"
        " ORDER BY draw_down_id, track_id, spent_on, amount",
        "SELECT id, track_id, kind, starts_on, ends_on FROM schedule_strand ORDER BY id",
        "SELECT strand_id, day, track_participant_id, status, reason FROM schedule_attendance"
        " ORDER BY strand_id, day, track_participant_id",
    ]
    fingerprint = hashlib.sha256()
    with connection.cursor() as cursor:
        for sql in queries:
            cursor.execute(sql)
            for row in cursor.fetchall():
                fingerprint.update(repr(row).encode())
    return fingerprint.hexdigest()
