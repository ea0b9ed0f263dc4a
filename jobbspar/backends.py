"""The sign-in backend, and how a signed-in request finds its user in one query.

On every signed-in page Django loads the user (`AuthenticationMiddleware`) and django-otp the
verified authenticator named in the session (`OTPMiddleware`): two queries, each with its ORM
work, about a fifth of the signed-in floor (issue 18's profile). `jobbspar.middleware`'s
subclasses of the two pass the session's device id here, and `get_user` loads the device with
its user and the user's organisation (every page's header names it, and most access rules
ask for it) in one query. Every check stays where it was: Django's session-hash check in
`auth.get_user`, `user_can_authenticate` here, and django-otp's binding of device to user and
confirmation in `OTPMiddleware._finalize_device`. Anything unexpected (no device in the
session, another kind of device, a device that no longer matches) falls back to Django's own
two queries.

Usually not even that query runs: the session's own row names its user and device, and
`session_row` reads them with it (jobbspar/sessions.py); `get_user` then takes what that read
brought, for the user the session names, and the same checks run on it.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import functools
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.db import connection
from django.db.models import Model
from django_otp.plugins.otp_totp.models import TOTPDevice

from jobbspar import notifications, scoping
from jobbspar.models import Organisation, User, UserSession


@dataclass
class SessionUser:
    """The user, organisation and verified authenticator a session row names, read with the
    row (`session_row`). `device` is None when the session names none, or one that is not this
    user's confirmed authenticator; `user` None when the row names no user."""

    user_id: int | None
    device_pk: int | None
    user: User | None
    device: TOTPDevice | None
    has_confirmed_device: bool


# While the user is being loaded: the session's verified device (django-otp's persistent id),
# and what the session's own row brought of the user (jobbspar.sessions), if anything.
_session_device: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "session_device", default=None
)
_session_user: contextvars.ContextVar[SessionUser | None] = contextvars.ContextVar(
    "session_user", default=None
)


@contextmanager
def session_device(persistent_id: str | None, loaded: SessionUser | None = None) -> Iterator[None]:
    token = _session_device.set(persistent_id)
    loaded_token = _session_user.set(loaded)
    try:
        yield
    finally:
        _session_user.reset(loaded_token)
        _session_device.reset(token)


def totp_device_pk(persistent_id: Any) -> int | None:
    """The primary key of a TOTP device from django-otp's persistent id; None for anything
    else."""
    if not isinstance(persistent_id, str) or not persistent_id:
        return None
    label, _, pk = persistent_id.rpartition("/")
    # ASCII digits that fit a bigint column (the session row's device_pk).
    if label != TOTPDevice.model_label() or not (pk.isascii() and pk.isdigit() and len(pk) <= 18):
        return None
    return int(pk)


class JobbsparBackend(ModelBackend):
    """Django's backend, except that demo users can sign in only when demo mode is on, and that
    a signed-in request's user comes with its verified authenticator (see above)."""

    def user_can_authenticate(self, user) -> bool:
        if getattr(user, "is_demo", False) and not settings.DEMO_MODE:
            return False
        return super().user_can_authenticate(user)

    def get_user(self, user_id: Any) -> User | None:
        loaded = _session_user.get()
        if loaded is not None and loaded.user_id == User._meta.pk.to_python(user_id):
            return self._user_from_session_row(loaded)
        device_pk = totp_device_pk(_session_device.get())
        if device_pk is not None:
            device = verified_device(device_pk, User._meta.pk.to_python(user_id))
            if device is not None:
                return self._user_with_verified_device(device)
        # Not verified yet (or an unexpected device): the user, and whether they have a
        # confirmed authenticator (TwoFactorRequiredMiddleware asks), in one statement.
        found_user = user_with_device_flag(User._meta.pk.to_python(user_id))
        if found_user is None:
            return None
        return found_user if self.user_can_authenticate(found_user) else None

    def _user_with_verified_device(self, device: TOTPDevice) -> User | None:
        user: User = device.user
        user.session_otp_device = device
        user.has_confirmed_device = True
        return user if self.user_can_authenticate(user) else None

    def _user_from_session_row(self, loaded: SessionUser) -> User | None:
        """What the two statements below would have answered, from the session's own row (read
        in this request, with the same joins and conditions; jobbspar.sessions)."""
        if loaded.device is not None:
            return self._user_with_verified_device(loaded.device)
        if loaded.user is None:
            return None
        loaded.user.has_confirmed_device = loaded.has_confirmed_device
        return loaded.user if self.user_can_authenticate(loaded.user) else None


