"""Every write to employer data, contacts, needs, profiles, meetings and agreements is recorded."""

import pytest
from django.http import HttpResponse

from employers.models import (
    ActionItem,
    Agreement,
    AgreementConfirmation,
    ContactPerson,
    Criterion,
    EducationProvider,
    Employer,
    PlanningMeeting,
    ProviderContact,
    RecruitmentNeed,
    RequirementProfileVersion,
)
from jobbspar.audit import AuditContextMiddleware, changes_of
from tests.employers.factories import ContactPersonFactory, EmployerFactory

pytestmark = pytest.mark.django_db

TRACKED = [
    Employer,
    ContactPerson,
    EducationProvider,
    ProviderContact,
    RecruitmentNeed,
    RequirementProfileVersion,
    Criterion,
    PlanningMeeting,
    ActionItem,
    Agreement,
    AgreementConfirmation,
]


@pytest.mark.parametrize("model", TRACKED, ids=lambda m: m.__name__)
def test_model_has_insert_update_and_delete_history(model):
    assert set(model.pgh_event_models) >= {"insert", "update", "delete"}


def test_bulk_changes_to_contacts_carry_the_request_user(rf, af_coordinator):
    contact = ContactPersonFactory(employer=EmployerFactory())

    def view(request):
        ContactPerson.objects.filter(pk=contact.pk).update(phone="0701234567")
        ContactPerson.objects.filter(pk=contact.pk).delete()
        return HttpResponse()

    request = rf.post("/employers/contacts/")
    request.user = af_coordinator
    AuditContextMiddleware(view)(request)
    events = ContactPerson.pgh_event_models["delete"].objects.filter(pgh_obj_id=contact.pk)
    assert sorted(e.pgh_label for e in events) == ["delete", "insert", "update"]
    deleted = events.get(pgh_label="delete")
    assert deleted.phone == "0701234567"
    assert deleted.pgh_context.metadata["user"] == af_coordinator.pk
    assert deleted.pgh_context.metadata["organisation"] == af_coordinator.organisation_id
    assert changes_of(contact.employer).first().pgh_label == "insert"
