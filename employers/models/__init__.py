"""Employers and what they need: SSYK occupations, employers, contacts, recruitment needs,
requirement profiles (versioned), planning meetings, education providers and agreements.

One module per sub-domain; every name is re-exported here, so `from employers.models import X`
stays the way other apps, migrations and tests import them.
"""

from employers.models.agreements import Agreement, AgreementConfirmation, AgreementStatus, Party
from employers.models.employers import (
    ContactFields,
    ContactPerson,
    Employer,
    EmployerChange,
    Sector,
    phone_validator,
)
from employers.models.meetings import ActionItem, PlanningMeeting
from employers.models.needs import (
    Criterion,
    CriterionKind,
    CriterionMode,
    EmploymentType,
    Horizon,
    NeedStatus,
    RecruitmentNeed,
    RequirementProfileVersion,
)
from employers.models.occupations import Occupation, ShortageOccupation
from employers.models.providers import EducationProvider, ProviderContact

__all__ = [
    "ActionItem",
    "Agreement",
    "AgreementConfirmation",
    "AgreementStatus",
    "ContactFields",
    "ContactPerson",
    "Criterion",
    "CriterionKind",
    "CriterionMode",
    "EducationProvider",
    "Employer",
    "EmployerChange",
    "EmploymentType",
    "Horizon",
    "NeedStatus",
    "Occupation",
    "Party",
    "PlanningMeeting",
    "ProviderContact",
    "RecruitmentNeed",
    "RequirementProfileVersion",
    "Sector",
    "ShortageOccupation",
    "phone_validator",
]
