"""Roles as Django groups with permissions: one function assigns a role, one syncs groups."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from jobbspar.models import Role, User

_EMPLOYER_MODELS = [
    "employer",
    "contactperson",
    "educationprovider",
    "providercontact",
    "recruitmentneed",
    "requirementprofileversion",
    "criterion",
    "planningmeeting",
    "actionitem",
    "agreement",
    "agreementconfirmation",
]
EMPLOYER_VIEW = [f"employers.view_{model}" for model in _EMPLOYER_MODELS] + [
    "employers.view_occupation",
    "employers.view_employerchange",
]
EMPLOYER_EDIT = EMPLOYER_VIEW + [
    f"employers.{action}_{model}" for model in _EMPLOYER_MODELS for action in ("add", "change")
]

# Model permissions each role's group carries (app_label.codename). The access modules
# (<app>/access.py) narrow these to the objects a user may see; these decide what kinds of
# objects a role may touch at all, and they drive the Django admin for support staff.
_PARTICIPANT_WORK = [
    "participants.view_participant",
    "participants.view_otherlanguage",
    "participants.add_otherlanguage",
    "participants.view_workexperience",
    "participants.add_workexperience",
    "participants.view_casenote",
    "participants.add_casenote",
    "participants.view_planitem",
    "participants.add_planitem",
    "participants.change_planitem",
    "participants.view_consent",
    "participants.view_participantevent",
]
_PARTICIPANT_COORDINATION = [
    *_PARTICIPANT_WORK,
    "participants.add_participant",
    "participants.change_participant",
    "participants.add_consent",
    "participants.change_consent",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.AF_COORDINATOR: [
        "jobbspar.view_organisation",
        *EMPLOYER_EDIT,
        *_PARTICIPANT_COORDINATION,
    ],
    Role.MUNICIPAL_COORDINATOR: [
        "jobbspar.view_organisation",
        *EMPLOYER_EDIT,
        *_PARTICIPANT_COORDINATION,
    ],
    Role.JOB_COACH: ["jobbspar.view_organisation", *EMPLOYER_VIEW, *_PARTICIPANT_WORK],
    Role.EMPLOYER: [
        "employers.view_employer",
        "employers.view_recruitmentneed",
        "employers.view_requirementprofileversion",
        "employers.view_agreement",
    ],
    Role.MANAGER: [],
    Role.ADMIN: ["*"],
    # Education provider users read and record only through schedule/access.py (their strands).
    Role.EDUCATION_PROVIDER: [],
}


def _permissions_for(codes: list[str]) -> list[Permission]:
    if codes == ["*"]:
        return list(Permission.objects.all())
    wanted = {tuple(code.split(".", 1)) for code in codes}
    found = [
        perm
        for perm in Permission.objects.select_related("content_type").filter(
            codename__in=[codename for _, codename in wanted]
        )
        if (perm.content_type.app_label, perm.codename) in wanted
    ]
    missing = wanted - {(p.content_type.app_label, p.codename) for p in found}
    if missing:
        raise LookupError(f"Unknown permissions in ROLE_PERMISSIONS: {sorted(missing)}")
    return found


def sync_role_groups() -> None:
    """Create one group per role and give it exactly the permissions in ROLE_PERMISSIONS."""
    with transaction.atomic():
        for role in Role:
            group, _ = Group.objects.get_or_create(name=role.value)
            group.permissions.set(_permissions_for(ROLE_PERMISSIONS[role]))


def assign_role(user: User, role: str) -> None:
    """Give a saved user a role: the field, the matching group, and admin-site access."""
    with transaction.atomic():
        user.role = role
        user.is_staff = role == Role.ADMIN
        user.is_superuser = role == Role.ADMIN
        user.save(update_fields=["role", "is_staff", "is_superuser"])
        role_groups = Group.objects.filter(name__in=Role.values)
        user.groups.remove(*role_groups)
        user.groups.add(Group.objects.get(name=role))
