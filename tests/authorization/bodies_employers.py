"""Valid bodies and effects for the employers app (and the portal's agreement and invitation)."""

from __future__ import annotations

from django.utils import timezone

from employers.forms import AgreementForm, EmployerForm, MeetingForm, NeedForm, ProviderForm
from employers.models import (
    ActionItem,
    Agreement,
    AgreementConfirmation,
    ContactPerson,
    Criterion,
    ProviderContact,
    RecruitmentNeed,
    RequirementProfileVersion,
)
from jobbspar.models import Role
from tests.authorization.bodies import _as_posted, _fresh, _in_days, _new_org_number, _providers


def _contacts(w):
    return sorted(ContactPerson.objects.filter(employer=w["employer"]).values_list("pk", "name"))


def _profile(w):
    versions = RequirementProfileVersion.objects.filter(need=w["need"])
    criteria = Criterion.objects.filter(version__need=w["need"])
    return sorted(versions.values_list("pk", "notes")), sorted(
        criteria.values_list("pk", flat=True)
    )


def _action_item_done(w):
    return ActionItem.objects.get(pk=w["action_item"].pk).done


def _needs(w):
    return sorted(RecruitmentNeed.objects.filter(employer=w["employer"]).values_list("pk"))


def _provider_contacts(w):
    return sorted(ProviderContact.objects.filter(provider=w["provider"]).values_list("pk"))


def _agreement_confirmations(w):
    return sorted(AgreementConfirmation.objects.values_list("pk", flat=True))


def _contact_user(w):
    return ContactPerson.objects.get(pk=w["portal_contact"].pk).user_id


def _provider_contact_user(w):
    return ProviderContact.objects.get(pk=w["provider_contact"].pk).user_id


def _employer_edit(w, role):
    return _as_posted(EmployerForm(instance=_fresh(w["employer"])), notes="Ny anteckning")


def _provider_edit(w, role):
    return _as_posted(ProviderForm(instance=_fresh(w["provider"])), offering="Vård och omsorg")


def _need_edit(w, role):
    return _as_posted(NeedForm(instance=_fresh(w["need"])), notes="Ändrad")


def _all_needs():
    return RecruitmentNeed.objects.all()


def _meeting_edit(w, role):
    meeting = _fresh(w["meeting"])
    form = MeetingForm(
        instance=meeting, employer=meeting.employer, needs=_all_needs(), providers=_providers()
    )
    return _as_posted(form, title="Avstämning, ny tid")


def _employer_create(w, role):
    form = EmployerForm(instance=_fresh(w["employer"]))
    body = _as_posted(form, name="Nya Bageriet AB", organisation_number=_new_org_number(1))
    body.pop("version", None)
    return body


def _provider_create(w, role):
    return {"name": "Nya Skolan", "organisation_number": _new_org_number(2), "offering": "SFI"}


def _need_create(w, role):
    form = NeedForm(instance=_fresh(w["need"]))
    body = _as_posted(form, wanted_start=_in_days(45), status="new")
    body.pop("version", None)
    return body


def _criterion_create(w, role):
    return {"kind": "driving_licence", "mode": "required", "weight": "2", "driving_licence": "B"}


def _action_item_create(w, role):
    owner = w["personas"][Role.AF_COORDINATOR].pk
    return {"description": "Skicka underlag", "owner": str(owner), "due_date": _in_days(7)}


def _meeting_create(w, role):
    meeting = _fresh(w["meeting"])
    form = MeetingForm(
        instance=meeting, employer=meeting.employer, needs=_all_needs(), providers=_providers()
    )
    body = _as_posted(form, title="Ny avstämning")
    body.pop("version", None)
    return body


def _agreement_form(w):
    agreement = _fresh(w["agreement"])
    return AgreementForm(instance=agreement, need=agreement.need, providers=_providers())


def _agreement_create(w, role):
    body = _as_posted(_agreement_form(w))
    body.pop("version", None)
    return body


def _agreement_edit(w, role):
    return _as_posted(_agreement_form(w), employer_other="Arbetskläder ingår.")


def _agreements(w):
    rows = Agreement.objects.filter(need=w["need"])
    return sorted(rows.values_list("pk", "version", "employer_other"))


def _sent_at(w):
    return Agreement.objects.get(pk=w["agreement"].pk).sent_to_employer_at


def _sent(w, sent: bool) -> None:
    """The world's agreement sent to the employer or not (the world's is sent)."""

    Agreement.objects.filter(pk=w["agreement"].pk).update(
        sent_to_employer_at=timezone.now() if sent else None
    )


def _agreement_send(w, role):
    _sent(w, False)
    return {}


def _agreement_read_and_agreed(w, role):
    # The portal shows an agreement sent to the employer (a refused send left it a draft).
    _sent(w, True)
    return {"read_and_agree": "on"}
