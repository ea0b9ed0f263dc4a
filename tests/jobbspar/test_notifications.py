import datetime as dt
import threading
import time
import uuid

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from jobbspar import notifications
from jobbspar.models import EmailState, Notification, NotificationKind, NotificationPreference
from tests.jobbspar.mail_backends import (
    CrashAfterSendBackend,
    FlakyBackend,
    SlowBackend,
    WorkerKilled,
)

NOW = dt.datetime(2026, 11, 23, 8, 0, tzinfo=dt.UTC)


def plan(user, obj, *, kind=NotificationKind.ACTION_ITEM_DUE, send_after=NOW, due_on=None):
    return notifications.notify(
        recipient=user,
        kind=kind,
        obj=obj,
        due_on=due_on or send_after.date(),
        send_after=send_after,
        message=notifications.Message(subject="Åtgärd förfaller i morgon", body="Boka lokal."),
        url="/",
    )


@pytest.mark.django_db
def test_planning_the_same_notification_twice_creates_one_row(af_coordinator, af):
    first, created = plan(af_coordinator, af)
    again, created_again = plan(af_coordinator, af)
    assert created and not created_again and first.pk == again.pk


@pytest.mark.django_db
def test_sweep_sends_due_rows_once_and_leaves_future_rows(af_coordinator, af, municipality):
    plan(af_coordinator, af)
    plan(af_coordinator, municipality, send_after=NOW + dt.timedelta(days=1))
    assert notifications.sweep(now=NOW) == 1
    assert notifications.sweep(now=NOW) == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Åtgärd förfaller i morgon"
    assert mail.outbox[0].to == [af_coordinator.email]
    assert "http://127.0.0.1:8000/" in mail.outbox[0].body
    states = dict(Notification.objects.values_list("object_id", "email_state"))
    assert states == {str(af.pk): EmailState.SENT, str(municipality.pk): EmailState.PENDING}


@pytest.mark.django_db
def test_meeting_notifications_carry_the_calendar_invitation(af_coordinator, af):
    notifications.notify(
        recipient=af_coordinator,
        kind=NotificationKind.MEETING_SOON,
        obj=af,
        due_on=NOW.date(),
        send_after=NOW,
        message=notifications.Message(subject="Möte", body="Avstämning"),
        url="/",
        ics="BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
    )
    notifications.sweep(now=NOW)
    (name, content, mimetype) = mail.outbox[0].attachments[0]
    assert name.endswith(".ics") and mimetype.startswith("text/calendar")
    assert content.startswith("BEGIN:VCALENDAR")


@pytest.mark.django_db
def test_mail_failing_twice_is_sent_on_the_third_attempt_once(af_coordinator, af, settings):
    settings.EMAIL_BACKEND = "tests.jobbspar.mail_backends.FlakyBackend"
    FlakyBackend.calls, FlakyBackend.failures = 0, 2
    plan(af_coordinator, af)
    assert notifications.sweep(now=NOW) == 0
    row = Notification.objects.get()
    assert (row.email_state, row.attempts) == (EmailState.PENDING, 1)
    assert "unexpectedly closed" in row.last_error
    assert notifications.sweep(now=NOW) == 0  # backing off: not yet
    assert notifications.sweep(now=NOW + dt.timedelta(minutes=1)) == 0  # 2nd attempt fails
    assert notifications.sweep(now=NOW + dt.timedelta(minutes=6)) == 1  # 3rd succeeds
    assert notifications.sweep(now=NOW + dt.timedelta(hours=5)) == 0
    assert len(mail.outbox) == 1
    row.refresh_from_db()
    assert (row.email_state, row.attempts) == (EmailState.SENT, 3)


@pytest.mark.django_db
def test_a_message_that_never_gets_through_is_marked_failed(af_coordinator, af, settings):
    settings.EMAIL_BACKEND = "tests.jobbspar.mail_backends.FlakyBackend"
    FlakyBackend.calls, FlakyBackend.failures = 0, 100
    plan(af_coordinator, af)
    moment = NOW
    for _ in range(notifications.MAX_ATTEMPTS):
        notifications.sweep(now=moment)
        moment += dt.timedelta(hours=3)
    row = Notification.objects.get()
    assert (row.email_state, row.attempts) == (EmailState.FAILED, notifications.MAX_ATTEMPTS)
    notifications.sweep(now=moment + dt.timedelta(days=1))
    assert Notification.objects.get().attempts == notifications.MAX_ATTEMPTS