class _Columns:
    """A model's concrete columns in a hand-written SELECT, and the instance built from them as
    the ORM builds it (`Model.from_db`, each field's database converters applied)."""

    def __init__(self, model: type[Model], alias: str) -> None:
        fields = model._meta.concrete_fields
        self.model = model
        self.sql = ", ".join(f'{alias}."{field.column}"' for field in fields)
        self.attnames = [field.attname for field in fields]
        self.converters: list[tuple[int, list[Callable[..., Any]]]] = [
            (index, converters)
            for index, field in enumerate(fields)
            if (converters := field.get_db_converters(connection))
        ]
        self.width = len(fields)

    def build(self, values: Sequence[Any]) -> Any:
        values = list(values)
        for index, converters in self.converters:
            for convert in converters:
                values[index] = convert(values[index], None, connection)
        return self.model.from_db(connection.alias, self.attnames, values)


def _column(model: type[Model], name: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(name).column)  # type: ignore[union-attr,arg-type]


def _account_columns() -> tuple[_Columns, _Columns, _Columns]:
    """The device's, user's and organisation's columns, as aliased in the statements below."""
    return _Columns(TOTPDevice, "d"), _Columns(User, "u"), _Columns(Organisation, "o")


@functools.cache
def _verified_device_statement() -> tuple[str, _Columns, _Columns, _Columns]:
    device, user, organisation = _account_columns()
    # Names from the models' _meta; the values are parameters.
    quote, column = connection.ops.quote_name, _column
    device_pk, user_fk = column(TOTPDevice, "id"), column(TOTPDevice, "user")
    user_pk, organisation_fk = column(User, "id"), column(User, "organisation")
    organisation_pk = column(Organisation, "id")
    sql = (
        f"SELECT {device.sql}, {user.sql}, {organisation.sql} "  # noqa: S608
        f"FROM {quote(TOTPDevice._meta.db_table)} d "
        f"JOIN {quote(User._meta.db_table)} u ON u.{user_pk} = d.{user_fk} "
        f"LEFT JOIN {quote(Organisation._meta.db_table)} o "
        f"ON o.{organisation_pk} = u.{organisation_fk} "
        f"WHERE d.{device_pk} = %s AND d.{user_fk} = %s AND d.{quote('confirmed')}"
    )
    return sql, device, user, organisation


def verified_device(device_pk: int, user_id: int) -> TOTPDevice | None:
    """The session's confirmed TOTP device of this user, with the user and their organisation.

    What `TOTPDevice.objects.select_related("user__organisation").filter(pk=…, user_id=…,
    confirmed=True)` reads, as one statement written once per process: building and compiling
    that queryset on every signed-in request cost ~0.8 ms of the ~1.2 ms the load took (issue
    18). It reads only the signed-in user's own rows, by the ids their session holds; no
    person's case data. Tested against the ORM's answer
    (tests/jobbspar/test_signed_in_request_cost.py)."""
    sql, device_columns, user_columns, organisation_columns = _verified_device_statement()
    row = _one_row(sql, [device_pk, user_id])
    if row is None:
        return None
    user_start = device_columns.width
    organisation_start = user_start + user_columns.width
    device = device_columns.build(row[:user_start])
    user = user_columns.build(row[user_start:organisation_start])
    _set_organisation(user, organisation_columns, row[organisation_start:])
    TOTPDevice._meta.get_field("user").set_cached_value(device, user)
    return device


def _one_row(sql: str, params: list[Any]) -> tuple[Any, ...] | None:
    with scoping.unscoped("the signed-in user's own rows"), connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def _set_organisation(user: User, columns: _Columns, values: Sequence[Any]) -> None:
    """The user's organisation from its columns of the row (all NULL when the user has none)."""
    organisation = None if values[0] is None else columns.build(values)
    User._meta.get_field("organisation").set_cached_value(user, organisation)


@functools.cache
def _user_statement() -> tuple[str, _Columns, _Columns]:
    user, organisation = _Columns(User, "u"), _Columns(Organisation, "o")
    quote, column = connection.ops.quote_name, _column
    # Names from the models' _meta; the values are parameters.
    sql = (
        f"SELECT {user.sql}, {organisation.sql}, EXISTS ("  # noqa: S608
        f"SELECT 1 FROM {quote(TOTPDevice._meta.db_table)} d "
        f"WHERE d.{column(TOTPDevice, 'user')} = u.{column(User, 'id')} "
        f"AND d.{quote('confirmed')}) "
        f"FROM {quote(User._meta.db_table)} u "
        f"LEFT JOIN {quote(Organisation._meta.db_table)} o "
        f"ON o.{column(Organisation, 'id')} = u.{column(User, 'organisation')} "
        f"WHERE u.{column(User, 'id')} = %s"
    )
    return sql, user, organisation


