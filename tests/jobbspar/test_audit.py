import pytest
from django.db import IntegrityError, InternalError, ProgrammingError, transaction
from django.http import HttpResponse

from jobbspar.audit import AuditContextMiddleware, changes_of, log_read, reads_of
from jobbspar.models import AccessLog, AccessPurpose, Organisation, User
from tests.jobbspar.factories import EmploymentServiceFactory

pytestmark = pytest.mark.django_db

DATABASE_REFUSAL = (InternalError, IntegrityError, ProgrammingError)


def test_reads_are_logged_with_user_organisation_and_purpose(af_coordinator, employer_org):
    log_read(user=af_coordinator, obj=employer_org, purpose=AccessPurpose.CASE_WORK, path="/x/")
    (entry,) = reads_of(employer_org)
    assert (entry.user, entry.organisation, entry.role, entry.purpose, entry.path) == (
        af_coordinator,
        af_coordinator.organisation,
        af_coordinator.role,
        AccessPurpose.CASE_WORK,
        "/x/",
    )


def test_access_log_cannot_be_changed_or_deleted_even_in_bulk(af_coordinator, employer_org):
    log_read(user=af_coordinator, obj=employer_org, purpose=AccessPurpose.CASE_WORK)
    with pytest.raises(DATABASE_REFUSAL), transaction.atomic():
        AccessLog.objects.update(purpose=AccessPurpose.SUPPORT)
    with pytest.raises(DATABASE_REFUSAL), transaction.atomic():
        AccessLog.objects.all().delete()
    assert AccessLog.objects.get().purpose == AccessPurpose.CASE_WORK


def test_bulk_updates_and_deletes_are_in_the_history():
    # An office in no partnership (a partnership's parties cannot be deleted).
    af = EmploymentServiceFactory(name="Arbetsförmedlingen")
    Organisation.objects.filter(pk=af.pk).update(name="Arbetsförmedlingen Syd")
    labels = [event.pgh_label for event in changes_of(af)]
    assert labels == ["update", "insert"]
    pk = af.pk
    Organisation.objects.filter(pk=pk).delete()
    events = Organisation.pgh_event_models["delete"].objects.filter(
        pgh_obj_id=pk, pgh_label="delete"
    )
    assert events.get().name == "Arbetsförmedlingen Syd"


def test_history_rows_are_append_only(af):
    event_model = Organisation.pgh_event_models["insert"]
    with pytest.raises(DATABASE_REFUSAL), transaction.atomic():
        event_model.objects.filter(pgh_obj_id=af.pk).update(name="forged")
    with pytest.raises(DATABASE_REFUSAL), transaction.atomic():
        event_model.objects.filter(pgh_obj_id=af.pk).delete()


def test_changes_made_in_a_request_carry_the_user_and_organisation(rf, af_coordinator, af):
    def view(request):
        Organisation.objects.filter(pk=af.pk).update(name="Arbetsförmedlingen Malmö")
        return HttpResponse()

    request = rf.post("/employers/1/edit/")
    request.user = af_coordinator
    AuditContextMiddleware(view)(request)
    latest = changes_of(af).first()
    assert latest.pgh_context["user"] == af_coordinator.pk
    assert latest.pgh_context["organisation"] == af_coordinator.organisation_id
    assert latest.pgh_context["role"] == af_coordinator.role
    assert latest.pgh_context["url"] == "/employers/1/edit/"


def test_history_never_stores_password_hashes(af_coordinator):
    event_fields = {f.name for f in User.pgh_event_models["update"]._meta.fields}
    assert "password" not in event_fields