@pytest.mark.django_db
def test_rows_left_sending_by_a_killed_worker_are_sent_after_the_lease(af_coordinator, af):
    plan(af_coordinator, af)
    assert len(notifications.claim_due(now=NOW, limit=10)) == 1  # the worker dies here
    assert notifications.sweep(now=NOW + dt.timedelta(minutes=1)) == 0  # still leased
    assert notifications.sweep(now=NOW + notifications.LEASE + dt.timedelta(seconds=1)) == 1
    assert len(mail.outbox) == 1


def _five_rows(user, af) -> None:
    from tests.jobbspar.factories import OrganisationFactory

    for org in [af, *OrganisationFactory.create_batch(4)]:
        plan(user, org)


@pytest.mark.django_db
def test_a_worker_killed_after_sending_resends_only_the_message_it_was_sending(
    af_coordinator, af, settings
):
    """At least once: the rows sent before the crash are marked one by one and not sent again;
    only the message the SMTP server accepted as the worker died goes out a second time."""
    settings.EMAIL_BACKEND = "tests.jobbspar.mail_backends.CrashAfterSendBackend"
    CrashAfterSendBackend.calls, CrashAfterSendBackend.crash_on = 0, 3
    _five_rows(af_coordinator, af)
    with pytest.raises(WorkerKilled):
        notifications.sweep(now=NOW)
    assert len(mail.outbox) == 3
    states = sorted(Notification.objects.values_list("email_state", flat=True))
    assert states == [EmailState.SENDING] * 3 + [EmailState.SENT] * 2
    assert notifications.sweep(now=NOW + dt.timedelta(minutes=1)) == 0  # still leased
    assert notifications.sweep(now=NOW + notifications.LEASE + dt.timedelta(seconds=1)) == 3
    assert len(mail.outbox) == 6  # five rows, one of them twice
    assert set(Notification.objects.values_list("email_state", flat=True)) == {EmailState.SENT}


@pytest.mark.django_db
def test_a_sweep_slower_than_the_lease_and_the_next_sweep_send_each_row_once(
    af_coordinator, af, settings
):
    """Slow SMTP: six minutes a message, so the first sweep's batch outlasts the 10-minute lease
    and the next sweep re-claims the rows it has not reached; the first sweep then finds its
    claim gone (the token no longer matches) and leaves them."""
    settings.EMAIL_BACKEND = "tests.jobbspar.mail_backends.SlowBackend"
    _five_rows(af_coordinator, af)
    second: list[int] = []

    def next_sweep() -> None:
        # It starts while the first sweep's 2nd message is in flight; the server is fast again.
        SlowBackend.seconds = 0
        second.append(notifications.sweep(max_seconds=3600))

    with time_machine.travel(NOW, tick=False) as traveller:
        SlowBackend.traveller, SlowBackend.seconds, SlowBackend.calls = traveller, 6 * 60, 0
        SlowBackend.during_call, SlowBackend.during = 2, next_sweep
        first = notifications.sweep(max_seconds=3600)
    assert second and second[0] > 0  # the second sweep really re-claimed rows
    assert first + second[0] == 5
    assert len(mail.outbox) == 5
    assert set(Notification.objects.values_list("email_state", flat=True)) == {EmailState.SENT}


def test_the_mail_timeout_is_set_and_far_below_the_lease(settings):
    from django.core.mail import get_connection

    assert settings.EMAIL_TIMEOUT == 30
    assert notifications.LEASE.total_seconds() >= settings.EMAIL_TIMEOUT * 10
    smtp = get_connection("django.core.mail.backends.smtp.EmailBackend")
    assert smtp.timeout == settings.EMAIL_TIMEOUT


@pytest.mark.django_db
def test_a_sweep_past_its_time_budget_releases_the_rows_it_did_not_reach(
    af_coordinator, af, settings
):
    _five_rows(af_coordinator, af)
    token = uuid.uuid4()
    ids = notifications.claim_due(now=NOW, limit=10, token=token)
    assert notifications.deliver(ids, token=token, now=NOW, deadline=0) == 0
    assert set(Notification.objects.values_list("email_state", flat=True)) == {EmailState.PENDING}
    assert notifications.sweep(now=NOW) == 5


