"""Demo employers, needs, profiles, meetings, an agreement and the education provider.

Builds on jobbspar.demo (organisations and users). Idempotent: running it again changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from employers import agreements, profiles, registry
from employers.meetings import STOCKHOLM, save_meeting
from employers.models import (
    ActionItem,
    Agreement,
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
    ProviderContact,
    RecruitmentNeed,
    Sector,
    ShortageOccupation,
)
from employers.occupations import load_occupations
from jobbspar import demo as base_demo
from jobbspar import vocabulary as v
from jobbspar.models import Partnership, Region, User

PROVIDER = "Kompetenscentrum Syd AB"


@dataclass(frozen=True)
class DemoNeed:
    ssyk: str
    positions: int
    weeks_ahead: int
    horizon: str
    workplace: str
    working_hours: str
    shift_work: bool
    status: str
    criteria: list[dict] = field(default_factory=list)


@dataclass(frozen=True)
class DemoEmployer:
    name: str
    sector: str
    industry: str
    street_address: str
    postal_code: str
    city: str
    workplaces: str
    contacts: list[tuple[str, str, str, str]]
    needs: list[DemoNeed]
    partnership: str = base_demo.MALMO_PARTNERSHIP


def _c(kind: str, mode: str, weight: int | None = None, **values) -> dict[str, Any]:
    return {"kind": kind, "mode": mode, "weight": weight, **values}


EMPLOYERS = [
    DemoEmployer(
        "Omsorgshuset Söder AB",
        Sector.PRIVATE,
        "Äldreomsorg",
        "Södra Förstadsgatan 40",
        "214 20",
        "Malmö",
        "Äldreboendet Söder, Södra Förstadsgatan 40, Malmö\nHemtjänst Möllevången, Bergsgatan 20",
        [
            ("Eva Holm", "Verksamhetschef", "eva.holm@omsorgshuset.example", "040-12 34 50"),
            ("Nils Ek", "Enhetschef äldreboende", "nils.ek@omsorgshuset.example", "040-12 34 51"),
        ],
        [
            DemoNeed(
                "5321",
                8,
                10,
                Horizon.NOW,
                "Äldreboendet Söder, Södra Förstadsgatan 40, Malmö",
                v.WorkingHours.SHIFTS,
                True,
                NeedStatus.PLANNING,
                [
                    _c(CriterionKind.SWEDISH, CriterionMode.REQUIRED, 5, swedish_level="sfi_c"),
                    _c(CriterionKind.SWEDISH, CriterionMode.TRAINED, 3, swedish_level="sas_basic"),
                    _c(
                        CriterionKind.PHYSICAL,
                        CriterionMode.REQUIRED,
                        None,
                        physical_demand="moderate",
                    ),
                    _c(
                        CriterionKind.CERTIFICATE,
                        CriterionMode.TRAINED,
                        4,
                        certificate="delegation",
                    ),
                    _c(
                        CriterionKind.WORKING_HOURS,
                        CriterionMode.REQUIRED,
                        2,
                        working_hours="weekends",
                    ),
                ],
            )
        ],
    ),
    DemoEmployer(
        "Hamnlager Syd AB",
        Sector.PRIVATE,
        "Lager och logistik",
        "Frihamnsallén 12",
        "211 20",
        "Malmö",
        "Terminal Norra hamnen, Frihamnsallén 12, Malmö",
        [("Jonas Berg", "Lagerchef", "jonas.berg@hamnlager.example", "040-55 66 70")],
        [
            DemoNeed(
                "4322",
                6,
                16,
                Horizon.SIX_MONTHS,
                "Terminal Norra hamnen, Frihamnsallén 12, Malmö",
                v.WorkingHours.SHIFTS,
                True,
                NeedStatus.NEW,
                [
                    _c(CriterionKind.SWEDISH, CriterionMode.REQUIRED, 3, swedish_level="sfi_b"),
                    _c(CriterionKind.CERTIFICATE, CriterionMode.TRAINED, 5, certificate="forklift"),
                    _c(
                        CriterionKind.PHYSICAL,
                        CriterionMode.REQUIRED,
                        None,
                        physical_demand="heavy",
                    ),
                ],
            )
        ],
    ),
    DemoEmployer(
        "Öresundsbuss AB",
        Sector.PRIVATE,
        "Kollektivtrafik",
        "Stenåldersgatan 21",
        "213 76",
        "Malmö",
        "Bussdepå Fosie, Stenåldersgatan 21, Malmö",
        [
            (
                "Lena Sjöberg",
                "Rekryteringsansvarig",
                "lena.sjoberg@oresundsbuss.example",
                "040-98 76 50",
            )
        ],
        [
            DemoNeed(
                "8331",
                10,
                30,
                Horizon.TWELVE_MONTHS,
                "Bussdepå Fosie, Stenåldersgatan 21, Malmö",
                v.WorkingHours.SHIFTS,
                True,
                NeedStatus.NEW,
                [
                    _c(
                        CriterionKind.DRIVING_LICENCE,
                        CriterionMode.REQUIRED,
                        5,
                        driving_licence="B",
                    ),
                    _c(
                        CriterionKind.DRIVING_LICENCE, CriterionMode.TRAINED, 5, driving_licence="D"
                    ),
                    _c(CriterionKind.CERTIFICATE, CriterionMode.TRAINED, 4, certificate="ykb"),
                    _c(CriterionKind.SWEDISH, CriterionMode.REQUIRED, 4, swedish_level="sfi_d"),
                ],
            )
        ],
    ),
    DemoEmployer(
        "Restaurang Möllan AB",
        Sector.PRIVATE,
        "Restaurang",
        "Möllevångstorget 3",
        "214 24",
        "Malmö",
        "Restaurang Möllan, Möllevångstorget 3, Malmö",
        [("Amir Haddad", "Köksmästare", "amir@mollan.example", "040-22 33 44")],
        [
            DemoNeed(
                "9412",
                4,
                8,
                Horizon.NOW,
                "Restaurang Möllan, Möllevångstorget 3, Malmö",
                v.WorkingHours.SHIFTS,
                True,
                NeedStatus.NEW,
                [
                    _c(CriterionKind.CERTIFICATE, CriterionMode.TRAINED, 3, certificate="hygiene"),
                    _c(CriterionKind.SWEDISH, CriterionMode.REQUIRED, 2, swedish_level="sfi_b"),
                    _c(
                        CriterionKind.LANGUAGE,
                        CriterionMode.REQUIRED,
                        1,
                        language="Engelska",
                        language_level="a2",
                    ),
                ],
            )
        ],
    ),
    # Lund's partnership's employer: Lund's coordinator works with it, Malmö's only reads it.
    DemoEmployer(
        base_demo.LUND_EMPLOYER,
        Sector.PRIVATE,
        "Bageri",
        "Bangatan 4",
        "222 21",
        "Lund",
        "Bageriet, Bangatan 4, Lund",
        [("Oskar Lund", "Bagarmästare", "oskar@lundabageriet.example", "046-12 34 56")],
        [
            DemoNeed(
                "7612",
                4,
                12,
                Horizon.NOW,
                "Bageriet, Bangatan 4, Lund",
                v.WorkingHours.DAYTIME,
                False,
                NeedStatus.PLANNING,
            )
        ],
        base_demo.LUND_PARTNERSHIP,
    ),
]


def _seed_provider() -> EducationProvider:
    organisation = base_demo.organisation(PROVIDER)
    provider = EducationProvider.objects.filter(organisation=organisation).first()
    if provider is None:
        provider = registry.save_provider(
            provider=EducationProvider(
                name=PROVIDER,
                organisation_number=organisation.organisation_number or "",
                offering="Yrkesutbildning inom vård och omsorg, lager och logistik samt "
                "restaurang, med språkstöd (SFI) integrerat i yrkesämnena.",
            )
        )
    ProviderContact.objects.get_or_create(
        provider=provider,
        name="Karin Ahlström",
        defaults={
            "role": "Utbildningsledare",
            "email": "karin.ahlstrom@kompetenscentrum.example",
            "phone": "040-66 77 80",
        },
    )
    return provider


def _seed_employer(spec: DemoEmployer, by: User) -> Employer:
    organisation = base_demo.organisation(spec.name)
    employer = Employer.objects.filter(organisation=organisation).first()
    if employer is None:
        employer = registry.save_employer(
            employer=Employer(
                name=spec.name,
                organisation_number=organisation.organisation_number or "",
                sector=spec.sector,
                industry=spec.industry,
                street_address=spec.street_address,
                postal_code=spec.postal_code,
                city=spec.city,
                workplaces=spec.workplaces,
            ),
            by=by,
        )
    for name, role, email, phone in spec.contacts:
        if not employer.contacts.filter(name=name).exists():
            registry.add_contact(
                contact=ContactPerson(
                    employer=employer, name=name, role=role, email=email, phone=phone
                ),
                by=by,
            )
    today = timezone.localdate()
    for need_spec in spec.needs:
        need, created = RecruitmentNeed.objects.get_or_create(
            employer=employer,
            occupation=Occupation.objects.get(code=need_spec.ssyk),
            defaults={
                "partnership": base_demo.partnership(spec.partnership),
                "positions": need_spec.positions,
                "wanted_start": today + dt.timedelta(weeks=need_spec.weeks_ahead),
                "horizon": need_spec.horizon,
                "workplace": need_spec.workplace,
                "employment_type": EmploymentType.PERMANENT,
                "working_hours": need_spec.working_hours,
                "shift_work": need_spec.shift_work,
                "status": need_spec.status,
            },
        )
        if created:
            for values in need_spec.criteria:
                if values["kind"] == CriterionKind.EXPERIENCE:
                    values = {**values, "experience_occupation": need.occupation}
                profiles.add_criterion(need=need, criterion=Criterion(**values), by=by)
    return employer


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 0), tzinfo=STOCKHOLM)


def _seed_meetings(employer: Employer, provider: EducationProvider, users: dict[str, User]) -> None:
    coordinator_af, coordinator_malmo = users["samordnare.af"], users["samordnare.malmo"]
    need = employer.needs.order_by("id").first()
    today = timezone.localdate()
    plans = [
        ("Första avstämning om rekryteringsbehovet", -14, "Kravprofilen gicks igenom."),
        ("Kort avstämning inför introduktionsveckan", 1, ""),
        ("Avstämning: kravprofil och utbildningsupplägg", 7, ""),
    ]
    for title, days, minutes in plans:
        meeting = PlanningMeeting.objects.filter(employer=employer, title=title).first()
        if meeting is None:
            meeting = save_meeting(
                meeting=PlanningMeeting(
                    employer=employer,
                    partnership=need.partnership if need else base_demo.partnership(),
                    title=title,
                    need=need,
                    starts_at=_at(today + dt.timedelta(days=days), 9),
                    ends_at=_at(today + dt.timedelta(days=days), 10),
                    place=employer.workplace_list[0] if employer.workplace_list else "",
                    video_link="https://meet.example/jobbspar",
                    agenda="1. Behovet och tidplan\n2. Kravprofil\n3. Utbildning och APL",
                    minutes=minutes,
                    education_provider=provider,
                ),
                by=coordinator_af,
            )
            meeting.attendee_users.set([coordinator_af, coordinator_malmo])
            meeting.attendee_contacts.set(employer.contacts.all())
        ActionItem.objects.get_or_create(
            meeting=meeting,
            description="Skicka utkast till kravprofil till arbetsgivaren",
            defaults={
                "owner": coordinator_af,
                "due_date": today + dt.timedelta(days=days + 3),
                "done": days < 0,
            },
        )
        ActionItem.objects.get_or_create(
            meeting=meeting,
            description="Boka lokal för introduktionsveckan",
            defaults={"owner": coordinator_malmo, "due_date": today + dt.timedelta(days=days + 10)},
        )


def _seed_agreement(
    employer: Employer, provider: EducationProvider, users: dict[str, User]
) -> None:
    need = employer.needs.order_by("id").first()
    if need is None or Agreement.objects.filter(need=need).exists():
        return
    coordinator = users["samordnare.af"]
    agreement = agreements.save_agreement(
        need=need,
        agreement=Agreement(
            positions=need.positions,
            intends_to_hire=True,
            hiring_intention="Tillsvidareanställning för deltagare som fullföljer spåret.",
            mentors=3,
            employer_planning_time="Två timmar i veckan för planering och avstämning",
            employment_service_commitments="Identifiera kandidater mot kravprofilen och "
            "finansiera utbildningen.",
            municipality_commitments="Identifiera kandidater bland personer med "
            "försörjningsstöd och ge jobbcoachning under hela spåret.",
            education_provider=provider,
            provider_commitments="Genomföra yrkesutbildning med språkstöd.",
            meeting_cadence="Avstämning varannan vecka",
            profile_version=profiles.current_version(need),
            phase_plan_summary="Introduktionsvecka (1 v), utbildning med språkstöd (16 v), "
            "APL (10 v).",
        ),
        by=coordinator,
    )
    for party, name in [
        (Party.EMPLOYER, "Eva Holm, verksamhetschef"),
        (Party.EMPLOYMENT_SERVICE, "Rosa Gustafsson, samordnare"),
        (Party.MUNICIPALITY, "Sara Franck, samordnare"),
        (Party.EDUCATION_PROVIDER, "Karin Ahlström, utbildningsledare"),
    ]:
        agreements.confirm_agreement(
            agreement=agreement, party=party, confirmed_by_name=name, by=coordinator
        )


# Two of the demo needs' occupations are shortage occupations in Skåne (AF's forecast).
DEMO_SHORTAGES = ("5321", "8331")


def _seed_shortage_occupations() -> None:
    """Malmö's partnership works in Skåne; care assistants and bus drivers are shortage
    occupations there this year and next. Idempotent."""
    Partnership.objects.filter(name=base_demo.MALMO_PARTNERSHIP, region="").update(
        region=Region.SKANE
    )
    year = timezone.localdate().year
    for code in DEMO_SHORTAGES:
        ShortageOccupation.objects.get_or_create(
            occupation=Occupation.objects.get(code=code),
            region=Region.SKANE,
            valid_from=dt.date(year, 1, 1),
            defaults={
                "valid_to": dt.date(year + 1, 12, 31),
                "source": f"Arbetsförmedlingen, Yrkesprognos {year} (Skåne län)",
            },
        )


@transaction.atomic
def seed() -> list[Employer]:
    if not Occupation.objects.exists():  # e.g. after a flush; the migration loads it normally
        load_occupations(Occupation)
    users = {user.username: user for user in User.objects.filter(is_demo=True)}
    provider = _seed_provider()
    employers = [_seed_employer(spec, users["samordnare.af"]) for spec in EMPLOYERS]
    for employer, spec in zip(employers, EMPLOYERS, strict=True):
        if spec.partnership == base_demo.MALMO_PARTNERSHIP:  # Malmö's coordinators meet
            _seed_meetings(employer, provider, users)
    _seed_agreement(employers[0], provider, users)
    _seed_shortage_occupations()
    return employers


def demo_step() -> str:
    """This app's part of `seed_demo` (its `demo` contribution)."""
    return f"{len(seed())} demo employers"
