"""The unread count drawn on every signed-in page is counted from its index alone (an index-only
scan of notification_unread_due), however many unread notifications the person has, and on a
page that changes nothing it is read with the session, not on its own (issue 18)."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jobbspar import notifications
from jobbspar.models import Notification, NotificationKind
from jobbspar.notifications import UNREAD_SHOWN, inbox, unread_count
from jobbspar.sessions import SessionStore
from tests.jobbspar.factories import meeting_reminder

pytestmark = pytest.mark.django_db


def _read_ones(recipient, how_many):
    """Notifications already read, as most of anyone's are: what the partial index leaves out."""
    now = timezone.now()
    Notification.objects.bulk_create(
        meeting_reminder(recipient, 100_000 + n, send_after=now, read_at=now)
        for n in range(how_many)
    )


def _plan(sql, params, *, analyze=False):
    """The statement's plan on the table's statistics (ANALYZE, as a database in use has them),
    scans of the whole table and bitmaps ruled out as on a large one. Without statistics, or on
    a table of unread rows only, the planner may as well scan the inbox's index and filter out
    the read: the tests that read a plan add read notifications, as a table in use holds."""
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Notification._meta.db_table}")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        options = "(ANALYZE, COSTS OFF, TIMING OFF) " if analyze else ""
        cursor.execute(f"EXPLAIN {options}{sql}", params)
        return [row[0] for row in cursor.fetchall()]


def test_the_unread_count_reads_only_its_index(af_coordinator):
    now = timezone.now()
    Notification.objects.bulk_create(
        meeting_reminder(af_coordinator, n, send_after=now) for n in range(50)
    )
    _read_ones(af_coordinator, 500)
    statements = []

    def capture(execute, sql, params, many, context):
        statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        assert unread_count(af_coordinator) == 50
    ((sql, params),) = statements
    assert "Index Only Scan using notification_unread_due" in "\n".join(_plan(sql, params))


def _due_and_not(recipient, other):
    """Two unread and due, one read, one not yet due, and another person's: the count is 2."""
    now = timezone.now()
    hour = dt.timedelta(hours=1)
    Notification.objects.bulk_create(
        [
            meeting_reminder(recipient, 1, send_after=now - hour),
            meeting_reminder(recipient, 2, send_after=now - 2 * hour),
            meeting_reminder(recipient, 3, send_after=now - hour, read_at=now),
            meeting_reminder(recipient, 4, send_after=now + hour),
            meeting_reminder(other, 5, send_after=now - hour),
        ]
    )


def test_the_unread_count_is_what_the_orm_counts(af_coordinator, municipal_coordinator):
    """Written once from the model's fields: the same number as the ORM's query of the inbox,
    with read, not yet due and other people's notifications left out, in a web request too."""
    from jobbspar import scoping

    _due_and_not(af_coordinator, municipal_coordinator)

    def orm(user):
        return inbox(user).filter(read_at__isnull=True).count()

    with scoping.request_scope():
        assert unread_count(af_coordinator) == orm(af_coordinator) == 2
        assert unread_count(municipal_coordinator) == orm(municipal_coordinator) == 1
    Notification.objects.filter(recipient=af_coordinator).update(read_at=timezone.now())
    assert unread_count(af_coordinator) == orm(af_coordinator) == 0


# --- More than the header shows: "99+", and the count stops at one more -----------------------


def _unread(recipient, how_many):
    now = timezone.now()
    Notification.objects.bulk_create(
        meeting_reminder(recipient, n, send_after=now) for n in range(how_many)
    )


def _index_rows_read(sql, params):
    """How many entries the plan's scan of notification_unread_due returned (EXPLAIN ANALYZE)."""
    plan = _plan(sql, params, analyze=True)
    (scan,) = [line for line in plan if "Index Only Scan using notification_unread_due" in line]
    return int(re.search(r"actual rows=(\d+)", scan).group(1))