@pytest.mark.django_db
def test_muted_kinds_are_not_emailed_but_stay_in_the_inbox(af_coordinator, af):
    NotificationPreference.objects.create(
        user=af_coordinator, kind=NotificationKind.ACTION_ITEM_DUE, email=False
    )
    plan(af_coordinator, af)
    notifications.sweep(now=NOW)
    assert mail.outbox == []
    assert Notification.objects.get().email_state == EmailState.SKIPPED
    with time_machine.travel(NOW + dt.timedelta(hours=1)):
        assert notifications.unread_count(af_coordinator) == 1


@pytest.mark.django_db(transaction=True)
def test_two_sweepers_at_once_never_claim_the_same_row(af_coordinator, af):
    from tests.jobbspar.factories import OrganisationFactory

    for org in [af, *OrganisationFactory.create_batch(59)]:
        plan(af_coordinator, org)
    claimed: list[list[int]] = []
    barrier = threading.Barrier(2)

    def sweeper():
        try:
            barrier.wait()
            batch = []
            while ids := notifications.claim_due(now=NOW, limit=7):
                batch.extend(ids)
            claimed.append(batch)
        finally:
            connection.close()

    threads = [threading.Thread(target=sweeper) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(claimed[0]) + len(claimed[1]) == 60
    assert not set(claimed[0]) & set(claimed[1])


@pytest.mark.django_db
def test_inbox_lists_only_my_due_notifications_and_opening_marks_read(
    client, af_coordinator, municipal_coordinator, af
):
    mine, _ = plan(af_coordinator, af, send_after=timezone.now() - dt.timedelta(minutes=1))
    theirs, _ = plan(municipal_coordinator, af, send_after=timezone.now() - dt.timedelta(minutes=1))
    client.force_login(af_coordinator)
    page = client.get(reverse("notification_list")).content.decode()
    assert page.count('<h2 class="h6 mb-1">Åtgärd förfaller i morgon</h2>') == 1
    assert 'class="badge text-bg-danger">1<' in page  # unread count in the header
    response = client.post(reverse("notification_open", args=[mine.pk]))
    assert response.status_code == 302 and response["Location"] == "/"
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert client.post(reverse("notification_open", args=[theirs.pk])).status_code == 404


@pytest.mark.django_db
def test_mark_all_read_and_email_preferences(client, af_coordinator, af):
    plan(af_coordinator, af, send_after=timezone.now() - dt.timedelta(minutes=1))
    client.force_login(af_coordinator)
    response = client.post(reverse("notification_mark_all_read"), follow=True)
    assert "1 avisering markerad som läst." in response.content.decode()
    assert notifications.unread_count(af_coordinator) == 0
    client.post(
        reverse("notification_preferences"), {"email_kinds": [NotificationKind.MEETING_SOON]}
    )
    assert notifications.email_enabled_kinds(af_coordinator, NotificationKind.values) == {
        NotificationKind.MEETING_SOON
    }
    bad = client.post(reverse("notification_preferences"), {"email_kinds": ["nonsense"]})
    assert bad.status_code == 200
    assert "Välj ett giltigt alternativ" in bad.content.decode()


@pytest.mark.django_db
def test_inbox_query_count_does_not_grow(
    client, af_coordinator, django_assert_max_num_queries, django_assert_num_queries
):
    from tests.jobbspar.factories import OrganisationFactory

    client.force_login(af_coordinator)
    client.get(reverse("notification_list"))  # renews the new session
    for org in OrganisationFactory.create_batch(3):
        plan(af_coordinator, org, send_after=timezone.now() - dt.timedelta(minutes=1))
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("notification_list"))
    for org in OrganisationFactory.create_batch(20):
        plan(af_coordinator, org, send_after=timezone.now() - dt.timedelta(minutes=1))
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(reverse("notification_list"))


@pytest.mark.django_db
def test_administrators_see_failed_mail_and_can_queue_it_again(
    client, admin_user, af_coordinator, af
):
    row, _ = plan(af_coordinator, af)
    Notification.objects.filter(pk=row.pk).update(email_state=EmailState.FAILED, attempts=5)
    client.force_login(admin_user)
    listing = client.get("/admin/jobbspar/notification/?email_state__exact=failed")
    assert "Åtgärd förfaller i morgon" in listing.content.decode()
    client.post(
        "/admin/jobbspar/notification/",
        {"action": "retry_failed", "_selected_action": [row.pk]},
    )
    row.refresh_from_db()
    assert (row.email_state, row.attempts) == (EmailState.PENDING, 0)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("workers", [1, 2])
