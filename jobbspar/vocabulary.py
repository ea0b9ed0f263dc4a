"""Shared vocabularies: the same words for a requirement profile and a participant's background.

Matching compares a profile's criteria with a participant's background, so both use these
choices and these orderings. Ordered scales expose `rank()` so "at least B1" is a comparison.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SwedishLevel(models.TextChoices):
    """Swedish level on one scale: SFI courses, Swedish as a second language, or CEFR."""

    NONE = "none", _("No Swedish yet")
    SFI_A = "sfi_a", _("SFI course A")
    SFI_B = "sfi_b", _("SFI course B")
    SFI_C = "sfi_c", _("SFI course C")
    SFI_D = "sfi_d", _("SFI course D")
    SAS_BASIC = "sas_basic", _("Swedish as a second language, basic level")
    SAS_UPPER = "sas_upper", _("Swedish as a second language, upper secondary level")
    CEFR_A1 = "a1", _("CEFR A1")
    CEFR_A2 = "a2", _("CEFR A2")
    CEFR_B1 = "b1", _("CEFR B1")
    CEFR_B2 = "b2", _("CEFR B2")
    CEFR_C1 = "c1", _("CEFR C1")
    CEFR_C2 = "c2", _("CEFR C2")
    NATIVE = "native", _("Native or fluent")


# SFI courses and Swedish-as-a-second-language levels placed on the CEFR scale (Skolverket's
# course plans: SFI A ~ A1, B ~ A2, C ~ A2/B1, D ~ B1; SAS basic ~ B1/B2, upper secondary ~ B2/C1).
SWEDISH_LEVEL_RANK: dict[str, int] = {
    SwedishLevel.NONE: 0,
    SwedishLevel.SFI_A: 10,
    SwedishLevel.CEFR_A1: 10,
    SwedishLevel.SFI_B: 20,
    SwedishLevel.CEFR_A2: 20,
    SwedishLevel.SFI_C: 25,
    SwedishLevel.SFI_D: 30,
    SwedishLevel.CEFR_B1: 30,
    SwedishLevel.SAS_BASIC: 35,
    SwedishLevel.CEFR_B2: 40,
    SwedishLevel.SAS_UPPER: 45,
    SwedishLevel.CEFR_C1: 50,
    SwedishLevel.CEFR_C2: 60,
    SwedishLevel.NATIVE: 60,
}


def swedish_rank(level: str | None) -> int:
    return SWEDISH_LEVEL_RANK.get(level or SwedishLevel.NONE, 0)


class LanguageLevel(models.TextChoices):
    """Level in a language other than Swedish (CEFR, or native)."""

    A1 = "a1", _("A1 (beginner)")
    A2 = "a2", _("A2 (elementary)")
    B1 = "b1", _("B1 (intermediate)")
    B2 = "b2", _("B2 (upper intermediate)")
    C1 = "c1", _("C1 (advanced)")
    C2 = "c2", _("C2 (proficient)")
    NATIVE = "native", _("Native language")


LANGUAGE_LEVEL_RANK = {level: index for index, level in enumerate(LanguageLevel.values)}


class DrivingLicence(models.TextChoices):
    """Swedish driving licence categories (Transportstyrelsen)."""

    AM = "AM", _("AM (moped)")
    A1 = "A1", _("A1 (light motorcycle)")
    A2 = "A2", _("A2 (medium motorcycle)")
    A = "A", _("A (motorcycle)")
    B = "B", _("B (car)")
    BE = "BE", _("BE (car with heavy trailer)")
    C1 = "C1", _("C1 (medium truck)")
    C1E = "C1E", _("C1E (medium truck with trailer)")
    C = "C", _("C (heavy truck)")
    CE = "CE", _("CE (heavy truck with trailer)")
    D1 = "D1", _("D1 (minibus)")
    D1E = "D1E", _("D1E (minibus with trailer)")
    D = "D", _("D (bus)")
    DE = "DE", _("DE (bus with trailer)")


class EducationLevel(models.TextChoices):
    """Highest completed education, in order (SUN levels, simplified)."""

    NONE = "none", _("No completed schooling")
    PRIMARY_SHORT = "primary_short", _("Compulsory school, less than 9 years")
    PRIMARY = "primary", _("Compulsory school, 9 years")
    UPPER_SECONDARY = "upper_secondary", _("Upper secondary school")
    POST_SECONDARY = "post_secondary", _("Post-secondary education, less than 3 years")
    UNIVERSITY = "university", _("University, 3 years or more")


EDUCATION_LEVEL_RANK = {level: index for index, level in enumerate(EducationLevel.values)}


class Certificate(models.TextChoices):
    """Certificates and licences often asked for in local job tracks."""

    FORKLIFT = "forklift", _("Forklift licence (truckkort)")
    HYGIENE = "hygiene", _("Food hygiene certificate")
    YKB = "ykb", _("Professional driver's certificate (YKB)")
    CPR = "cpr", _("CPR and first aid")
    DELEGATION = "delegation", _("Delegation for medication (care)")
    WORK_AT_HEIGHT = "work_at_height", _("Work at height and lifting platforms")
    HOT_WORK = "hot_work", _("Hot work certificate")
    SAFE_CONSTRUCTION = "safe_construction", _("Safe construction work (BAM)")
    SECURITY_GUARD = "security_guard", _("Security guard training")
    CLEANING = "cleaning", _("Professional cleaning certificate")


class WorkingHours(models.TextChoices):
    DAYTIME = "daytime", _("Daytime")
    SHIFTS = "shifts", _("Shifts (days, evenings)")
    NIGHTS = "nights", _("Nights")
    WEEKENDS = "weekends", _("Weekends")
    PART_TIME = "part_time", _("Part time")
    FULL_TIME = "full_time", _("Full time")


class PhysicalDemand(models.TextChoices):
    LIGHT = "light", _("Light (mostly sitting or standing)")
    MODERATE = "moderate", _("Moderate (walking, some lifting)")
    HEAVY = "heavy", _("Heavy (frequent lifting, physically demanding)")


PHYSICAL_DEMAND_RANK = {level: index for index, level in enumerate(PhysicalDemand.values)}
