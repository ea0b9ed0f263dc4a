"""Organisations, partnerships, staff users (with an authenticator), education providers,
employers and their contacts."""

from __future__ import annotations

from django_otp.plugins.otp_totp.models import TOTPDevice

from bench.dataset.generation import Generation
from bench.dataset.identities import organisation_number
from bench.dataset.loader import Row
from bench.dataset.presets import USERNAME_PREFIX
from bench.dataset.records import Region
from bench.dataset.reference import FIRST_NAMES, LAST_NAMES, MUNICIPALITIES
from employers.models import ContactPerson, EducationProvider, Employer, Sector
from jobbspar.demo import DEMO_TOTP_SECRET
from jobbspar.models import Organisation, OrganisationKind, Partnership, Role, User
from jobbspar.two_factor import key_from_base32


class Organisations(Generation):
    def organisations_and_staff(self) -> None:
        preset = self.preset
        names = MUNICIPALITIES * (preset.regions // len(MUNICIPALITIES) + 1)
        org_ids = iter(self.load.ids(Organisation, preset.regions * 3 + preset.employers))
        org_rows: list[Row] = []
        provider_rows: list[Row] = []
        user_rows: list[Row] = []
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
            region = Region(index=r, municipality=muni, af_office=af)
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
        key = key_from_base32(DEMO_TOTP_SECRET)
        TOTPDevice.objects.bulk_create(
            [TOTPDevice(user_id=pk, name="default", key=key, confirmed=True) for pk in user_ids],
            batch_size=1000,
        )