def test_a_sweep_outside_a_transaction_commits_asynchronously_and_resets_the_session(
    af_coordinator, af, monkeypatch, workers
):
    """The marks may commit without waiting for the disk (a lost mark only means a re-send);
    the connection's own setting is back afterwards."""
    plan(af_coordinator, af)
    seen = []
    real_step = notifications._step

    def synchronous_commit() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            return cursor.fetchone()[0]

    def step(**kwargs):
        seen.append(synchronous_commit())
        return real_step(**kwargs)

    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO on")
    monkeypatch.setattr(notifications, "_step", step)
    assert notifications.sweep(now=NOW, workers=workers) == 1
    assert seen and set(seen) == {"off"}
    assert synchronous_commit() == "on"
    assert len(mail.outbox) == 1


def _loops_connections_closed(pids: set[int]) -> bool:
    """Whether the backends of these connections have gone (a backend exits just after its
    client closes the connection)."""
    for _ in range(50):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE pid = ANY(%s)", [list(pids)]
            )
            if cursor.fetchone()[0] == 0:
                return True
        time.sleep(0.1)
    return False


def _plan_rows(user, af, count: int) -> None:
    from tests.jobbspar.factories import OrganisationFactory

    for org in [af, *OrganisationFactory.create_batch(count - 1)]:
        plan(user, org)


class _Loops:
    """Wraps `deliver`: each loop's first call waits until every loop holds a batch (so the
    loops really run at once), and records the loop's thread and database backend."""

    def __init__(self, loops: int) -> None:
        self.barrier = threading.Barrier(loops, timeout=30)
        self.threads: set[int] = set()
        self.pids: set[int] = set()
        self.lock = threading.Lock()
        self.real = notifications.deliver

    def first_call(self) -> bool:
        with self.lock:
            first = threading.get_ident() not in self.threads
            self.threads.add(threading.get_ident())
        if first:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                self.pids.add(cursor.fetchone()[0])
            self.barrier.wait()
        return first

    def deliver(self, ids, **kwargs):
        self.first_call()
        return self.real(ids, **kwargs)


@pytest.mark.django_db(transaction=True)
def test_parallel_sweeps_send_every_row_once_and_close_their_connections(
    af_coordinator, af, monkeypatch
):
    """Three loops at once, each holding a batch before any sends: every row is sent once, by
    threads other than the caller's, on connections of their own that are closed afterwards."""
    _plan_rows(af_coordinator, af, 60)
    loops = _Loops(3)
    monkeypatch.setattr(notifications, "deliver", loops.deliver)
    assert notifications.sweep(now=NOW, batch=7, workers=3) == 60
    assert len(loops.threads) == 3
    assert threading.get_ident() not in loops.threads
    assert len(mail.outbox) == 60
    rows = Notification.objects.values_list("email_state", "attempts")
    assert set(rows) == {(EmailState.SENT, 1)}
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] not in loops.pids
    assert len(loops.pids) == 3
    assert _loops_connections_closed(loops.pids)


@pytest.mark.django_db(transaction=True)
def test_a_failing_loop_is_raised_after_the_others_have_sent_and_its_rows_come_back(
    af_coordinator, af, monkeypatch
):
    """One loop fails on its first batch; the other goes on and sends every other row; the
    error is raised once it has stopped, and the failed loop's rows are sent after the lease."""
    _plan_rows(af_coordinator, af, 10)
    loops = _Loops(2)
    failed: list[int] = []

    def deliver(ids, **kwargs):
        loops.first_call()
        with loops.lock:
            fail = not failed
            if fail:
                failed.append(threading.get_ident())
        if fail:
            raise RuntimeError("the database went away")
        return loops.real(ids, **kwargs)

    monkeypatch.setattr(notifications, "deliver", deliver)
    with pytest.raises(RuntimeError, match="went away"):
        notifications.sweep(now=NOW, batch=3, workers=2)
    assert len(mail.outbox) == 7
    assert Notification.objects.filter(email_state=EmailState.SENDING).count() == 3
    monkeypatch.undo()
    assert notifications.sweep(now=NOW + dt.timedelta(minutes=1), workers=2) == 0  # leased
    assert notifications.sweep(now=NOW + notifications.LEASE + dt.timedelta(seconds=1)) == 3
    assert len(mail.outbox) == 10
    assert set(Notification.objects.values_list("email_state", flat=True)) == {EmailState.SENT}


