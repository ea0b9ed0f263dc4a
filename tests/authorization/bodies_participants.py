"""Valid bodies and effects for the participants app."""

from __future__ import annotations

import datetime as dt

from jobbspar.models import Role
from participants.forms import BackgroundForm, ExperienceForm, ParticipantForm, PlanItemForm
from participants.identities import personal_number_for
from participants.models import (
    AccessRequest,
    CaseNote,
    Consent,
    OtherLanguage,
    Participant,
    WorkExperience,
)
from participants.views import PENDING_KEY
from tests.authorization.bodies import _as_posted, _fresh, _in_days, _today
from tests.participants.factories import ParticipantFactory


def _records_of(w):
    shared = w["shared"]
    return (
        sorted(CaseNote.objects.filter(participant=shared).values_list("pk", "text")),
        sorted(OtherLanguage.objects.filter(participant=shared).values_list("pk", "language")),
        sorted(WorkExperience.objects.filter(participant=shared).values_list("pk", flat=True)),
    )


def _consent_state(w):
    return Consent.objects.get(pk=w["consent"].pk).withdrawn_on


def _presentation_consent(w):
    return Participant.objects.get(pk=w["shared"].pk).presentation_consent_on


def _anonymised(w):
    return Participant.objects.get(pk=w["shared"].pk).anonymised_at


def _participant_edit(w, role):
    user = w["personas"].get(role, w["personas"][Role.AF_COORDINATOR])
    form = ParticipantForm(instance=_fresh(w["shared"]), user=user)
    return _as_posted(form, phone="0701234567")


def _background_edit(w, role):
    return _as_posted(BackgroundForm(instance=_fresh(w["shared"])), available_from=_in_days(30))


def _experience_add(w, role):
    return _as_posted(ExperienceForm(instance=_fresh(w["experience"])), where="Nya Lagret AB")


def _plan_item_create(w, role):
    body = _as_posted(PlanItemForm(instance=_fresh(w["plan_item"])), title="Ny insats")
    body.pop("version", None)
    return body


def _plan_item_edit(w, role):
    return _as_posted(PlanItemForm(instance=_fresh(w["plan_item"])), title="Ändrad insats")


def _participant_create(w, role):
    user = w["personas"].get(role, w["personas"][Role.AF_COORDINATOR])
    form = ParticipantForm(instance=_fresh(w["shared"]), user=user)
    number = personal_number_for(dt.date(1990, 5, 17), 123)
    body = _as_posted(form, personal_number=number, name="Ny Person")
    body.pop("version", None)
    return body


def _access_request_status(w):
    return AccessRequest.objects.get(pk=w["access_request_to_withdraw"].pk).status


def _consent_create(w, role):
    return {
        "shared_with": str(w["consent"].shared_with_id),
        "scope": "without_notes",
        "given_on": _today(),
        "method": "in_writing",
    }


def _pending_registration(w, role):
    """A registration the user's organisation tried for a person the other organisation
    registered: the personal identity number waits in the session (participant_create)."""

    user = w["personas"].get(role)
    other = w["consent"].shared_with
    if user is not None and user.organisation_id == other.pk:
        other = w["shared"].registered_by
    return {PENDING_KEY: ParticipantFactory(registered_by=other).personal_number}
