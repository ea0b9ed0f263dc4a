"""Agreements (överenskommelser): drafting, versions, confirmation per party, and the PDF."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.forms.models import model_to_dict
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from employers.models import (
    Agreement,
    AgreementStatus,
    Party,
    RecruitmentNeed,
)
from employers.profiles import current_version
from employers.registry import record_change
from jobbspar import access
from jobbspar.locking import save_versioned
from jobbspar.models import User
from jobbspar.pdf import render_pdf

AGREEMENT_CONTENT_FIELDS = [
    "positions",
    "intends_to_hire",
    "hiring_intention",
    "employer_receives_apl",
    "employer_prepares_workplace",
    "mentors",
    "employer_planning_time",
    "employer_other",
    "employment_service_commitments",
    "municipality_commitments",
    "education_provider",
    "provider_commitments",
    "meeting_cadence",
    "profile_version",
    "phase_plan_summary",
]


def latest_agreement(need: RecruitmentNeed) -> Agreement | None:
    return need.agreements.order_by("-number").first()


def shown_to_employer() -> Q:
    """The versions an employer sees: agreed ones, and drafts sent to them for confirmation."""
    return Q(status=AgreementStatus.AGREED) | Q(sent_to_employer_at__isnull=False)


def employer_agreement(agreements: QuerySet, *, need_id: int) -> Agreement | None:
    """The version of the need's agreement the employer reads and confirms: the newest one
    shown to them (`agreements` is the employer user's scoped queryset)."""
    return (
        agreements.filter(shown_to_employer(), need_id=need_id)
        .prefetch_related("confirmations")
        .order_by("-number")
        .first()
    )


@transaction.atomic
def send_to_employer(*, agreement: Agreement, by: User | None) -> Agreement:
    """Show the draft to the employer in the portal, for them to read and confirm."""
    locked = access.refetch(agreement).select_for_update().get()
    if locked.is_agreed or locked.sent_to_employer_at is not None:
        return locked  # agreed versions are shown anyway; a sent draft stays sent
    if locked.need.agreements.filter(number__gt=locked.number).exists():
        raise ValidationError(_("A newer version of this agreement exists; send that one."))
    locked.sent_to_employer_at = timezone.now()
    locked.save(update_fields=["sent_to_employer_at"])
    record_change(
        employer=locked.need.employer,
        by=by,
        summary=_("Agreement version %(number)s sent to the employer for confirmation")
        % {"number": locked.number},
    )
    return locked


def initial_for(need: RecruitmentNeed) -> dict[str, Any]:
    """Starting values for a new agreement: the latest version's, else the need's."""
    latest = latest_agreement(need)
    if latest is not None:
        return model_to_dict(latest, fields=AGREEMENT_CONTENT_FIELDS)
    profile = current_version(need)
    return {"positions": need.positions, "profile_version": profile.pk if profile else None}


@transaction.atomic
def save_agreement(*, need: RecruitmentNeed, agreement: Agreement, by: User | None) -> Agreement:
    """Save the agreement's content. A draft is changed in place; changing an agreed version
    (or starting anew) makes a new draft version, and its confirmations start over."""
    access.refetch(need).select_for_update().get()
    latest = latest_agreement(need)
    is_latest_draft = (
        agreement.pk is not None
        and latest is not None
        and agreement.pk == latest.pk
        and latest.status == AgreementStatus.DRAFT
    )
    if is_latest_draft:
        save_versioned(agreement)
        # The text changed, so confirmations given for the old text no longer hold.
        agreement.confirmations.all().delete()
        record_change(
            employer=need.employer,
            by=by,
            summary=_("Agreement version %(number)s changed") % {"number": agreement.number},
        )
        return agreement
    agreement.pk = None
    agreement._state.adding = True
    agreement.need = need
    agreement.number = (latest.number if latest else 0) + 1
    agreement.status = AgreementStatus.DRAFT
    agreement.agreed_at = None
    agreement.sent_to_employer_at = None  # a new version is sent anew
    agreement.created_by = by
    agreement.version = 1
    agreement.save()
    record_change(
        employer=need.employer,
        by=by,
        summary=_("Agreement version %(number)s drafted") % {"number": agreement.number},
    )
    return agreement


@transaction.atomic
def confirm_agreement(
    *, agreement: Agreement, party: str, confirmed_by_name: str, by: User | None
) -> Agreement:
    """Record that `party` confirmed this version; when every party has, it is agreed."""
    locked = access.refetch(agreement).select_for_update().get()
    if party not in locked.required_parties():
        raise ValidationError({"party": _("This party is not part of the agreement.")})
    if locked.need.agreements.filter(number__gt=locked.number).exists():
        raise ValidationError(_("A newer version of this agreement exists; confirm that one."))
    confirmation, created = locked.confirmations.get_or_create(
        party=party,
        defaults={"confirmed_by_name": confirmed_by_name, "recorded_by": by},
    )
    if not created:
        return locked
    record_change(
        employer=locked.need.employer,
        by=by,
        summary=_("Agreement version %(number)s confirmed for %(party)s by %(name)s")
        % {
            "number": locked.number,
            "party": confirmation.get_party_display(),
            "name": confirmed_by_name,
        },
    )
    confirmed = set(locked.confirmations.values_list("party", flat=True))
    if locked.status == AgreementStatus.DRAFT and set(locked.required_parties()) <= confirmed:
        locked.status = AgreementStatus.AGREED
        locked.agreed_at = timezone.now()
        locked.save(update_fields=["status", "agreed_at"])
        record_change(
            employer=locked.need.employer,
            by=by,
            summary=_("Agreement version %(number)s agreed by all parties")
            % {"number": locked.number},
        )
    return locked


def changes_from_previous(agreement: Agreement) -> list[tuple[str, str, str]]:
    """What this version says differently from the one before it: (field, before, now)."""
    previous = (
        agreement.need.agreements.filter(number__lt=agreement.number)
        .select_related("education_provider", "profile_version")
        .order_by("-number")
        .first()
    )
    if previous is None:
        return []
    changes = []
    for name in AGREEMENT_CONTENT_FIELDS:
        field = Agreement._meta.get_field(name)
        before, now = getattr(previous, name), getattr(agreement, name)
        if before != now:
            label = getattr(field, "verbose_name", name)  # content fields are columns
            changes.append((str(label), _display(before), _display(now)))
    return changes


def _display(value) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return str(value)


def agreement_context(agreement: Agreement) -> dict[str, Any]:
    agreement = (
        access.refetch(agreement)
        .select_related(
            "need__employer", "need__occupation", "education_provider", "profile_version"
        )
        .prefetch_related("confirmations", "profile_version__criteria__experience_occupation")
        .get()
    )
    confirmations = {c.party: c for c in agreement.confirmations.all()}
    return {
        "party_rows": [
            (Party(party).label, confirmations.get(party)) for party in agreement.required_parties()
        ],
        "agreement": agreement,
        "changes": changes_from_previous(agreement),
        "need": agreement.need,
        "employer": agreement.need.employer,
        "criteria": list(agreement.profile_version.criteria.all())
        if agreement.profile_version
        else [],
    }


def agreement_pdf(agreement: Agreement, *, base_url: str | None = None) -> bytes:
    """The agreement as a PDF (WeasyPrint), in the current language."""
    html = render_to_string("employers/agreement_document.html", agreement_context(agreement))
    return render_pdf(html, base_url=base_url)