def test_the_count_stops_one_past_what_the_header_shows(client, af_coordinator):
    """However many are unread, the count reads at most UNREAD_SHOWN + 1 index entries: on its
    own and in the session's statement, where every signed-in request pays it."""
    from jobbspar.backends import _session_statement

    _unread(af_coordinator, 3 * UNREAD_SHOWN)
    _read_ones(af_coordinator, 3_000)
    now = timezone.now()
    assert unread_count(af_coordinator) == UNREAD_SHOWN + 1
    own = notifications._unread_count_statement()
    assert _index_rows_read(own, [af_coordinator.pk, now]) == UNREAD_SHOWN + 1
    user = _loaded_user(client, af_coordinator)
    assert unread_count(user, read_with_session=True) == UNREAD_SHOWN + 1
    session = [now, client.session.session_key, now]
    assert _index_rows_read(_session_statement()[0], session) == UNREAD_SHOWN + 1


@pytest.mark.parametrize(
    ("unread", "language", "badge"),
    [
        (UNREAD_SHOWN, "sv", f'{UNREAD_SHOWN}<span class="visually-hidden"> olästa</span>'),
        (
            UNREAD_SHOWN + 1,
            "sv",
            f'<span aria-hidden="true">{UNREAD_SHOWN}+</span>'
            f'<span class="visually-hidden"> fler än {UNREAD_SHOWN} olästa</span>',
        ),
        (
            UNREAD_SHOWN + 1,
            "en",
            f'<span aria-hidden="true">{UNREAD_SHOWN}+</span>'
            f'<span class="visually-hidden"> more than {UNREAD_SHOWN} unread</span>',
        ),
    ],
)
def test_the_header_shows_99_plus_for_more(client, af_coordinator, unread, language, badge):
    """Up to UNREAD_SHOWN the number; past it "99+", and a screen reader hears "more than 99
    unread" in the user's language."""
    _unread(af_coordinator, unread + 20 if unread > UNREAD_SHOWN else unread)
    client.force_login(af_coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse("home"))
    assert f'class="badge text-bg-danger">{badge}</span>' in response.content.decode()


# --- The count read with the session (one statement fewer on every signed-in page) -----------


def _count_statements(captured):
    """The unread count read on its own (not inside the session's statement)."""
    return [
        q["sql"]
        for q in captured.captured_queries
        if '"jobbspar_notification" n' in q["sql"] and '"jobbspar_usersession"' not in q["sql"]
    ]


def _badge(response):
    return re.search(r'class="badge text-bg-danger">(\d+)<', response.content.decode())


def test_a_page_shows_the_count_read_with_its_session(
    client, af_coordinator, municipal_coordinator
):
    _due_and_not(af_coordinator, municipal_coordinator)
    client.force_login(af_coordinator)
    client.get(reverse("home"))  # the first request of a session also renews it
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("home"))
    assert _badge(response).group(1) == "2"
    assert _count_statements(captured) == []
    (session,) = [q["sql"] for q in captured.captured_queries if "jobbspar_usersession" in q["sql"]]
    assert '"jobbspar_notification" n' in session


def test_a_post_reads_the_count_again(client, af_coordinator, municipal_coordinator):
    """A request that may change things (here a form sent back with its errors) counts after."""
    _due_and_not(af_coordinator, municipal_coordinator)
    client.force_login(af_coordinator)
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as captured:
        response = client.post(reverse("employers:create"), {"name": ""})
    assert response.status_code == 200  # the form again, with its errors
    assert _badge(response).group(1) == "2"
    assert len(_count_statements(captured)) == 1


def _loaded_user(client, user):
    """The user as a request loads it: with its session's row (jobbspar.sessions)."""
    client.force_login(user)
    store = SessionStore(client.session.session_key)
    assert store.get(SESSION_KEY) == str(user.pk)  # loads it
    loaded = store.take_session_user()
    assert loaded is not None and loaded.user == user
    return loaded.user