@pytest.mark.django_db(transaction=True)
def test_when_every_loop_fails_one_error_is_raised_and_the_others_logged(
    af_coordinator, af, monkeypatch, caplog
):
    _plan_rows(af_coordinator, af, 10)
    loops = _Loops(2)
    numbers = iter(range(1, 3))

    def deliver(ids, **kwargs):
        loops.first_call()
        with loops.lock:
            number = next(numbers)
        raise RuntimeError(f"failure {number}")

    monkeypatch.setattr(notifications, "deliver", deliver)
    with (
        caplog.at_level("ERROR", logger="jobbspar.notifications"),
        pytest.raises(RuntimeError, match="failure") as raised,
    ):
        notifications.sweep(now=NOW, batch=3, workers=2)
    logged = [r for r in caplog.records if r.name == "jobbspar.notifications" and r.exc_info]
    assert len(logged) == 1
    assert {str(raised.value), str(logged[0].exc_info[1])} == {"failure 1", "failure 2"}


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_while_its_loops_were_sending_resends_one_message_per_loop(
    af_coordinator, af, settings, monkeypatch
):
    """At least once with two loops: the worker dies while each loop's first message is
    accepted by the SMTP server and not yet marked; after the lease exactly those two go out a
    second time, and no other row does."""
    settings.EMAIL_BACKEND = "tests.jobbspar.mail_backends.CrashAfterSendBackend"
    CrashAfterSendBackend.calls, CrashAfterSendBackend.crash_on = 0, 10**9
    _plan_rows(af_coordinator, af, 10)
    loops = _Loops(2)
    real_send = CrashAfterSendBackend.send_messages

    def send_and_die(self, messages):
        real_send(self, messages)
        raise WorkerKilled

    monkeypatch.setattr(notifications, "deliver", loops.deliver)
    monkeypatch.setattr(CrashAfterSendBackend, "send_messages", send_and_die)
    with pytest.raises(WorkerKilled):
        notifications.sweep(now=NOW, batch=5, workers=2)
    assert len(mail.outbox) == 2
    assert Notification.objects.filter(email_state=EmailState.SENDING).count() == 10
    monkeypatch.undo()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert notifications.sweep(now=NOW + notifications.LEASE + dt.timedelta(seconds=1)) == 10
    assert len(mail.outbox) == 12  # ten rows, two of them twice
    assert set(Notification.objects.values_list("email_state", flat=True)) == {EmailState.SENT}


@pytest.mark.django_db(transaction=True)
def test_the_loops_run_in_the_callers_context(af_coordinator, af):
    """Called inside a web request's scope, the loops refuse the sweep's hand-written SQL as
    the caller's thread would (jobbspar.scoping): they do not start from an empty context."""
    from jobbspar import scoping

    _plan_rows(af_coordinator, af, 2)
    with scoping.request_scope(), pytest.raises(scoping.UnscopedQueryError):
        notifications.sweep(now=NOW, workers=2)
    assert mail.outbox == []
    assert notifications.sweep(now=NOW, workers=2) == 2


def test_the_number_of_loops_is_held_to_its_bounds(monkeypatch, settings):
    started: list[int] = []

    class Pool:
        def __init__(self, max_workers, **kwargs):
            started.append(max_workers)
            raise RuntimeError("stop here")

    monkeypatch.setattr(notifications, "ThreadPoolExecutor", Pool)
    monkeypatch.setattr(notifications.connection, "in_atomic_block", False)
    monkeypatch.setattr(notifications.connection, "get_autocommit", lambda: True)
    for asked in (100, notifications.MAX_SWEEP_WORKERS):
        with pytest.raises(RuntimeError, match="stop here"):
            notifications.sweep(now=NOW, workers=asked)
    assert started == [notifications.MAX_SWEEP_WORKERS] * 2
