import pytest
from django.db import IntegrityError, InternalError, ProgrammingError, transaction
from django.http import HttpResponse

from jobbspar.audit import AuditContextMiddleware, changes_of, log_read, reads_of
from jobbspar.models import AccessLog, AccessPurpose, Organisation, Role, User
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


def _log_grouped() -> set[tuple]:
    """The access log grouped as RecordReader sums it, counted by the database."""
    from django.db.models import Count, Max

    return {
        (
            row["object_type"],
            row["object_id"],
            row["user"],
            row["organisation"],
            row["purpose"],
            row["reads"],
            row["latest"],
        )
        for row in AccessLog.objects.order_by()
        .values("object_type", "object_id", "user", "organisation", "purpose")
        .annotate(reads=Count("id"), latest=Max("at"))
    }


def _sums() -> set[tuple]:
    from jobbspar.models import RecordReader

    return set(
        RecordReader.objects.values_list(
            "object_type", "object_id", "user", "organisation", "purpose", "reads", "latest"
        )
    )


def test_the_readers_sums_equal_the_log_after_single_and_bulk_reads(
    af_coordinator, municipal_coordinator, employer_org, af
):
    from jobbspar.audit import log_reads
    from tests.jobbspar.factories import UserFactory

    # A user of no organisation (an administrator) is one reader too, not one per read.
    unattached = UserFactory(organisation=None, role=Role.ADMIN)
    for user in (af_coordinator, unattached, af_coordinator, unattached, municipal_coordinator):
        log_read(user=user, obj=employer_org, purpose=AccessPurpose.CASE_WORK)
    # An export: one INSERT of many rows, one of them a record read before.
    log_reads(user=af_coordinator, objects=[employer_org, af], purpose=AccessPurpose.EXPORT)
    log_reads(user=af_coordinator, objects=[employer_org, employer_org], purpose="export")
    assert _sums() == _log_grouped()
    by_reader = {(t, o, user, purpose): reads for t, o, user, _g, purpose, reads, _l in _sums()}
    record = ("jobbspar.organisation", str(employer_org.pk))
    assert by_reader[(*record, unattached.pk, AccessPurpose.CASE_WORK)] == 2
    assert by_reader[(*record, af_coordinator.pk, AccessPurpose.EXPORT)] == 3


def test_a_read_rolled_back_is_not_summed(af_coordinator, employer_org):
    log_read(user=af_coordinator, obj=employer_org, purpose=AccessPurpose.CASE_WORK)
    with pytest.raises(RuntimeError), transaction.atomic():
        log_read(user=af_coordinator, obj=employer_org, purpose=AccessPurpose.CASE_WORK)
        raise RuntimeError("the page failed after the read was logged")
    ((*_, reads, _latest),) = _sums()
    assert reads == 1 == AccessLog.objects.count()


def test_the_readers_sums_cannot_be_deleted(af_coordinator, employer_org):
    from jobbspar.models import RecordReader

    log_read(user=af_coordinator, obj=employer_org, purpose=AccessPurpose.CASE_WORK)
    with pytest.raises(DATABASE_REFUSAL), transaction.atomic():
        RecordReader.objects.all().delete()
    assert RecordReader.objects.count() == 1


def test_summing_the_log_again_gives_what_the_trigger_kept(
    af_coordinator, municipal_coordinator, employer_org, af
):
    from bench.dataset.participants import sum_readers_again

    for user in (af_coordinator, municipal_coordinator, af_coordinator):
        for obj in (employer_org, af):
            log_read(user=user, obj=obj, purpose=AccessPurpose.CASE_WORK)
    kept = _sums()
    sum_readers_again()
    assert _sums() == kept == _log_grouped()


@pytest.mark.django_db(transaction=True)
def test_reads_logged_at_once_from_many_connections_are_all_summed(af_coordinator, employer_org):
    """The promise under the failure it names: readers of one record at the same moment (each
    request its own connection and transaction) all reach the one sum, none lost or doubled."""
    import threading

    from django.db import connection

    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def reader() -> None:
        try:
            barrier.wait()
            for _ in range(15):
                with transaction.atomic():
                    log_read(user=af_coordinator, obj=employer_org, purpose="case_work")
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=reader) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    ((*_, reads, _latest),) = _sums()
    assert reads == 60 == AccessLog.objects.count()
    assert _sums() == _log_grouped()


@pytest.mark.django_db(transaction=True)
def test_a_pages_reads_are_one_statement_written_whole_or_not_at_all(
    af_coordinator, employer_org, af
):
    """log_reads writes a page's reads as one INSERT, without a transaction of its own (issue
    18: bulk_create's BEGIN and COMMIT were two more round trips): committed at once outside a
    transaction; inside one, part of it; and a statement that fails writes no row of it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from jobbspar.audit import log_reads

    before = timezone.now()
    with CaptureQueriesContext(connection) as captured:
        assert (
            log_reads(user=af_coordinator, objects=[employer_org, af], purpose="export", path="/x/")
            == 2
        )
    assert [query["sql"].split(" ", 2)[:2] for query in captured.captured_queries] == [
        ["INSERT", "INTO"]
    ]
    # Every column, as log_read writes a single read.
    log_read(user=af_coordinator, obj=af, purpose="export", path="/x/")
    columns = [f.attname for f in AccessLog._meta.concrete_fields if f.attname not in ("id", "at")]
    rows = list(AccessLog.objects.order_by("id").values_list(*columns))
    expected = (af_coordinator.pk, af_coordinator.organisation_id, af_coordinator.role)
    assert rows == [
        (*expected, "jobbspar.organisation", str(employer_org.pk), "export", "/x/"),
        (*expected, "jobbspar.organisation", str(af.pk), "export", "/x/"),
        (*expected, "jobbspar.organisation", str(af.pk), "export", "/x/"),
    ]
    assert columns == [
        "user_id",
        "organisation_id",
        "role",
        "object_type",
        "object_id",
        "purpose",
        "path",
    ]
    assert all(before <= entry.at <= timezone.now() for entry in AccessLog.objects.all())
    assert AccessLog.objects.count() == 3
    # A reader that does not exist: the statement fails, and neither row is written.
    gone = User(pk=af_coordinator.pk + 10_000, organisation=af_coordinator.organisation)
    with pytest.raises(IntegrityError):
        log_reads(user=gone, objects=[employer_org, af], purpose="export")
    assert AccessLog.objects.count() == 3
    # Inside a caller's transaction it is rolled back with it.
    with pytest.raises(RuntimeError), transaction.atomic():
        log_reads(user=af_coordinator, objects=[employer_org], purpose="export")
        raise RuntimeError("the page failed after the reads were logged")
    assert AccessLog.objects.count() == 3
    assert log_reads(user=af_coordinator, objects=[], purpose="export") == 0
