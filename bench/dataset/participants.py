"""Participants with languages, experience, interests, consents, case notes, their history
and the staff's reads of them."""

from __future__ import annotations

import datetime as dt

import pgtrigger
from django.db import connection

from bench.dataset.generation import Generation
from bench.dataset.identities import personal_number
from bench.dataset.loader import Row
from bench.dataset.records import Facts
from bench.dataset.reference import DISTRICTS, FIRST_NAMES, LANGUAGES, LAST_NAMES
from jobbspar import vocabulary
from jobbspar.models import AccessLog, AccessPurpose, RecordReader, Role
from participants.models import (
    CaseNote,
    Consent,
    ConsentMethod,
    ConsentScope,
    EventKind,
    Gender,
    NoteKind,
    OtherLanguage,
    Participant,
    ParticipantEvent,
    ParticipantStatus,
    WorkExperience,
    kept,
    shared_copy,
)
from tracks import standing


class Participants(Generation):
    def participants(self, facts: dict[int, Facts], chunk: int = 20_000) -> None:
        preset = self.preset
        self.participant_ids = self.load.ids(Participant, preset.participants)
        self.participant_org: dict[int, int] = {}
        self.participant_coordinator: dict[int, int] = {}
        interests = Participant.interests.through
        for begin in range(0, preset.participants, chunk):
            rows: list[Row] = []
            languages: list[Row] = []
            experience: list[Row] = []
            likes: list[Row] = []
            consents: list[Row] = []
            events: list[Row] = []
            notes: list[Row] = []
            reads: list[Row] = []
            for p in range(begin, min(begin + chunk, preset.participants)):
                self._participant(
                    p,
                    facts.get(p),
                    rows,
                    languages,
                    experience,
                    likes,
                    consents,
                    events,
                    notes,
                    reads,
                )
            self.load.copy(Participant, rows)
            self.load.copy(OtherLanguage, languages)
            self.load.copy(WorkExperience, experience)
            self.load.copy(interests, likes)
            self.load.copy(Consent, consents)
            self.load.copy(ParticipantEvent, events)
            self.load.copy(CaseNote, notes)
            self.load.copy(AccessLog, reads)
            self.progress.step(
                "participants", min(begin + chunk, preset.participants), preset.participants
            )

    def _participant(
        self,
        p: int,
        fact: Facts | None,
        rows: list[Row],
        languages: list[Row],
        experience: list[Row],
        likes: list[Row],
        consents: list[Row],
        events: list[Row],
        notes: list[Row],
        reads: list[Row],
    ) -> None:
        rng = self.rng
        region = self.regions[p % self.preset.regions]
        pk = self.participant_ids[p]
        by_af = rng.random() < 0.5
        org = region.af_office if by_af else region.municipality
        partner = region.municipality if by_af else region.af_office
        coordinator = rng.choice(region.coordinators_of(org.id))
        coach = rng.choice(region.af_coaches if by_af else region.municipal_coaches)
        self.participant_org[p] = org.id
        self.participant_coordinator[p] = coordinator
        registered = self.today - dt.timedelta(days=rng.randint(1, 7 * 365))
        created = self.moment(registered)
        if fact and fact["active"]:
            status = ParticipantStatus.IN_TRACK
        elif fact and fact["employed"]:
            status = ParticipantStatus.EMPLOYED
        else:
            status = self.pick(
                [
                    (ParticipantStatus.ACTIVE, 80),
                    (ParticipantStatus.PAUSED, 10),
                    (ParticipantStatus.CLOSED, 10),
                ]
            )
        newly_arrived = rng.random() < 0.4
        licences = ["B"] if rng.random() < 0.4 else []
        if licences and rng.random() < 0.1:
            licences.append("C")
        presented = fact is not None or rng.random() < 0.5
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        middle = rng.choice(FIRST_NAMES) + " " if rng.random() < 0.2 else ""
        digits = [
            rng.randint(0, 9),
            rng.randint(100, 999),
            rng.randint(10, 99),
            rng.randint(10, 99),
        ]
        phone = "07{}-{} {} {}".format(*digits)
        rows.append(
            {
                "id": pk,
                "personal_number": personal_number(p),
                "name": f"{first} {middle}{last}",
                "phone": phone,
                "email": f"deltagare{p}@example.se",
                "district": rng.choice(DISTRICTS),
                "gender": self.pick(
                    [
                        (Gender.WOMAN, 48),
                        (Gender.MAN, 48),
                        (Gender.OTHER, 1),
                        (Gender.NOT_STATED, 3),
                    ]
                ),
                "preferred_language": "svenska" if not newly_arrived else rng.choice(LANGUAGES),
                "needs_interpreter": newly_arrived and rng.random() < 0.3,
                "newly_arrived": newly_arrived,
                "arrival_date": registered - dt.timedelta(days=rng.randint(30, 900))
                if newly_arrived
                else None,
                "long_term_unemployed": rng.random() < 0.5,
                "receives_income_support": rng.random() < 0.35,
                "swedish_level": rng.choice(vocabulary.SwedishLevel.values),
                "education_level": rng.choice(vocabulary.EducationLevel.values),
                "driving_licences": licences,
                "certificates": rng.sample(vocabulary.Certificate.values, rng.choice([0, 0, 1, 2])),
                "available_from": None
                if rng.random() < 0.8
                else self.today + dt.timedelta(days=rng.randint(-30, 120)),
                "working_hours": rng.sample(vocabulary.WorkingHours.values, rng.randint(1, 3)),
                "registered_by_id": org.id,
                "coordinator_id": coordinator,
                "job_coach_id": coach if rng.random() < 0.6 else None,
                "status": status,
                "presentation_consent_on": registered if presented else None,
                "presentation_consent_by_id": coordinator if presented else None,
                "created_at": created,
                "updated_at": created,
                "anonymised_at": None,
                "version": 1,
            }
        )
        for language in rng.sample(LANGUAGES, rng.choice([1, 1, 2])):
            languages.append(
                {
                    "participant_id": pk,
                    "language": language,
                    "level": rng.choice(vocabulary.LanguageLevel.values),
                }
            )
        for _ in range(rng.choice([0, 1, 1, 2])):
            experience.append(
                {
                    "participant_id": pk,
                    "occupation_id": rng.choice(self.occupation_ids),
                    "months": rng.choice([3, 6, 12, 24, 48]),
                    "where": "",
                }
            )
        for occupation in set(rng.sample(self.occupation_ids, rng.randint(1, 2))):
            likes.append({"participant_id": pk, "occupation_id": occupation})
        # Consent to share with the region's other authority: most have one; some withdrew,
        # some expired.
        if rng.random() < 0.85:
            given = registered + dt.timedelta(days=rng.randint(0, 14))
            withdrawn = rng.random() < 0.04
            valid_until = (
                None
                if rng.random() < 0.8
                else given + dt.timedelta(days=rng.choice([180, 365, 730]))
            )
            consents.append(
                {
                    "participant_id": pk,
                    "shared_with_id": partner.id,
                    "scope": self.pick(
                        [(ConsentScope.WHOLE_RECORD, 70), (ConsentScope.WITHOUT_NOTES, 30)]
                    ),
                    "given_on": given,
                    "method": rng.choice(ConsentMethod.values),
                    "valid_until": valid_until,
                    "recorded_by_id": coordinator,
                    "recorded_at": self.moment(given),
                    "withdrawn_on": given + dt.timedelta(days=30) if withdrawn else None,
                    "withdrawn_at": self.moment(given + dt.timedelta(days=30))
                    if withdrawn
                    else None,
                    "withdrawn_by_id": coordinator if withdrawn else None,
                }
            )
            events.append(self._event(pk, EventKind.CONSENT_RECORDED, coordinator, org.id, given))
        events.append(self._event(pk, EventKind.REGISTERED, coordinator, org.id, registered))
        events.append(
            self._event(
                pk,
                EventKind.BACKGROUND_UPDATED,
                coordinator,
                org.id,
                registered + dt.timedelta(days=3),
            )
        )
        for n in range(rng.choice([0, 1, 1, 2])):
            day = registered + dt.timedelta(days=7 + n * 30)
            notes.append(
                {
                    "participant_id": pk,
                    "written_on": day,
                    "kind": rng.choice(NoteKind.values),
                    "text": "Samtal om mål, språk och praktik. Nästa steg bokat.",
                    "author_id": coordinator,
                    "organisation_id": org.id,
                    "created_at": self.moment(day),
                }
            )
            events.append(self._event(pk, EventKind.NOTE_ADDED, coordinator, org.id, day))
        for _ in range(rng.randint(1, self.preset.reads_per_participant * 2 - 1)):
            reader = rng.choice(region.af_coordinators + region.municipal_coordinators)
            day = registered + dt.timedelta(
                days=rng.randint(0, max(1, (self.today - registered).days))
            )
            reads.append(
                {
                    "at": self.moment(day),
                    "user_id": reader,
                    "organisation_id": region.af_office.id
                    if reader in region.af_coordinators
                    else region.municipality.id,
                    "role": Role.AF_COORDINATOR
                    if reader in region.af_coordinators
                    else Role.MUNICIPAL_COORDINATOR,
                    "object_type": "participants.participant",
                    "object_id": str(pk),
                    "purpose": AccessPurpose.CASE_WORK,
                    "path": f"/participants/{pk}/",
                }
            )

    def _event(self, pk: int, kind: str, actor: int, org: int, day: dt.date) -> Row:
        return {
            "participant_id": pk,
            "kind": kind,
            "detail": "",
            "actor_id": actor,
            "organisation_id": org,
            "at": self.moment(day),
        }


def copy_shared_people_again() -> None:
    """Write the shared people's copy (participants.models.shared_copy) from the consents and
    people: the load copies both with their triggers off, so the triggers that keep it did not
    run."""
    shared_copy.write_all()


def keep_matching_columns_again() -> None:
    """Write the columns of each person's row the database keeps for matching (their language
    levels, participants/models/kept.py; their standing in the tracks, tracks.standing): the
    load copies people, languages and memberships with their triggers off. (The update leaves
    a second version of each person's row: database.analyze() writes the table again.)"""
    kept.write_languages()
    standing.write_all()


def sum_readers_again() -> None:
    """Sum the whole access log into RecordReader again (jobbspar.audit.readers_of): the load
    copies the log with its triggers off, so the trigger that keeps the sums did not run."""
    with pgtrigger.ignore("jobbspar.RecordReader:record_reader_kept"):
        RecordReader.objects.all()._raw_delete(RecordReader.objects.db)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO jobbspar_recordreader
                (object_type, object_id, user_id, organisation_id, purpose, reads, latest)
            SELECT object_type, object_id, user_id, organisation_id, purpose, count(*), max(at)
            FROM jobbspar_accesslog
            GROUP BY object_type, object_id, user_id, organisation_id, purpose
            """
        )
