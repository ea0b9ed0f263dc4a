"""Realistic data at scale for the benchmark (`manage.py generate_scale`).

Everything is written with PostgreSQL COPY (psycopg 3 `cursor.copy`) into the real tables of the
real models, so every CHECK, UNIQUE and FOREIGN KEY constraint is enforced by the database while
loading. The whole load is one transaction: it lands completely or not at all.

While loading, the *user* triggers of the tables written (django-pghistory's insert events and
the optimistic-locking version bump, see jobbspar/locking.py) are disabled inside the
transaction with `ALTER TABLE ... DISABLE TRIGGER USER` (foreign-key triggers stay on). pghistory
would otherwise add one insert event per row - doubling the load for history that never
happened as edits; the history the pages read (participant events, state transitions, track
status changes, the access log) is generated deliberately instead. Other sessions never see the
triggers off: ALTER TABLE holds its lock until the transaction commits, with the triggers back on.

The same seed, preset and `today` give the same rows (a `random.Random(seed)` drives every
choice; ids are assigned from the table's current maximum).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.utils import timezone

from employers.models import (
    Agreement,
    AgreementConfirmation,
    AgreementStatus,
    ContactPerson,
    Criterion,
    CriterionKind,
    CriterionMode,
    EducationProvider,
    Employer,
    EmploymentType,
    Horizon,
    NeedStatus,
    Occupation,
    Party,
    PlanningMeeting,
    RecruitmentNeed,
    RequirementProfileVersion,
    Sector,
)
from jobbspar import vocabulary
from jobbspar.models import (
    AccessLog,
    AccessPurpose,
    EmailState,
    Notification,
    NotificationKind,
    Organisation,
    OrganisationKind,
    Partnership,
    Role,
    User,
)
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
)
from tracks.models import (
    FINAL_STATES,
    FollowUp,
    FollowUpSituation,
    FundingSource,
    FundingSourceKind,
    Phase,
    PhaseKind,
    PhaseProgress,
    ResponsibleParty,
    State,
    Track,
    TrackParticipant,
    TrackStatus,
    TrackStatusChange,
    Transition,
)

# The password of every generated user (the benchmark signs in with sessions, not passwords).
SCALE_PASSWORD = "jobbspar-scale-password"  # noqa: S105 - generated test data only
# The demo TOTP secret (jobbspar/demo.py), as hex: every generated staff user has a device.
USERNAME_PREFIX = "scale-"


@dataclass(frozen=True)
class Preset:
    regions: int  # one AF office + one municipality + one education provider each
    participants: int
    tracks: int
    employers: int
    due_notifications: int
    reads_per_participant: int = 6


PRESETS = {
    "city": Preset(
        regions=3, participants=6_000, tracks=400, employers=100, due_notifications=5_000
    ),
    "national": Preset(
        regions=30,
        participants=300_000,
        tracks=20_000,
        employers=2_000,
        due_notifications=100_000,
    ),
}

MUNICIPALITIES = [
    "Malmö", "Lund", "Landskrona", "Stockholm", "Göteborg", "Uppsala", "Linköping", "Örebro",
    "Västerås", "Helsingborg", "Norrköping", "Jönköping", "Umeå", "Borås", "Huddinge",
    "Eskilstuna", "Gävle", "Södertälje", "Halmstad", "Växjö", "Karlstad", "Sundsvall",
    "Östersund", "Trollhättan", "Luleå", "Kristianstad", "Botkyrka", "Skellefteå", "Kalmar",
    "Falun", "Nyköping", "Varberg", "Kungsbacka", "Motala", "Piteå", "Visby",
]  # fmt: skip
DISTRICTS = ["Centrum", "Norr", "Söder", "Öster", "Väster", "Hamnen", "Rosengård", "Hyllie"]
FIRST_NAMES = [
    "Anna", "Maria", "Sara", "Emma", "Fatima", "Amina", "Leila", "Hodan", "Zainab", "Eva",
    "Ingrid", "Karin", "Noor", "Sofia", "Yasmin", "Aisha", "Elin", "Nadia", "Lina", "Meron",
    "Erik", "Lars", "Ahmed", "Mohammed", "Ali", "Omar", "Hassan", "Johan", "Karl", "Anders",
    "Yusuf", "Abdi", "Mikael", "Peter", "Samir", "Tesfaye", "Dawit", "Jonas", "Oskar", "Reza",
    "Goran", "Milan", "Ivana", "Olga", "Tomasz", "Agnieszka", "Juan", "Lucia", "Thi", "Minh",
]  # fmt: skip
LAST_NAMES = [
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson",
    "Persson", "Svensson", "Gustafsson", "Hassan", "Mohamed", "Ali", "Ahmed", "Abdullahi",
    "Haile", "Tesfay", "Hosseini", "Rahimi", "Nguyen", "Kowalski", "Nowak", "Petrović",
    "Jovanović", "Hodžić", "García", "López", "Yilmaz", "Demir", "Khalil", "Haddad", "Saleh",
    "Lindberg", "Lindqvist", "Berg", "Holm", "Lund", "Ek", "Sandberg", "Forsberg",
]  # fmt: skip
LANGUAGES = [
    "arabiska", "somaliska", "tigrinja", "dari", "persiska", "engelska", "bosniska",
    "polska", "spanska", "turkiska", "kurdiska", "vietnamesiska", "ryska", "franska",
]  # fmt: skip
# Common SSYK codes for the kind of work tracks prepare for (care, cleaning, kitchens, ...).
COMMON_OCCUPATIONS = [
    "5321", "5322", "5330", "9111", "9112", "5120", "9412", "9411", "8332", "8333", "5223",
    "4321", "5311", "7112", "7131", "8341", "5414", "5131", "9331", "7411", "5341", "3452",
]  # fmt: skip
PHASE_TITLES = {
    PhaseKind.INTRODUCTION: "Introduktionsvecka",
    PhaseKind.TRAINING: "Utbildning med språkstöd",
    PhaseKind.APL: "Arbetsplatsförlagt lärande",
    PhaseKind.HIRING: "Anställning",
}
PATHS: dict[str, list[str]] = {
    # Final state -> the way there (tracks.workflow.TRANSITIONS allows each step).
    State.NOT_SELECTED: [State.NOMINATED, State.IN_INTRODUCTION, State.NOT_SELECTED],
    State.DISCONTINUED: [
        State.NOMINATED, State.IN_INTRODUCTION, State.PRESENTED, State.SELECTED,
        State.IN_TRAINING, State.DISCONTINUED,
    ],
    State.EMPLOYED: [
        State.NOMINATED, State.IN_INTRODUCTION, State.PRESENTED, State.SELECTED,
        State.IN_TRAINING, State.IN_APL, State.COMPLETED, State.OFFERED, State.EMPLOYED,
    ],
    State.DECLINED: [
        State.NOMINATED, State.IN_INTRODUCTION, State.PRESENTED, State.SELECTED,
        State.IN_TRAINING, State.IN_APL, State.COMPLETED, State.OFFERED, State.DECLINED,
    ],
    State.CONTINUED_SUPPORT: [
        State.NOMINATED, State.IN_INTRODUCTION, State.PRESENTED, State.SELECTED,
        State.IN_TRAINING, State.IN_APL, State.COMPLETED, State.CONTINUED_SUPPORT,
    ],
    State.NOMINATED: [State.NOMINATED],
    State.IN_INTRODUCTION: [State.NOMINATED, State.IN_INTRODUCTION],
    State.PRESENTED: [State.NOMINATED, State.IN_INTRODUCTION, State.PRESENTED],
    State.SELECTED: [State.NOMINATED, State.IN_INTRODUCTION, State.PRESENTED, State.SELECTED],
    State.IN_TRAINING: [
        State.NOMINATED, State.IN_INTRODUCTION, State.PRESENTED, State.SELECTED,
        State.IN_TRAINING,
    ],
    State.IN_APL: [
        State.NOMINATED, State.IN_INTRODUCTION, State.PRESENTED, State.SELECTED,
        State.IN_TRAINING, State.IN_APL,
    ],
}  # fmt: skip
CLOSED_OUTCOMES = [
    (State.EMPLOYED, 45),
    (State.CONTINUED_SUPPORT, 20),
    (State.NOT_SELECTED, 18),
    (State.DISCONTINUED, 12),
    (State.DECLINED, 5),
]


def luhn_digit(digits: str) -> str:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 0:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return str((10 - total % 10) % 10)


def organisation_number(prefix: str, index: int) -> str:
    nine = f"{prefix}{index:0{9 - len(prefix)}d}"
    ten = nine + luhn_digit(nine)
    return f"{ten[:6]}-{ten[6:]}"


def personal_number(index: int) -> str:
    """A valid (Luhn) personnummer, unique per index: birth date + serial + check digit."""
    first = dt.date(1962, 1, 1)
    days = (dt.date(2006, 12, 31) - first).days
    born = first + dt.timedelta(days=index % days)
    serial = 100 + index // days  # up to 900 people per birth date
    nine = f"{born:%y%m%d}{serial:03d}"
    return f"{born:%Y%m%d}{serial:03d}{luhn_digit(nine)}"


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return dt.date(year, month, min(day.day, 28))


class Progress:
    """A plain progress line on stderr (no dependency): step, rows written, rows per second."""

    def __init__(self, enabled: bool = True):
        self.enabled = enabled
        self.started = time.monotonic()
        self.rows = 0

    def step(self, what: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        elapsed = time.monotonic() - self.started
        width = 30
        filled = int(width * done / max(total, 1))
        bar = "#" * filled + "-" * (width - filled)
        sys.stderr.write(
            f"\r[{bar}] {what:<22} {done:>8}/{total:<8} rows {self.rows:>10} "
            f"{elapsed:6.0f}s {self.rows / max(elapsed, 0.001):8.0f} rows/s"
        )
        sys.stderr.flush()

    def done(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")


class _Columns:
    """How to fill every concrete column of a model from a row dict (defaults for the rest)."""

    def __init__(self, model: type[models.Model], now: dt.datetime):
        self.model = model
        self.table = model._meta.db_table
        self.fields = list(model._meta.concrete_fields)
        self.now = now

    def plan(self, row: dict) -> list[tuple[str, str, Callable[[], object] | None]]:
        planned = []
        for f in self.fields:
            if f.attname in row:
                planned.append((f.column, f.attname, None))
            elif f.primary_key:
                continue  # the sequence assigns it
            elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                planned.append((f.column, f.attname, lambda: self.now))
            elif f.has_default() or f.null or (f.blank and f.empty_strings_allowed):
                planned.append((f.column, f.attname, f.get_default))
            else:
                raise ValueError(f"{self.model.__name__}.{f.name} has no value and no default")
        return planned


class Loader:
    """COPY rows into model tables inside the current transaction, user triggers off."""

    def __init__(self, progress: Progress, now: dt.datetime, *, rebuild_indexes: bool = False):
        self.progress = progress
        self.now = now
        self._next: dict[type, int] = {}
        self._disabled: set[str] = set()
        self._dropped_indexes: list[str] = []
        self._dropped_foreign_keys: list[str] = []
        self.rebuild_indexes = rebuild_indexes
        self.counts: dict[str, int] = {}

    def ids(self, model: type[models.Model], count: int) -> range:
        if model not in self._next:
            with connection.cursor() as cursor:
                cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{model._meta.db_table}"')  # noqa: S608
                self._next[model] = cursor.fetchone()[0] + 1
        start = self._next[model]
        self._next[model] = start + count
        return range(start, start + count)

    def _disable_triggers(self, table: str) -> None:
        if table not in self._disabled:
            with connection.cursor() as cursor:
                cursor.execute(f'ALTER TABLE "{table}" DISABLE TRIGGER USER')
                if self.rebuild_indexes:
                    # Building a secondary index once is far cheaper than maintaining it row by
                    # row; unique indexes stay, so every UNIQUE constraint is checked on load.
                    cursor.execute(
                        "SELECT i.indexname, i.indexdef FROM pg_indexes i"
                        " JOIN pg_class c ON c.relname = i.indexname"
                        " JOIN pg_index x ON x.indexrelid = c.oid"
                        " WHERE i.tablename = %s AND NOT x.indisunique",
                        [table],
                    )
                    for name, definition in cursor.fetchall():
                        cursor.execute(f'DROP INDEX "{name}"')
                        self._dropped_indexes.append(definition)
                    # Likewise foreign keys: re-adding one validates it with a single join,
                    # where a kept one queues a check per row (minutes for millions of rows).
                    cursor.execute(
                        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
                        " WHERE conrelid = %s::regclass AND contype = 'f'",
                        [f'"{table}"'],
                    )
                    for name, definition in cursor.fetchall():
                        cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
                        self._dropped_foreign_keys.append(
                            f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}'
                        )
            self._disabled.add(table)

    def copy(self, model: type[models.Model], rows: Iterable[dict]) -> int:
        rows = iter(rows)
        first = next(rows, None)
        if first is None:
            return 0
        columns = _Columns(model, self.now)
        plan = columns.plan(first)
        self._disable_triggers(columns.table)
        names = ", ".join(f'"{column}"' for column, _a, _d in plan)
        sql = f'COPY "{columns.table}" ({names}) FROM STDIN'
        written = 0
        raw = connection.connection  # psycopg 3 connection of Django's (open) connection
        with raw.cursor() as cursor, cursor.copy(sql) as copy:
            for row in _chain(first, rows):
                copy.write_row(
                    [
                        row[attname] if default is None else default()
                        for _c, attname, default in plan
                    ]
                )
                written += 1
        self.progress.rows += written
        self.counts[model._meta.label] = self.counts.get(model._meta.label, 0) + written
        return written

    def finish(self) -> None:
        with connection.cursor() as cursor:
            # Check the deferred foreign keys now: ALTER TABLE refuses while checks are pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            if self._dropped_indexes:
                cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            rebuild = self._dropped_indexes + self._dropped_foreign_keys
            for number, definition in enumerate(rebuild, start=1):
                cursor.execute(definition)
                self.progress.step("indexes, foreign keys", number, len(rebuild))
            for table in sorted(self._disabled):
                cursor.execute(f'ALTER TABLE "{table}" ENABLE TRIGGER USER')
            for model in self._next:
                table = model._meta.db_table
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "  # noqa: S608
                    f'(SELECT GREATEST(MAX(id), 1) FROM "{table}"))'
                )


def _chain(first, rest):
    yield first
    yield from rest


@dataclass
class Region:
    index: int
    municipality: Organisation | None = None
    af_office: Organisation | None = None
    provider_id: int = 0
    partnership_id: int = 0  # the region's AF office + municipality
    af_coordinators: list[int] = field(default_factory=list)
    municipal_coordinators: list[int] = field(default_factory=list)
    af_coaches: list[int] = field(default_factory=list)
    municipal_coaches: list[int] = field(default_factory=list)
    employers: list[int] = field(default_factory=list)
    participants: list[int] = field(default_factory=list)  # participant indexes

    def coordinators_of(self, org_id: int) -> list[int]:
        return self.af_coordinators if org_id == self.af_office.pk else self.municipal_coordinators


@dataclass
class Member:
    participant: int  # index
    path: list[str]


@dataclass
class PlannedTrack:
    id: int
    region: int
    employer: int  # employer id
    need: int
    profile_version: int | None
    agreement: int | None
    occupation_id: int
    start: dt.date
    weeks: int
    status: str
    planned: int
    members: list[Member] = field(default_factory=list)

    @property
    def end(self) -> dt.date:
        return self.start + dt.timedelta(weeks=self.weeks, days=-1)


class ScaleGenerator:
    def __init__(
        self,
        preset: Preset,
        *,
        seed: int,
        today: dt.date | None = None,
        progress: bool = True,
        bulk: bool | None = None,
    ):
        self.preset = preset
        self.rng = random.Random(seed)
        self.today = today or timezone.localdate()
        self.now = timezone.make_aware(dt.datetime.combine(self.today, dt.time(9, 0)))
        self.progress = Progress(progress)
        # Large loads drop the secondary indexes and foreign keys of the tables they fill and
        # build them once at the end.
        bulk = preset.participants >= 50_000 if bulk is None else bulk
        self.load = Loader(self.progress, self.now, rebuild_indexes=bulk)
        self.regions: list[Region] = []
        self.password = make_password(SCALE_PASSWORD, salt="scalegeneratedsalt")

    # -- helpers -------------------------------------------------------------------------------
    def moment(self, day: dt.date, hour: int = 10) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, self.rng.randrange(60))))

    def pick(self, weighted: list[tuple[str, int]]) -> str:
        values, weights = zip(*weighted, strict=True)
        return self.rng.choices(values, weights)[0]

    # -- organisations and people --------------------------------------------------------------
    def organisations_and_staff(self) -> None:
        preset = self.preset
        names = MUNICIPALITIES * (preset.regions // len(MUNICIPALITIES) + 1)
        org_ids = iter(self.load.ids(Organisation, preset.regions * 3 + preset.employers))
        org_rows, provider_rows, user_rows = [], [], []
        user_ids = iter(self.load.ids(User, preset.regions * 16 + preset.employers))
        provider_ids = iter(self.load.ids(EducationProvider, preset.regions))
        partnership_ids = iter(self.load.ids(Partnership, preset.regions))
        partnership_rows = []

        def user(username: str, role: str, org_id: int, first: str, last: str) -> int:
            pk = next(user_ids)
            user_rows.append(
                {
                    "id": pk,
                    "password": self.password,
                    "username": f"{USERNAME_PREFIX}{username}",
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@example.se",
                    "is_staff": False,
                    "is_superuser": False,
                    "is_active": True,
                    "date_joined": self.now,
                    "last_login": None,
                    "role": role,
                    "organisation_id": org_id,
                }
            )
            return pk

        for r in range(preset.regions):
            suffix = "" if r < len(MUNICIPALITIES) else f" {r // len(MUNICIPALITIES) + 1}"
            city = names[r] + suffix
            region = Region(index=r)
            muni = Organisation(
                id=next(org_ids),
                name=f"{city} kommun",
                kind=OrganisationKind.MUNICIPALITY,
                organisation_number=organisation_number("212", r),
            )
            af = Organisation(
                id=next(org_ids),
                name=f"Arbetsförmedlingen {city}",
                kind=OrganisationKind.EMPLOYMENT_SERVICE,
                organisation_number=organisation_number("202", r),
            )
            provider_org = Organisation(
                id=next(org_ids),
                name=f"Yrkesutbildning {city} AB",
                kind=OrganisationKind.EDUCATION_PROVIDER,
                organisation_number=organisation_number("556", r),
            )
            region.municipality, region.af_office = muni, af
            region.partnership_id = next(partnership_ids)
            partnership_rows.append(
                {
                    "id": region.partnership_id,
                    "name": f"{af.name} + {muni.name}",
                    "employment_service_id": af.id,
                    "municipality_id": muni.id,
                }
            )
            for org in (muni, af, provider_org):
                org_rows.append(
                    {
                        "id": org.id,
                        "name": org.name,
                        "kind": org.kind,
                        "organisation_number": org.organisation_number,
                    }
                )
            region.provider_id = next(provider_ids)
            provider_rows.append(
                {
                    "id": region.provider_id,
                    "organisation_id": provider_org.id,
                    "name": provider_org.name,
                    "organisation_number": provider_org.organisation_number,
                    "offering": "Vård, kök, lokalvård och lager med språkstöd.",
                }
            )
            for k in range(5):
                first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
                region.af_coordinators.append(
                    user(f"af-coordinator-{r}-{k}", Role.AF_COORDINATOR, af.id, first, last)
                )
                first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
                region.municipal_coordinators.append(
                    user(
                        f"municipal-coordinator-{r}-{k}",
                        Role.MUNICIPAL_COORDINATOR,
                        muni.id,
                        first,
                        last,
                    )
                )
            for k in range(2):
                first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
                region.af_coaches.append(
                    user(f"af-coach-{r}-{k}", Role.JOB_COACH, af.id, first, last)
                )
                first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
                region.municipal_coaches.append(
                    user(f"municipal-coach-{r}-{k}", Role.JOB_COACH, muni.id, first, last)
                )
            user(f"manager-{r}", Role.MANAGER, muni.id, "Chef", city)
            user(f"af-manager-{r}", Role.MANAGER, af.id, "Chef", f"AF {city}")
            self.regions.append(region)

        employer_rows, contact_rows = [], []
        contact_ids = iter(self.load.ids(ContactPerson, preset.employers * 2))
        employer_ids = iter(self.load.ids(Employer, preset.employers))
        kinds = ["Omsorg", "Städ", "Bygg", "Logistik", "Restaurang", "Vård", "Fastighet", "Bageri"]
        forms = ["AB", "AB", "AB", "HB", "ekonomisk förening"]
        self.contacts_of: dict[int, list[int]] = {}
        self.employer_org: dict[int, int] = {}
        self.employer_users: dict[int, int] = {}
        for e in range(preset.employers):
            region = self.regions[e % preset.regions]
            city = region.municipality.name.removesuffix(" kommun")
            org_id = next(org_ids)
            ending = self.rng.choice(["huset", "gruppen", "service", "partner"])
            name = f"{self.rng.choice(kinds)}{ending} {city} {e} {self.rng.choice(forms)}"
            number = organisation_number("55", e)
            org_rows.append(
                {
                    "id": org_id,
                    "name": name,
                    "kind": OrganisationKind.EMPLOYER,
                    "organisation_number": number,
                }
            )
            pk = next(employer_ids)
            sector = self.pick([(Sector.PRIVATE, 70), (Sector.PUBLIC, 20), (Sector.NON_PROFIT, 10)])
            employer_rows.append(
                {
                    "id": pk,
                    "organisation_id": org_id,
                    "name": name,
                    "organisation_number": number,
                    "sector": sector,
                    "industry": self.rng.choice(kinds),
                    "street_address": f"Storgatan {e % 90 + 1}",
                    "postal_code": f"2{e % 10}{e % 7} {10 + e % 89}",
                    "city": city,
                    "workplaces": f"Huvudkontoret, Storgatan {e % 90 + 1}, {city}",
                }
            )
            region.employers.append(pk)
            self.employer_org[pk] = org_id
            self.contacts_of[pk] = []
            for c in range(2):
                cid = next(contact_ids)
                first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
                contact_rows.append(
                    {
                        "id": cid,
                        "employer_id": pk,
                        "name": f"{first} {last}",
                        "role": "Enhetschef" if c == 0 else "Handledare",
                        "email": f"kontakt{e}-{c}@example.se",
                        "phone": f"040-{100 + e % 900} {10 + c} {10 + e % 90}",
                    }
                )
                self.contacts_of[pk].append(cid)
            self.employer_users[pk] = user(f"employer-{e}", Role.EMPLOYER, org_id, first, last)

        self.load.copy(Organisation, org_rows)
        self.load.copy(Partnership, partnership_rows)
        self.load.copy(User, user_rows)
        self.load.copy(EducationProvider, provider_rows)
        self.load.copy(Employer, employer_rows)
        self.load.copy(ContactPerson, contact_rows)
        self._devices([row["id"] for row in user_rows if row["role"] != Role.EMPLOYER])
        self.progress.step("organisations, staff", 1, 1)

    def _devices(self, user_ids: list[int]) -> None:
        """A confirmed TOTP device (the demo secret) per staff user, as after enrolment."""
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from jobbspar.demo import DEMO_TOTP_SECRET
        from jobbspar.two_factor import key_from_base32

        key = key_from_base32(DEMO_TOTP_SECRET)
        TOTPDevice.objects.bulk_create(
            [TOTPDevice(user_id=pk, name="default", key=key, confirmed=True) for pk in user_ids],
            batch_size=1000,
        )

    # -- needs, profiles, agreements, meetings -------------------------------------------------
    def plan_tracks(self) -> list[PlannedTrack]:
        preset = self.preset
        occupations = dict(
            Occupation.objects.filter(code__in=COMMON_OCCUPATIONS).values_list("code", "id")
        )
        self.occupation_ids = [occupations[c] for c in COMMON_OCCUPATIONS if c in occupations]
        if not self.occupation_ids:
            self.occupation_ids = list(Occupation.objects.values_list("id", flat=True)[:20])
        track_ids = iter(self.load.ids(Track, preset.tracks))
        tracks = []
        # Six years of history and half a year ahead; the shares of each status stay the same
        # at any size, and the first five tracks have one status each (tiny data sets too).
        order = list(TrackStatus.values)
        shares = [
            (TrackStatus.PLANNING, 5),
            (TrackStatus.RECRUITING, 8),
            (TrackStatus.RUNNING, 12),
            (TrackStatus.COMPLETED, 25),
            (TrackStatus.FOLLOWED_UP, 50),
        ]
        for t in range(preset.tracks):
            region = t % preset.regions
            wanted = order[t] if t < len(order) else self.pick(shares)
            weeks = self.rng.randint(7, 27)
            days = weeks * 7
            offset = {
                TrackStatus.PLANNING: lambda: self.rng.randint(68, 180),
                TrackStatus.RECRUITING: lambda: self.rng.randint(7, 60),
                TrackStatus.RUNNING: lambda: -self.rng.randint(0, days - 8),  # noqa: B023
                TrackStatus.COMPLETED: lambda: -days - self.rng.randint(0, 390),  # noqa: B023
                TrackStatus.FOLLOWED_UP: lambda: -days - self.rng.randint(400, 6 * 365),  # noqa: B023
            }[wanted]()
            start = self.today + dt.timedelta(days=offset)
            start -= dt.timedelta(days=start.weekday())  # Mondays
            end = start + dt.timedelta(days=days - 1)
            if start > self.today + dt.timedelta(days=60):
                status = TrackStatus.PLANNING
            elif start > self.today:
                status = TrackStatus.RECRUITING
            elif end >= self.today:
                status = TrackStatus.RUNNING
            elif end > self.today - dt.timedelta(days=400):
                status = TrackStatus.COMPLETED
            else:
                status = TrackStatus.FOLLOWED_UP
            assert status == wanted, (wanted, start, weeks)
            tracks.append(
                PlannedTrack(
                    id=next(track_ids),
                    region=region,
                    employer=self.rng.choice(self.regions[region].employers),
                    need=0,
                    profile_version=None,
                    agreement=None,
                    occupation_id=self.rng.choice(self.occupation_ids),
                    start=start,
                    weeks=weeks,
                    status=status,
                    planned=self.rng.randint(8, 14),
                )
            )
        return tracks

    def needs(self, tracks: list[PlannedTrack]) -> None:
        """One need per track (plus a quarter more without a track), each with 1-3 profile
        versions of 3-6 criteria, agreements (agreed once the track recruits) and meetings."""
        extra = len(tracks) // 4
        need_ids = iter(self.load.ids(RecruitmentNeed, len(tracks) + extra))
        need_rows, version_rows, criterion_rows, agreement_rows, confirm_rows = [], [], [], [], []
        meeting_rows = []
        version_ids = iter(self.load.ids(RequirementProfileVersion, (len(tracks) + extra) * 3))
        agreement_ids = iter(self.load.ids(Agreement, (len(tracks) + extra) * 2))
        meeting_ids = iter(self.load.ids(PlanningMeeting, (len(tracks) + extra) * 2))
        planned: list[PlannedTrack | None] = [*tracks, *([None] * extra)]
        for index, track in enumerate(planned):
            if track is None:
                region = self.regions[index % len(self.regions)]
                employer = self.rng.choice(region.employers)
                occupation = self.rng.choice(self.occupation_ids)
                wanted = self.today + dt.timedelta(days=self.rng.randint(-60, 300))
                status = self.pick(
                    [(NeedStatus.NEW, 50), (NeedStatus.PLANNING, 30), (NeedStatus.CANCELLED, 20)]
                )
                coordinator = self.rng.choice(region.af_coordinators)
            else:
                region = self.regions[track.region]
                employer, occupation, wanted = track.employer, track.occupation_id, track.start
                status = {
                    TrackStatus.PLANNING: NeedStatus.PLANNING,
                    TrackStatus.RECRUITING: NeedStatus.TRACK_RUNNING,
                    TrackStatus.RUNNING: NeedStatus.TRACK_RUNNING,
                }.get(track.status, NeedStatus.FILLED)
                coordinator = self.rng.choice(region.af_coordinators)
            need_id = next(need_ids)
            created = self.moment(wanted - dt.timedelta(days=self.rng.randint(40, 120)))
            need_rows.append(
                {
                    "id": need_id,
                    "employer_id": employer,
                    "partnership_id": region.partnership_id,
                    "occupation_id": occupation,
                    "positions": self.rng.randint(2, 12),
                    "wanted_start": wanted,
                    "horizon": self.rng.choice(Horizon.values),
                    "workplace": "Huvudkontoret",
                    "employment_type": self.rng.choice(EmploymentType.values),
                    "working_hours": self.rng.choice(vocabulary.WorkingHours.values),
                    "shift_work": self.rng.random() < 0.3,
                    "status": status,
                    "repeats_id": None,
                    "notes": "",
                    "created_at": created,
                }
            )
            versions = self.rng.randint(1, 3)
            latest = None
            for number in range(1, versions + 1):
                vid = next(version_ids)
                used = (
                    track is not None
                    and number == versions
                    and track.status != TrackStatus.PLANNING
                )
                version_rows.append(
                    {
                        "id": vid,
                        "need_id": need_id,
                        "number": number,
                        "notes": "",
                        "created_at": created + dt.timedelta(days=number),
                        "created_by_id": coordinator,
                        "used_for_assessment_at": created + dt.timedelta(days=20) if used else None,
                    }
                )
                criterion_rows.extend(self._criteria(vid, occupation))
                latest = vid
            agreement_id = None
            agreed = track is not None and track.status != TrackStatus.PLANNING
            if track is not None or status == NeedStatus.PLANNING:
                for number in range(1, (2 if agreed else 1) + 1):
                    aid = next(agreement_ids)
                    final = agreed and number == 2
                    agreement_rows.append(
                        {
                            "id": aid,
                            "need_id": need_id,
                            "number": number,
                            "status": AgreementStatus.AGREED if final else AgreementStatus.DRAFT,
                            "positions": self.rng.randint(2, 10),
                            "intends_to_hire": True,
                            "hiring_intention": "Avser att anställa de som fullföljer spåret.",
                            "employer_planning_time": "2 timmar i veckan",
                            "employer_other": "",
                            "employment_service_commitments": "Rekrytering och matchning.",
                            "municipality_commitments": "Språkstöd och jobbcoachning.",
                            "education_provider_id": region.provider_id,
                            "provider_commitments": "Utbildning med språkstöd.",
                            "meeting_cadence": "Varannan vecka",
                            "profile_version_id": latest,
                            "phase_plan_summary": "Intro, utbildning, APL, anställning.",
                            "created_at": created + dt.timedelta(days=10 + number),
                            "created_by_id": coordinator,
                            "agreed_at": created + dt.timedelta(days=25) if final else None,
                        }
                    )
                    if final:
                        for party in Party.values:
                            confirm_rows.append(
                                {
                                    "agreement_id": aid,
                                    "party": party,
                                    "confirmed_by_name": "Undertecknad",
                                    "recorded_by_id": coordinator,
                                    "confirmed_at": created + dt.timedelta(days=25),
                                }
                            )
                    agreement_id = aid
            for m in range(self.rng.randint(1, 2)):
                starts = self.moment(wanted - dt.timedelta(days=30 - m * 14), hour=9)
                meeting_rows.append(
                    {
                        "id": next(meeting_ids),
                        "employer_id": employer,
                        "partnership_id": region.partnership_id,
                        "need_id": need_id,
                        "title": "Avstämningsmöte" if m else "Uppstartsmöte",
                        "starts_at": starts,
                        "ends_at": starts + dt.timedelta(hours=1),
                        "place": "Arbetsförmedlingen",
                        "video_link": "",
                        "education_provider_id": region.provider_id,
                        "agenda": "Behov, kravprofil och upplägg.",
                        "minutes": "",
                        "decisions": "",
                        "created_by_id": coordinator,
                        "created_at": created,
                    }
                )
            if track is not None:
                track.need, track.profile_version, track.agreement = need_id, latest, agreement_id
        self.load.copy(RecruitmentNeed, need_rows)
        self.load.copy(RequirementProfileVersion, version_rows)
        self.load.copy(Criterion, criterion_rows)
        self.load.copy(Agreement, agreement_rows)
        self.load.copy(AgreementConfirmation, confirm_rows)
        self.load.copy(PlanningMeeting, meeting_rows)
        self.progress.step("needs and profiles", 1, 1)

    def _criteria(self, version_id: int, occupation: int) -> list[dict]:
        rows = []
        blank = {
            "swedish_level": "",
            "language": "",
            "language_level": "",
            "driving_licence": "",
            "experience_months": None,
            "experience_occupation_id": None,
            "education_level": "",
            "certificate": "",
            "physical_demand": "",
            "working_hours": "",
        }
        kinds = self.rng.sample(
            [
                CriterionKind.SWEDISH,
                CriterionKind.DRIVING_LICENCE,
                CriterionKind.EXPERIENCE,
                CriterionKind.EDUCATION,
                CriterionKind.CERTIFICATE,
                CriterionKind.WORKING_HOURS,
                CriterionKind.LANGUAGE,
                CriterionKind.PHYSICAL,
            ],
            self.rng.randint(3, 6),
        )
        for kind in kinds:
            row = {
                **blank,
                "version_id": version_id,
                "kind": kind,
                "mode": self.pick([(CriterionMode.REQUIRED, 35), (CriterionMode.TRAINED, 65)]),
                "weight": self.rng.choice([None, 1, 2, 3, 4, 5]),
            }
            if kind == CriterionKind.SWEDISH:
                row["swedish_level"] = self.rng.choice(["sfi_c", "sfi_d", "sas_basic", "b1"])
            elif kind == CriterionKind.DRIVING_LICENCE:
                row["driving_licence"] = "B"
            elif kind == CriterionKind.EXPERIENCE:
                row["experience_months"] = self.rng.choice([3, 6, 12])
                row["experience_occupation_id"] = occupation
            elif kind == CriterionKind.EDUCATION:
                row["education_level"] = self.rng.choice(["primary", "upper_secondary"])
            elif kind == CriterionKind.CERTIFICATE:
                row["certificate"] = self.rng.choice(vocabulary.Certificate.values)
            elif kind == CriterionKind.WORKING_HOURS:
                row["working_hours"] = self.rng.choice(vocabulary.WorkingHours.values)
            elif kind == CriterionKind.LANGUAGE:
                row["language"] = self.rng.choice(LANGUAGES)
                row["language_level"] = self.rng.choice(["b1", "b2", "native"])
            else:
                row["physical_demand"] = self.rng.choice(vocabulary.PhysicalDemand.values)
            rows.append(row)
        return rows

    # -- who is in which track ------------------------------------------------------------------
    def plan_members(self, tracks: list[PlannedTrack]) -> dict[int, dict]:
        """Decide every pool: at most one active membership per participant, final states in
        closed tracks, states that fit the track's status and today's phase elsewhere."""
        preset = self.preset
        for p in range(preset.participants):
            self.regions[p % preset.regions].participants.append(p)
        fresh = {}
        for region in self.regions:
            shuffled = list(region.participants)
            self.rng.shuffle(shuffled)
            fresh[region.index] = iter(shuffled)
        facts: dict[int, dict] = {}  # participant index -> {"active": bool, "employed": bool}
        for track in tracks:
            region = self.regions[track.region]
            if track.status == TrackStatus.PLANNING:
                size = self.rng.randint(0, 3)
            else:
                size = track.planned + self.rng.randint(0, 4)
            chosen: set[int] = set()
            apl_from = track.start + dt.timedelta(weeks=1 + max(1, (track.weeks - 2) * 2 // 5))
            for _ in range(size):
                if track.status in (TrackStatus.COMPLETED, TrackStatus.FOLLOWED_UP):
                    final = self.pick(CLOSED_OUTCOMES)
                elif track.status == TrackStatus.RUNNING:
                    doing = State.IN_APL if self.today >= apl_from else State.IN_TRAINING
                    final = self.pick(
                        [(doing, 70), (State.NOT_SELECTED, 15), (State.DISCONTINUED, 15)]
                    )
                elif track.status == TrackStatus.RECRUITING:
                    final = self.pick(
                        [
                            (State.NOMINATED, 30),
                            (State.IN_INTRODUCTION, 20),
                            (State.PRESENTED, 20),
                            (State.SELECTED, 15),
                            (State.NOT_SELECTED, 15),
                        ]
                    )
                else:
                    final = State.NOMINATED
                if final in FINAL_STATES:
                    candidate = self.rng.choice(region.participants)
                    if candidate in chosen:
                        continue
                else:
                    candidate = next(fresh[region.index], None)
                    if candidate is None or candidate in chosen:
                        continue
                chosen.add(candidate)
                fact = facts.setdefault(candidate, {"active": False, "employed": False})
                fact["active"] = fact["active"] or final not in FINAL_STATES
                fact["employed"] = fact["employed"] or final == State.EMPLOYED
                track.members.append(Member(participant=candidate, path=PATHS[final]))
        return facts

    # -- participants ---------------------------------------------------------------------------
    def participants(self, facts: dict[int, dict], chunk: int = 20_000) -> None:
        preset = self.preset
        self.participant_ids = self.load.ids(Participant, preset.participants)
        self.participant_org: dict[int, int] = {}
        self.participant_coordinator: dict[int, int] = {}
        interests = Participant.interests.through
        for begin in range(0, preset.participants, chunk):
            rows, languages, experience, likes, consents, events, notes, reads = (
                [],
                [],
                [],
                [],
                [],
                [],
                [],
                [],
            )
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
        self, p, fact, rows, languages, experience, likes, consents, events, notes, reads
    ):
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

    def _event(self, pk, kind, actor, org, day) -> dict:
        return {
            "participant_id": pk,
            "kind": kind,
            "detail": "",
            "actor_id": actor,
            "organisation_id": org,
            "at": self.moment(day),
        }

    # -- tracks ---------------------------------------------------------------------------------
    def tracks(self, tracks: list[PlannedTrack], chunk: int = 2_000) -> None:
        coordinators = Track.coordinators.through
        coaches = Track.job_coaches.through
        mentors = Track.mentors.through
        rng = self.rng
        for begin in range(0, len(tracks), chunk):
            part = tracks[begin : begin + chunk]
            rows, c_rows, j_rows, m_rows, phases, funding, changes = [], [], [], [], [], [], []
            members, transitions, progress, followups = [], [], [], []
            phase_ids = iter(self.load.ids(Phase, len(part) * 4))
            member_ids = iter(self.load.ids(TrackParticipant, sum(len(t.members) for t in part)))
            for track in part:
                region = self.regions[track.region]
                af_c = rng.choice(region.af_coordinators)
                mu_c = rng.choice(region.municipal_coordinators)
                rows.append(
                    {
                        "id": track.id,
                        "employer_id": track.employer,
                        "partnership_id": region.partnership_id,
                        "need_id": track.need,
                        "profile_version_id": track.profile_version,
                        "agreement_id": track.agreement,
                        "education_provider_id": region.provider_id,
                        "name": f"Jobbspår {track.start:%Y-%m} {track.id}",
                        "start_date": track.start,
                        "weeks": track.weeks,
                        "planned_participants": track.planned,
                        "status": track.status,
                        "selection_deadline": track.start - dt.timedelta(days=7),
                        "blind_selection": rng.random() < 0.7,
                        "copied_from_id": None,
                        "created_by_id": af_c,
                        "created_at": self.moment(track.start - dt.timedelta(days=90)),
                    }
                )
                c_rows += [
                    {"track_id": track.id, "user_id": af_c},
                    {"track_id": track.id, "user_id": mu_c},
                ]
                j_rows.append(
                    {"track_id": track.id, "user_id": rng.choice(region.municipal_coaches)}
                )
                mentor = self.contacts_of[track.employer][1]
                m_rows.append({"track_id": track.id, "contactperson_id": mentor})
                phase_of = self._phases(track, phase_ids, phases)
                for _ in range(rng.randint(1, 2)):
                    funding.append(
                        {
                            "track_id": track.id,
                            "source": rng.choice(FundingSourceKind.values),
                            "description": "",
                            "amount": rng.randint(50, 900) * 1000,
                        }
                    )
                order = list(TrackStatus.values)
                for step in range(order.index(track.status)):
                    changes.append(
                        {
                            "track_id": track.id,
                            "from_status": order[step],
                            "to_status": order[step + 1],
                            "actor_id": af_c,
                            "at": self.moment(track.start + dt.timedelta(days=(step - 1) * 30)),
                        }
                    )
                for number, member in enumerate(track.members, start=1):
                    self._member(
                        track,
                        number,
                        member,
                        next(member_ids),
                        phase_of,
                        af_c,
                        members,
                        transitions,
                        progress,
                        followups,
                    )
            self.load.copy(Track, rows)
            self.load.copy(coordinators, c_rows)
            self.load.copy(coaches, j_rows)
            self.load.copy(mentors, m_rows)
            self.load.copy(Phase, phases)
            self.load.copy(FundingSource, funding)
            self.load.copy(TrackStatusChange, changes)
            self.load.copy(TrackParticipant, members)
            self.load.copy(Transition, transitions)
            self.load.copy(PhaseProgress, progress)
            self.load.copy(FollowUp, followups)
            self.progress.step("tracks", min(begin + chunk, len(tracks)), len(tracks))

    def _phases(
        self, track: PlannedTrack, ids, phases: list
    ) -> dict[str, tuple[int, dt.date, dt.date]]:
        training_weeks = max(1, (track.weeks - 2) * 2 // 5)
        apl_weeks = track.weeks - 2 - training_weeks
        plan = [
            (PhaseKind.INTRODUCTION, 1, ResponsibleParty.MUNICIPALITY),
            (PhaseKind.TRAINING, training_weeks, ResponsibleParty.PROVIDER),
            (PhaseKind.APL, apl_weeks, ResponsibleParty.EMPLOYER),
            (PhaseKind.HIRING, 1, ResponsibleParty.EMPLOYER),
        ]
        day = track.start
        out = {}
        for kind, weeks, responsible in plan:
            pk = next(ids)
            ends = day + dt.timedelta(weeks=weeks, days=-1)
            phases.append(
                {
                    "id": pk,
                    "track_id": track.id,
                    "kind": kind,
                    "title": PHASE_TITLES[kind],
                    "starts_on": day,
                    "ends_on": ends,
                    "responsible": responsible,
                    "place": "",
                }
            )
            out[kind] = (pk, day, ends)
            day = ends + dt.timedelta(days=1)
        return out

    def _member(
        self, track, number, member, pk, phase_of, actor, members, transitions, progress, followups
    ):
        rng = self.rng
        p = member.participant
        state = member.path[-1]
        nominated_on = track.start - dt.timedelta(days=rng.randint(14, 40))
        # When each step happened: nominated before the start, then along the phases.
        when = {
            State.NOMINATED: nominated_on,
            State.IN_INTRODUCTION: track.start - dt.timedelta(days=5),
            State.PRESENTED: track.start - dt.timedelta(days=3),
            State.SELECTED: track.start - dt.timedelta(days=1),
            State.NOT_SELECTED: track.start - dt.timedelta(days=1),
            State.IN_TRAINING: phase_of[PhaseKind.TRAINING][1],
            State.DISCONTINUED: phase_of[PhaseKind.TRAINING][1] + dt.timedelta(days=10),
            State.IN_APL: phase_of[PhaseKind.APL][1],
            State.COMPLETED: track.end,
            State.OFFERED: track.end,
            State.EMPLOYED: track.end + dt.timedelta(days=1),
            State.DECLINED: track.end + dt.timedelta(days=1),
            State.CONTINUED_SUPPORT: track.end + dt.timedelta(days=1),
        }
        when = {s: min(d, self.today) for s, d in when.items()}
        org = self.participant_org[p]
        nominator = self.participant_coordinator[p]
        offered = State.OFFERED in member.path
        reason = (
            "Valde en annan inriktning."
            if state in (State.NOT_SELECTED, State.DISCONTINUED)
            else ""
        )
        members.append(
            {
                "id": pk,
                "track_id": track.id,
                "participant_id": self.participant_ids[p],
                "candidate_number": number,
                "state": state,
                "nominated_by_id": nominator,
                "nominating_organisation_id": org,
                "nominated_at": self.moment(nominated_on),
                "motivation": "Motiverad och intresserad av yrket.",
                "match_summary": "",
                "reason": reason,
                "discontinued_phase_id": phase_of[PhaseKind.TRAINING][0]
                if state == State.DISCONTINUED
                else None,
                "offer_employment_type": EmploymentType.PERMANENT if offered else "",
                "offer_start_date": track.end + dt.timedelta(days=14) if offered else None,
                "offer_hours_per_week": Decimal("40.0") if offered else None,
                "offer_employer_id": track.employer if offered else None,
                "state_changed_at": self.moment(when[state]),
            }
        )
        previous = ""
        for index, step in enumerate(member.path):
            transitions.append(
                {
                    "track_participant_id": pk,
                    "from_state": previous,
                    "to_state": step,
                    "reason": reason if step in (State.NOT_SELECTED, State.DISCONTINUED) else "",
                    "actor_id": actor if step != State.NOMINATED else nominator,
                    # Steps on the same day keep their order: one hour apart from 08:00.
                    "at": timezone.make_aware(dt.datetime.combine(when[step], dt.time(8 + index))),
                }
            )
            previous = step
        for kind, phase_state in (
            (PhaseKind.TRAINING, State.IN_TRAINING),
            (PhaseKind.APL, State.IN_APL),
        ):
            if phase_state in member.path:
                phase_id, starts, ends = phase_of[kind]
                finished = phase_state != state and state != State.DISCONTINUED
                progress.append(
                    {
                        "track_participant_id": pk,
                        "phase_id": phase_id,
                        "actual_start": starts,
                        "actual_end": ends if finished else None,
                        "attendance_percent": rng.randint(70, 100),
                        "notes": "",
                        "completed": finished,
                        "updated_by_id": actor,
                        "updated_at": self.moment(min(ends, self.today)),
                    }
                )
        left = when.get(State.COMPLETED) if State.COMPLETED in member.path else None
        if state == State.DISCONTINUED:
            left = when[State.DISCONTINUED]
        if left is not None:
            for months in (3, 6, 12):
                due = add_months(left, months)
                answered = None
                if due + dt.timedelta(days=20) < self.today and rng.random() < 0.75:
                    answered = self.moment(due + dt.timedelta(days=rng.randint(0, 45)))
                employed = answered is not None and rng.random() < 0.55
                followups.append(
                    {
                        "track_participant_id": pk,
                        "months": months,
                        "due_on": due,
                        "responsible_id": actor,
                        "situation": (
                            (
                                FollowUpSituation.EMPLOYED_AT_TRACK_EMPLOYER
                                if employed
                                else FollowUpSituation.JOB_SEEKER
                            )
                            if answered
                            else ""
                        ),
                        "employment_type": EmploymentType.PERMANENT if employed else "",
                        "hours_per_week": Decimal("40.0") if employed else None,
                        "self_sufficient": employed if answered else None,
                        "income_support": (not employed) if answered else None,
                        "not_hired_reason": "",
                        "answered_at": answered,
                        "answered_by_id": actor if answered else None,
                        "escalated_at": (
                            self.moment(due + dt.timedelta(days=31))
                            if answered is None and due + dt.timedelta(days=31) < self.today
                            else None
                        ),
                        "created_at": self.moment(left),
                    }
                )

    # -- notifications --------------------------------------------------------------------------
    def notifications(self, chunk: int = 50_000) -> None:
        """`due_notifications` rows waiting for the sweeper, and twice as many already sent."""
        staff = [
            pk
            for region in self.regions
            for pk in region.af_coordinators + region.municipal_coordinators
        ]
        total = self.preset.due_notifications * 3
        kinds = [
            NotificationKind.FOLLOW_UP_DUE,
            NotificationKind.PHASE_STARTS_SOON,
            NotificationKind.SELECTION_DEADLINE_SOON,
            NotificationKind.CONSENT_EXPIRING,
            NotificationKind.MEETING_SOON,
        ]
        for begin in range(0, total, chunk):
            rows = []
            for i in range(begin, min(begin + chunk, total)):
                due = i < self.preset.due_notifications
                day = self.today - dt.timedelta(days=self.rng.randint(0, 3 if due else 400))
                send_after = self.moment(day, hour=7)
                if send_after > self.now:
                    send_after = self.now - dt.timedelta(minutes=5)
                rows.append(
                    {
                        "recipient_id": staff[i % len(staff)],
                        "kind": kinds[i % len(kinds)],
                        "object_type": "tracks.track",
                        "object_id": str(i),
                        "due_on": day,
                        "send_after": send_after,
                        "subject": "Påminnelse från Jobbspår",
                        "body": "Något i ett jobbspår behöver din uppmärksamhet.",
                        "url": "/tracks/",
                        "ics": "",
                        "created_at": send_after,
                        "read_at": None if due or self.rng.random() < 0.3 else send_after,
                        "email_state": EmailState.PENDING if due else EmailState.SENT,
                        "attempts": 0 if due else 1,
                        "next_attempt_at": None,
                        "claimed_at": None,
                        "sent_at": None if due else send_after,
                        "last_error": "",
                    }
                )
            self.load.copy(Notification, rows)
            self.progress.step("notifications", min(begin + chunk, total), total)

    # -- all ------------------------------------------------------------------------------------
    def run(self) -> dict[str, int]:
        with transaction.atomic():
            connection.ensure_connection()
            self.organisations_and_staff()
            tracks = self.plan_tracks()
            self.needs(tracks)
            facts = self.plan_members(tracks)
            self.participants(facts)
            self.tracks(tracks)
            self.notifications()
            self.load.finish()
        self.progress.done()
        return self.load.counts


def preset_with(name: str, **overrides) -> Preset:
    preset = PRESETS[name]
    return replace(preset, **{k: v for k, v in overrides.items() if v is not None})


def already_generated() -> bool:
    return User.objects.filter(username=f"{USERNAME_PREFIX}af-coordinator-0-0").exists()


def generated_participants() -> int:
    return Participant.objects.count()


def analyze() -> None:
    """VACUUM ANALYZE after the bulk load: statistics for the planner, and the visibility map
    that index-only scans need (autovacuum would get there later in production; without it,
    the covering indexes would still visit the heap and the benchmark would measure that)."""
    with connection.cursor() as cursor:
        # VACUUM cannot run inside a transaction (a test's): ANALYZE alone there.
        cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")


def remove_generated() -> None:
    """Empty every table of the apps (for a bench database only): TRUNCATE ... CASCADE."""
    tables = [
        model._meta.db_table
        for config in apps.get_app_configs()
        if config.label
        in {"jobbspar", "employers", "participants", "tracks", "otp_totp", "sessions"}
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
    ]
    fingerprint = hashlib.sha256()
    with connection.cursor() as cursor:
        for sql in queries:
            cursor.execute(sql)
            for row in cursor.fetchall():
                fingerprint.update(repr(row).encode())
    return fingerprint.hexdigest()