def test_the_count_read_with_the_session_is_the_orms(client, af_coordinator, municipal_coordinator):
    _due_and_not(af_coordinator, municipal_coordinator)
    user = _loaded_user(client, af_coordinator)
    with CaptureQueriesContext(connection) as captured:
        assert unread_count(user, read_with_session=True) == 2
    assert captured.captured_queries == []  # the count the session's statement read
    assert inbox(af_coordinator).filter(read_at__isnull=True).count() == 2


@pytest.mark.parametrize(
    ("method", "kept"), [("GET", True), ("HEAD", True), ("POST", False), ("DELETE", False)]
)
def test_only_a_request_that_changes_nothing_shows_the_kept_count(
    client, af_coordinator, municipal_coordinator, method, kept
):
    _due_and_not(af_coordinator, municipal_coordinator)
    user = _loaded_user(client, af_coordinator)
    with CaptureQueriesContext(connection) as captured:
        assert notifications.header_count(user, method) == 2
    assert len(captured.captured_queries) == (0 if kept else 1)


def test_the_session_statement_counts_from_the_index_alone(client, af_coordinator):
    from jobbspar.backends import _session_statement

    Notification.objects.bulk_create(
        meeting_reminder(af_coordinator, n, send_after=timezone.now()) for n in range(50)
    )
    _read_ones(af_coordinator, 500)
    client.force_login(af_coordinator)
    now = timezone.now()
    plan = _plan(_session_statement()[0], [now, client.session.session_key, now])
    assert "Index Only Scan using notification_unread_due" in "\n".join(plan)


@pytest.mark.parametrize("write", ["mark_all_read", "mark_read", "notify_each", "create", "save"])
def test_a_notification_written_after_the_session_was_read_is_counted(
    client, af_coordinator, municipal_coordinator, write
):
    _due_and_not(af_coordinator, municipal_coordinator)
    user = _loaded_user(client, af_coordinator)
    # Two more written behind the process's back (as another process would, 4 unread now): the
    # count read with the session still stands, which shows it is the one used...
    Notification.objects.bulk_create(
        meeting_reminder(af_coordinator, n, send_after=timezone.now()) for n in (7, 8)
    )
    assert unread_count(user, read_with_session=True) == 2
    # ...until this process writes a notification: then it is read again.
    first = Notification.objects.get(recipient=af_coordinator, object_id="1")
    if write == "mark_all_read":
        notifications.mark_all_read(af_coordinator)
        expected = 0
    elif write == "mark_read":
        notifications.mark_read(af_coordinator, first.pk)
        expected = 3
    elif write == "notify_each":
        notifications.notify_each(
            recipients=[af_coordinator],
            kind=NotificationKind.MEETING_SOON,
            obj=first,
            due_on=first.due_on,
            send_after=timezone.now() - dt.timedelta(minutes=1),
            template="notifications/meeting_soon",
            context={},
            url="/",
        )
        expected = 5
    elif write == "create":
        meeting_reminder(af_coordinator, 9, send_after=timezone.now()).save()
        expected = 5
    else:
        first.read_at = timezone.now()
        first.save(update_fields=["read_at"])
        expected = 3
    assert unread_count(user, read_with_session=True) == expected
    assert unread_count(user) == expected


def test_without_a_session_row_the_count_is_read(af_coordinator, municipal_coordinator):
    _due_and_not(af_coordinator, municipal_coordinator)
    assert not hasattr(af_coordinator, notifications.READ_WITH_SESSION)
    with CaptureQueriesContext(connection) as captured:
        assert unread_count(af_coordinator, read_with_session=True) == 2
    assert len(_count_statements(captured)) == 1


def test_a_commit_of_a_notification_counts_as_a_write(
    af_coordinator, django_capture_on_commit_callbacks
):
    """A page whose session was read between another thread's save and its commit did not see
    the row: the commit makes the count be read again too."""
    with django_capture_on_commit_callbacks() as callbacks:
        meeting_reminder(af_coordinator, 1, send_after=timezone.now()).save()
    saved = notifications.written()
    assert callbacks
    for callback in callbacks:
        callback()
    assert notifications.written() not in (0, saved)
