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
"""

from __future__ import annotations

import contextvars
import functools
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.db import connection
from django.db.models import Model
from django_otp.plugins.otp_totp.models import TOTPDevice

from jobbspar import scoping
from jobbspar.models import Organisation, User

# The session's verified device (django-otp's persistent id) while the user is being loaded.
_session_device: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "session_device", default=None
)


@contextmanager
def session_device(persistent_id: str | None) -> Iterator[None]:
    token = _session_device.set(persistent_id)
    try:
        yield
    finally:
        _session_device.reset(token)


def _totp_device_pk(persistent_id: str | None) -> int | None:
    if not persistent_id:
        return None
    label, _, pk = persistent_id.rpartition("/")
    if label != TOTPDevice.model_label() or not pk.isdigit():
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
        device_pk = _totp_device_pk(_session_device.get())
        if device_pk is not None:
            device = verified_device(device_pk, User._meta.pk.to_python(user_id))
            if device is not None:
                user: User = device.user
                user.session_otp_device = device
                user.has_confirmed_device = True
                return user if self.user_can_authenticate(user) else None
        # Not verified yet (or an unexpected device): the user, and whether they have a
        # confirmed authenticator (TwoFactorRequiredMiddleware asks), in one statement.
        found_user = user_with_device_flag(User._meta.pk.to_python(user_id))
        if found_user is None:
            return None
        return found_user if self.user_can_authenticate(found_user) else None


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


@functools.cache
def _verified_device_statement() -> tuple[str, _Columns, _Columns, _Columns]:
    device, user, organisation = (
        _Columns(TOTPDevice, "d"),
        _Columns(User, "u"),
        _Columns(Organisation, "o"),
    )
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


def _one_row(sql: str, params: list[int]) -> tuple[Any, ...] | None:
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