def user_with_device_flag(user_id: int) -> User | None:
    """The user and their organisation, with `has_confirmed_device`: whether they have a
    confirmed authenticator. For a session not (yet) verified by one: an employer user without
    an authenticator on every portal page, and anyone between the password and the code. What
    `User.objects.select_related("organisation").annotate(Exists(confirmed devices))` reads,
    written once per process like `verified_device` (~2–3 ms of each employer page, issue 18)."""
    sql, user_columns, organisation_columns = _user_statement()
    row = _one_row(sql, [user_id])
    if row is None:
        return None
    organisation_start = user_columns.width
    device_flag = organisation_start + organisation_columns.width
    user = user_columns.build(row[:organisation_start])
    _set_organisation(user, organisation_columns, row[organisation_start:device_flag])
    user.has_confirmed_device = bool(row[device_flag])
    return user


@functools.cache
def _session_statement() -> tuple[str, _Columns, _Columns, _Columns]:
    device, user, organisation = _account_columns()
    quote, column = connection.ops.quote_name, _column
    device_pk, device_user = column(TOTPDevice, "id"), column(TOTPDevice, "user")
    user_pk = column(User, "id")
    session_user, session_device_pk = column(UserSession, "user"), column(UserSession, "device_pk")
    # Names from the models' _meta; the values are parameters. The device joins as
    # `verified_device` reads it (this user's, confirmed); without one, whether the user has a
    # confirmed authenticator, as `user_with_device_flag` asks (the CASE asks only then).
    sql = (
        f"SELECT s.{column(UserSession, 'session_data')}, s.{session_user}, "  # noqa: S608
        f"s.{session_device_pk}, {device.sql}, {user.sql}, {organisation.sql}, "
        f"CASE WHEN d.{device_pk} IS NOT NULL THEN TRUE ELSE EXISTS ("
        f"SELECT 1 FROM {quote(TOTPDevice._meta.db_table)} c "
        f"WHERE c.{device_user} = u.{user_pk} AND c.{quote('confirmed')}) END, "
        f"{notifications.unread_count_column(f's.{session_user}')} "
        f"FROM {quote(UserSession._meta.db_table)} s "
        f"LEFT JOIN {quote(User._meta.db_table)} u ON u.{user_pk} = s.{session_user} "
        f"LEFT JOIN {quote(Organisation._meta.db_table)} o "
        f"ON o.{column(Organisation, 'id')} = u.{column(User, 'organisation')} "
        f"LEFT JOIN {quote(TOTPDevice._meta.db_table)} d ON d.{device_pk} = s.{session_device_pk} "
        f"AND d.{device_user} = s.{session_user} AND d.{quote('confirmed')} "
        f"WHERE s.{column(UserSession, 'session_key')} = %s "
        f"AND s.{column(UserSession, 'expire_date')} > %s"
    )
    return sql, device, user, organisation


def session_row(session_key: str, now: dt.datetime) -> tuple[str, SessionUser] | None:
    """A session not expired by `now`: its encoded data, and the user, organisation and
    verified authenticator its columns name, in one statement (jobbspar.sessions). It reads
    only the session's own account; no person's case data. The same statement counts the user's
    unread notifications, due by `now`, kept on the user for the header of a page that changes
    nothing (jobbspar.notifications.unread_count: one statement fewer a page, issue 18)."""
    sql, device_columns, user_columns, organisation_columns = _session_statement()
    written = notifications.written()  # before the count is read: a write meanwhile is seen
    row = _one_row(sql, [now, session_key, now])
    if row is None:
        return None
    session_data, user_id, device_pk = row[0], row[1], row[2]
    user_start = 3 + device_columns.width
    organisation_start = user_start + user_columns.width
    flag = organisation_start + organisation_columns.width
    user = None
    if row[user_start] is not None:
        user = user_columns.build(row[user_start:organisation_start])
        _set_organisation(user, organisation_columns, row[organisation_start:flag])
        setattr(user, notifications.READ_WITH_SESSION, (row[flag + 1], written))
    device = None
    if row[3] is not None and user is not None:
        device = device_columns.build(row[3:user_start])
        TOTPDevice._meta.get_field("user").set_cached_value(device, user)
    loaded = SessionUser(
        user_id=user_id,
        device_pk=device_pk,
        user=user,
        device=device,
        has_confirmed_device=bool(row[flag]),
    )
    return session_data, loaded
