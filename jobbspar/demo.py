"""Demo organisations and one user per role. Idempotent: running it again changes nothing."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from jobbspar.models import Organisation, OrganisationKind, Partnership, Role, User
from jobbspar.roles import assign_role
from jobbspar.two_factor import key_from_base32

DEMO_PASSWORD = "jobbspar-demo"  # noqa: S105 - documented demo credential, demo mode only
# Every demo user signs in with a code from this authenticator secret (base32, as apps take it):
# add it to an authenticator app once and the demo shows the real two-step sign-in.
DEMO_TOTP_SECRET = "JOBBSPARDEMOTOTPSECRETKEY234567A"  # noqa: S105 - documented, demo mode only
DEMO_TOTP_DEVICE_NAME = "Demo authenticator"

AF = "Arbetsförmedlingen"
MALMO = "Malmö stad"
AF_LUND = "Arbetsförmedlingen Lund"
LUND = "Lunds kommun"
LUND_EMPLOYER = "Lundabageriet AB"
# Two partnerships: Malmö's (all the demo's work but one track) and Lund's, whose coordinator
# cannot edit Malmö's tracks (and the other way round).
MALMO_PARTNERSHIP = "AF Malmö + Malmö stad"
LUND_PARTNERSHIP = "AF Lund + Lunds kommun"
PARTNERSHIPS = [(MALMO_PARTNERSHIP, AF, MALMO), (LUND_PARTNERSHIP, AF_LUND, LUND)]


@dataclass(frozen=True)
class DemoOrganisation:
    name: str
    kind: str
    organisation_number: str | None


# Organisation numbers below are real-format numbers with valid check digits.
ORGANISATIONS = [
    DemoOrganisation(AF, OrganisationKind.EMPLOYMENT_SERVICE, "202100-2114"),
    DemoOrganisation(MALMO, OrganisationKind.MUNICIPALITY, "212000-1124"),
    DemoOrganisation("Omsorgshuset Söder AB", OrganisationKind.EMPLOYER, "556677-8899"),
    DemoOrganisation("Hamnlager Syd AB", OrganisationKind.EMPLOYER, "556123-4567"),
    DemoOrganisation("Öresundsbuss AB", OrganisationKind.EMPLOYER, "556987-6542"),
    DemoOrganisation("Restaurang Möllan AB", OrganisationKind.EMPLOYER, "556345-6788"),
    DemoOrganisation("Kompetenscentrum Syd AB", OrganisationKind.EDUCATION_PROVIDER, "556234-5677"),
    # An AF office shares the authority's organisation number: none of its own here.
    DemoOrganisation(AF_LUND, OrganisationKind.EMPLOYMENT_SERVICE, None),
    DemoOrganisation(LUND, OrganisationKind.MUNICIPALITY, "212000-1132"),
    DemoOrganisation(LUND_EMPLOYER, OrganisationKind.EMPLOYER, "556555-1263"),
]


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: str
    organisation: str | None


USERS = [
    DemoUser("samordnare.af", "Rosa", "Gustafsson", Role.AF_COORDINATOR, AF),
    DemoUser("samordnare.malmo", "Sara", "Franck", Role.MUNICIPAL_COORDINATOR, MALMO),
    DemoUser("jobbcoach", "Jonas", "Lind", Role.JOB_COACH, MALMO),
    DemoUser("arbetsgivare", "Eva", "Holm", Role.EMPLOYER, "Omsorgshuset Söder AB"),
    DemoUser("chef", "Maria", "Berg", Role.MANAGER, MALMO),
    DemoUser("admin", "Ali", "Karimi", Role.ADMIN, None),
    DemoUser("samordnare.lund", "Lina", "Nyström", Role.MUNICIPAL_COORDINATOR, LUND),
    # Records attendance at the running track's training and yrkessvenska (schedule/demo.py).
    DemoUser("utbildare", "Karin", "Ahlström", Role.EDUCATION_PROVIDER, "Kompetenscentrum Syd AB"),
]


def organisation(name: str) -> Organisation:
    return Organisation.objects.get(name=name)


@transaction.atomic
def seed() -> list[User]:
    for kind in ORGANISATIONS:
        Organisation.objects.update_or_create(
            name=kind.name,
            defaults={"kind": kind.kind, "organisation_number": kind.organisation_number},
        )
    for name, employment_service, municipality in PARTNERSHIPS:
        Partnership.objects.get_or_create(
            name=name,
            defaults={
                "employment_service": organisation(employment_service),
                "municipality": organisation(municipality),
            },
        )
    users = []
    for spec in USERS:
        user, created = User.objects.get_or_create(
            username=spec.username,
            defaults={
                "first_name": spec.first_name,
                "last_name": spec.last_name,
                "email": f"{spec.username}@jobbspar.localhost",
                "role": spec.role,
                "organisation": organisation(spec.organisation) if spec.organisation else None,
                "is_demo": True,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        assign_role(user, spec.role)
        enrol_demo_authenticator(user)
        users.append(user)
    return users


def enrol_demo_authenticator(user: User) -> TOTPDevice:
    """Give a demo user the shared demo authenticator (once; an existing one is kept)."""
    device, _ = TOTPDevice.objects.get_or_create(
        user=user,
        name=DEMO_TOTP_DEVICE_NAME,
        defaults={"key": key_from_base32(DEMO_TOTP_SECRET), "confirmed": True},
    )
    return device


def partnership(name: str = MALMO_PARTNERSHIP) -> Partnership:
    return Partnership.objects.get(name=name)


def demo_step() -> str:
    """This app's part of `seed_demo` (its `demo` contribution)."""
    return f"{len(seed())} demo users"
