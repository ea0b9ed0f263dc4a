"""Demo participants: varied people for matching against the demo employers' needs.

Idempotent: participants are keyed by personal identity number and their child records are
only created when the participant is new, so running it again changes nothing.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from employers.models import Occupation
from jobbspar.demo import AF, MALMO, organisation
from jobbspar.models import User
from jobbspar.vocabulary import (
    Certificate,
    DrivingLicence,
    EducationLevel,
    LanguageLevel,
    SwedishLevel,
    WorkingHours,
)
from participants import access_requests, plan, registration
from participants import consent as consent_actions
from participants.identities import personal_number_for
from participants.models import (
    ConsentMethod,
    ConsentScope,
    Gender,
    InterventionKind,
    NoteKind,
    Participant,
    ParticipantStatus,
)

# The SSYK 2012 unit groups the demo employers recruit for (elderly care, warehouse, buses,
# restaurants) and nearby ones. The employers app loads the full list; the demo must work
# without it.
OCCUPATIONS = {
    "5321": "Undersköterskor, hemtjänst, hemsjukvård och äldreboende",
    "5330": "Vårdbiträden",
    "4322": "Lager- och terminalpersonal",
    "9332": "Ramppersonal, flyttkarlar och varupåfyllare m.fl.",
    "8331": "Buss- och spårvagnsförare",
    "8332": "Lastbilsförare m.fl.",
    "5120": "Kockar och kallskänkor",
    "9412": "Restaurang- och köksbiträden m.fl.",
}

# (name, gender, preferred language, newly arrived)
PEOPLE = [
    ("Amina Hassan", Gender.WOMAN, "somaliska", True),
    ("Ahmad Rahimi", Gender.MAN, "dari", True),
    ("Fatima Al-Sayed", Gender.WOMAN, "arabiska", True),
    ("Yonas Tesfaye", Gender.MAN, "tigrinja", True),
    ("Leila Karimi", Gender.WOMAN, "persiska", True),
    ("Omar Abdullahi", Gender.MAN, "somaliska", True),
    ("Nour Haddad", Gender.WOMAN, "arabiska", True),
    ("Mohammed Ali", Gender.MAN, "arabiska", True),
    ("Olena Kovalenko", Gender.WOMAN, "ukrainska", True),
    ("Dmytro Shevchenko", Gender.MAN, "ukrainska", True),
    ("Hodan Warsame", Gender.WOMAN, "somaliska", True),
    ("Samir Khalil", Gender.MAN, "arabiska", True),
    ("Zainab Hussaini", Gender.WOMAN, "dari", True),
    ("Aster Gebremedhin", Gender.WOMAN, "tigrinja", True),
    ("Rahel Mekonnen", Gender.WOMAN, "amhariska", True),
    ("Ali Reza Mohammadi", Gender.MAN, "dari", True),
    ("Maryam Yousef", Gender.WOMAN, "arabiska", True),
    ("Bashir Noori", Gender.MAN, "pashto", True),
    ("Iryna Bondarenko", Gender.WOMAN, "ukrainska", True),
    ("Khadija Omar", Gender.WOMAN, "somaliska", True),
    ("Hamid Sultani", Gender.MAN, "persiska", True),
    ("Lina Ibrahim", Gender.WOMAN, "kurdiska", True),
    ("Tariq Aziz", Gender.MAN, "kurdiska", True),
    ("Sara Lindqvist", Gender.WOMAN, "svenska", False),
    ("Johan Persson", Gender.MAN, "svenska", False),
    ("Emma Nilsson", Gender.WOMAN, "svenska", False),
    ("Mikael Andersson", Gender.MAN, "svenska", False),
    ("Anna Johansson", Gender.WOMAN, "svenska", False),
    ("Peter Olsson", Gender.MAN, "svenska", False),
    ("Linda Svensson", Gender.WOMAN, "svenska", False),
    ("Daniel Karlsson", Gender.MAN, "svenska", False),
    ("Jessica Holm", Gender.WOMAN, "svenska", False),
    ("Marko Petrović", Gender.MAN, "bosniska", False),
    ("Edin Hodžić", Gender.MAN, "bosniska", False),
    ("Agnieszka Nowak", Gender.WOMAN, "polska", False),
    ("Tomasz Kowalski", Gender.MAN, "polska", False),
    ("Ayşe Yılmaz", Gender.WOMAN, "turkiska", False),
    ("Mehmet Demir", Gender.MAN, "turkiska", False),
    ("Carlos Rodríguez", Gender.MAN, "spanska", False),
    ("María González", Gender.WOMAN, "spanska", False),
    ("Thi Lan Nguyen", Gender.WOMAN, "vietnamesiska", False),
    ("Kim Bergström", Gender.OTHER, "svenska", False),
    ("Nasrin Ahmadi", Gender.WOMAN, "persiska", True),
    ("Abdirahman Farah", Gender.MAN, "somaliska", False),
]

DISTRICTS = ["Norr", "Söder", "Öster", "Väster", "Innerstaden"]
NEW_ARRIVAL_LEVELS = [
    SwedishLevel.SFI_B,
    SwedishLevel.SFI_C,
    SwedishLevel.SFI_D,
    SwedishLevel.CEFR_A2,
    SwedishLevel.CEFR_B1,
]
SETTLED_LEVELS = [
    SwedishLevel.SAS_BASIC,
    SwedishLevel.CEFR_B2,
    SwedishLevel.SAS_UPPER,
    SwedishLevel.NATIVE,
]
# What each occupation tends to bring: (licences, certificates).
PROFILE = {
    "5321": ([DrivingLicence.B], [Certificate.CPR, Certificate.DELEGATION]),
    "5330": ([], [Certificate.CPR]),
    "4322": ([DrivingLicence.B], [Certificate.FORKLIFT]),
    "9332": ([], [Certificate.FORKLIFT]),
    "8331": ([DrivingLicence.B, DrivingLicence.D], [Certificate.YKB]),
    "8332": ([DrivingLicence.B, DrivingLicence.C, DrivingLicence.CE], [Certificate.YKB]),
    "5120": ([], [Certificate.HYGIENE]),
    "9412": ([], [Certificate.HYGIENE]),
}
INTERVENTIONS = {
    "5321": (InterventionKind.LANGUAGE_SUPPORT, "Yrkessvenska inom vård och omsorg"),
    "5330": (InterventionKind.VOCATIONAL_MODULE, "Grundläggande omvårdnad"),
    "4322": (InterventionKind.VOCATIONAL_MODULE, "Truckutbildning A+B"),
    "9332": (InterventionKind.VOCATIONAL_MODULE, "Lagerlogistik"),
    "8331": (InterventionKind.LICENCE_COURSE, "Körkort D och YKB"),
    "8332": (InterventionKind.LICENCE_COURSE, "Körkort C och YKB"),
    "5120": (InterventionKind.VOCATIONAL_MODULE, "Livsmedelshygien och kök"),
    "9412": (InterventionKind.MENTORING, "Mentor i restaurangkök"),
}


def occupations() -> dict[str, Occupation]:
    return {
        code: Occupation.objects.get_or_create(code=code, defaults={"name": name})[0]
        for code, name in OCCUPATIONS.items()
    }


@transaction.atomic
def seed() -> int:
    """Create the demo participants (once). Returns how many demo participants exist."""
    by_code = occupations()
    codes = list(OCCUPATIONS)
    af_user = User.objects.get(username="samordnare.af")
    malmo_user = User.objects.get(username="samordnare.malmo")
    coach = User.objects.get(username="jobbcoach")
    af, malmo = organisation(AF), organisation(MALMO)
    today = timezone.localdate()
    rng = random.Random(4)  # fixed seed: the same people every time
    numbers = []
    for index, (name, gender, language, newly_arrived) in enumerate(PEOPLE):
        born = dt.date(1965 + (index * 7) % 40, 1 + (index * 5) % 12, 1 + (index * 11) % 28)
        number = personal_number_for(born, 100 + index * 7, coordination=index % 15 == 14)
        numbers.append(number)
        by_af = index % 2 == 0
        by = af_user if by_af else malmo_user
        code = codes[index % len(codes)]
        second = codes[(index * 3 + 1) % len(codes)]
        licences, certificates = PROFILE[code]
        experienced = index % 3 != 0
        fields = {
            "phone": f"07{index % 4}{rng.randint(1_000_000, 9_999_999)}",
            "email": f"{name.split()[0].lower()}.{index}@example.se",
            "district": DISTRICTS[index % len(DISTRICTS)],
            "gender": gender,
            "preferred_language": language,
            "needs_interpreter": newly_arrived and index % 4 == 1,
            "newly_arrived": newly_arrived,
            "arrival_date": today - dt.timedelta(days=200 + index * 37) if newly_arrived else None,
            "long_term_unemployed": not newly_arrived or index % 5 == 0,
            "receives_income_support": (not by_af and index % 3 != 2) or index % 7 == 0,
            "swedish_level": rng.choice(NEW_ARRIVAL_LEVELS if newly_arrived else SETTLED_LEVELS),
            "education_level": rng.choice(EducationLevel.values),
            "driving_licences": list(licences) if experienced or index % 2 else [],
            "certificates": list(certificates) if experienced else [],
            "available_from": today + dt.timedelta(days=(index % 6) * 14),
            "working_hours": sorted(
                {WorkingHours.FULL_TIME, rng.choice([WorkingHours.DAYTIME, WorkingHours.SHIFTS])}
            ),
            "status": ParticipantStatus.PAUSED if index % 13 == 12 else ParticipantStatus.ACTIVE,
            "coordinator": by,
            "job_coach": coach if not by_af and index % 4 == 1 else None,
        }
        if Participant.objects.filter(personal_number=number).exists():
            continue
        participant = registration.register_participant(
            by=by,
            personal_number=number,
            name=name,
            interests=[by_code[code], by_code[second]],
            **fields,
        )
        if language != "svenska":
            registration.add_language(
                participant=participant, by=by, language=language, level=LanguageLevel.NATIVE
            )
            if index % 3 == 0:
                registration.add_language(
                    participant=participant, by=by, language="engelska", level=LanguageLevel.B1
                )
        if experienced:
            registration.add_experience(
                participant=participant,
                by=by,
                occupation=by_code[code],
                months=6 + (index * 7) % 60,
                where="I hemlandet" if newly_arrived else "Tidigare anställning i Malmö",
            )
        registration.add_case_note(
            participant=participant,
            by=by,
            written_on=today - dt.timedelta(days=30 - index % 20),
            kind=NoteKind.MEETING,
            text=f"Inskrivningssamtal. Intresserad av arbete inom yrkesgruppen {code} "
            f"({OCCUPATIONS[code]}); vill börja så snart som möjligt.",
        )
        if index % 3 == 1:
            kind, title = INTERVENTIONS[code]
            plan.add_plan_item(
                participant=participant,
                kind=kind,
                title=title,
                responsible="Kompetenscentrum Syd AB",
                planned_start=today + dt.timedelta(days=14),
                planned_end=today + dt.timedelta(days=14 + 7 * (4 + index % 8)),
                by=by,
            )
        if index % 4 == 0:
            consent_actions.record_consent(
                participant=participant,
                shared_with=malmo if by_af else af,
                given_on=today - dt.timedelta(days=10 + index),
                method=ConsentMethod.IN_WRITING
                if index % 8 == 0
                else ConsentMethod.ORALLY_AT_MEETING,
                valid_until=today + dt.timedelta(days=365),
                by=by,
            )
        if index % 3 != 2:
            consent_actions.record_presentation_consent(
                participant=participant, given_on=today - dt.timedelta(days=5), by=by
            )
    _open_access_request(numbers, af_user)
    return Participant.objects.filter(personal_number__in=numbers).count()


# A person registered by Malmö stad whom AF asks for: Malmö's coordinator (samordnare.malmo)
# finds the open request on the start page and releases or declines it.
ACCESS_REQUEST_INDEX = 1


def _open_access_request(numbers: list[str], asker: User) -> None:
    participant = Participant.objects.get(personal_number=numbers[ACCESS_REQUEST_INDEX])
    if participant.access_requests.exists() or participant.consents.exists():
        return
    access_requests.request_access(
        participant=participant,
        by=asker,
        consent_given_on=timezone.localdate() - dt.timedelta(days=2),
        consent_method=ConsentMethod.IN_WRITING,
        consent_taken_by=asker.get_full_name() or asker.username,
        scope=ConsentScope.WITHOUT_NOTES,
        valid_until=timezone.localdate() + dt.timedelta(days=365),
        note="Personen vill delta i jobbspåret för undersköterskor; samtycke på blankett.",
        asked_from="Inskrivning på Arbetsförmedlingen",
    )


def demo_step() -> str:
    """This app's part of `seed_demo` (its `demo` contribution)."""
    return f"{seed()} participants"
