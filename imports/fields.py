"""The columns each import knows: their keys, Swedish labels, the header names they are guessed
from (Swedish and English), and whether a row must have them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from imports.models import ImportKind


@dataclass(frozen=True)
class ImportField:
    key: str
    label: str | Promise
    aliases: tuple[str, ...]
    required: bool = False
    example: str = ""


PARTICIPANT_FIELDS = (
    ImportField(
        "personal_number",
        _("Personal identity number"),
        (
            "personnummer",
            "pnr",
            "personnr",
            "samordningsnummer",
            "personal identity number",
            "personal number",
            "ssn",
        ),
        required=True,
        example="19900101-0017",
    ),
    ImportField(
        "name",
        _("Name"),
        ("namn", "fullständigt namn", "name", "full name"),
        required=True,
        example="Amina Hassan",
    ),
    ImportField(
        "phone",
        _("Phone"),
        ("telefon", "telefonnummer", "mobil", "phone", "mobile"),
        example="070-123 45 67",
    ),
    ImportField(
        "email",
        _("E-mail"),
        ("e-post", "epost", "mejl", "email", "e-mail"),
        example="amina@example.se",
    ),
    ImportField(
        "district", _("District"), ("stadsdel", "område", "district", "area"), example="Rosengård"
    ),
    ImportField("gender", _("Gender"), ("kön", "gender", "sex"), example="kvinna"),
    ImportField(
        "preferred_language",
        _("Preferred language"),
        ("språk", "föredraget språk", "modersmål", "preferred language", "language"),
        example="arabiska",
    ),
    ImportField(
        "needs_interpreter",
        _("Needs an interpreter"),
        ("tolk", "behöver tolk", "tolkbehov", "interpreter", "needs interpreter"),
        example="nej",
    ),
    ImportField(
        "newly_arrived",
        _("Newly arrived"),
        ("nyanländ", "nyanlanda", "newly arrived"),
        example="ja",
    ),
    ImportField(
        "arrival_date",
        _("Arrival date in Sweden"),
        ("ankomstdatum", "ankomst", "ankomst till sverige", "arrival date", "arrived"),
        example="2024-03-15",
    ),
    ImportField(
        "long_term_unemployed",
        _("Long-term unemployed"),
        ("långtidsarbetslös", "long-term unemployed", "long term unemployed"),
        example="nej",
    ),
    ImportField(
        "receives_income_support",
        _("Receives income support"),
        ("försörjningsstöd", "income support", "receives income support"),
        example="ja",
    ),
    ImportField(
        "consent_given_on",
        _("Consent given on"),
        (
            "samtycke lämnat",
            "samtycke datum",
            "samtycke",
            "consent given on",
            "consent date",
            "consent",
        ),
        example="",
    ),
    ImportField(
        "consent_method",
        _("Consent given how"),
        ("samtycke sätt", "hur samtycket gavs", "samtyckessätt", "consent method"),
        example="",
    ),
    ImportField(
        "consent_taken_by",
        _("Consent taken by"),
        ("samtycke taget av", "samtycket togs av", "consent taken by"),
        example="",
    ),
)

EMPLOYER_FIELDS = (
    ImportField(
        "organisation_number",
        _("Organisation number"),
        (
            "organisationsnummer",
            "orgnr",
            "org.nr",
            "org nr",
            "organisation number",
            "organization number",
            "company number",
        ),
        required=True,
        example="556677-8899",
    ),
    ImportField(
        "name",
        _("Name"),
        ("namn", "företag", "företagsnamn", "arbetsgivare", "name", "employer", "company"),
        required=True,
        example="Omsorgshuset Söder AB",
    ),
    ImportField("sector", _("Sector"), ("sektor", "sector"), required=True, example="privat"),
    ImportField("industry", _("Industry"), ("bransch", "industry"), example="Vård och omsorg"),
    ImportField(
        "street_address",
        _("Street address"),
        ("gatuadress", "adress", "street address", "address"),
        example="Södergatan 1",
    ),
    ImportField(
        "postal_code",
        _("Postal code"),
        ("postnummer", "postnr", "postal code", "zip"),
        example="211 34",
    ),
    ImportField("city", _("City"), ("ort", "postort", "stad", "city", "town"), example="Malmö"),
    ImportField("workplaces", _("Workplaces"), ("arbetsplatser", "workplaces"), example=""),
    ImportField(
        "notes", _("Notes"), ("anteckningar", "notering", "noteringar", "notes"), example=""
    ),
)

FIELDS: dict[str, tuple[ImportField, ...]] = {
    ImportKind.PARTICIPANTS: PARTICIPANT_FIELDS,
    ImportKind.EMPLOYERS: EMPLOYER_FIELDS,
}


def _normal(header: str) -> str:
    return re.sub(r"[\s_]+", " ", header.strip().lower().replace("\ufeff", ""))


def guess_mapping(kind: str, headers: list[str]) -> dict[str, str]:
    """Column index (as a string) -> field key, for the headers that name a known field; each
    field is taken by its first matching column."""
    by_name: dict[str, str] = {}
    for field in FIELDS[kind]:
        by_name[_normal(field.key)] = field.key
        by_name[_normal(str(field.label))] = field.key
        for alias in field.aliases:
            by_name[_normal(alias)] = field.key
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for index, header in enumerate(headers):
        key = by_name.get(_normal(header))
        if key and key not in taken:
            mapping[str(index)] = key
            taken.add(key)
    return mapping


def missing_required(kind: str, mapping: dict[str, str]) -> list[ImportField]:
    chosen = set(mapping.values())
    return [field for field in FIELDS[kind] if field.required and field.key not in chosen]
