"""The session engine (settings.SESSION_ENGINE): Django's database sessions, in a table that also
holds the user and the verified authenticator each session names (jobbspar.models.UserSession).

A signed-in page used to read its session from Redis and then its user and device from
PostgreSQL: two round trips and two clients' Python, about half of what a signed-in page costs
more than an anonymous one (issue 18). Here `load` reads the session row, its user, the user's
organisation and the device in one statement (jobbspar.backends.session_row), and hands the
user to the sign-in backend, which would otherwise ask for them. Nothing is checked less:

- the columns are written from the session's own data on every save, and the row's user and
  device are used only when they are the ones the data names (otherwise the backend asks as
  before);
- Django's session-hash check, `user_can_authenticate` and django-otp's binding and
  confirmation checks run on what was read, exactly as on what the backend reads;
- the row is read in the request, so a deactivated account, a removed authenticator or a
  changed password takes effect on the next request, as before.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY

from jobbspar import backends
from jobbspar.models import User, UserSession

# Django's keys are 32 of these characters; the column holds 40.
_KEY_CHARS = frozenset(VALID_KEY_CHARS)
_KEY_LENGTH = UserSession._meta.get_field("session_key").max_length


def _user_id(data: dict[str, Any]) -> int | None:
    value = data.get(SESSION_KEY)
    if value is None:
        return None
    try:
        return User._meta.pk.to_python(value)
    except ValidationError:
        return None


class SessionStore(db.SessionStore):
    def __init__(self, session_key: str | None = None) -> None:
        super().__init__(session_key)
        self._session_user: backends.SessionUser | None = None

    @classmethod
    def get_model_class(cls) -> type[UserSession]:
        return UserSession

    def _validate_session_key(self, key: Any) -> bool:
        """Only keys this engine could have made: anything else in the cookie (too long, other
        characters, a NUL byte) is no session, and is never sent to the database."""
        return (
            isinstance(key, str)
            and 8 <= len(key) <= (_KEY_LENGTH or 40)
            and _KEY_CHARS.issuperset(key)
        )

    def load(self) -> dict[str, Any]:
        self._session_user = None
        if self.session_key is None:
            return {}
        found = backends.session_row(self.session_key, timezone.now())
        if found is None:
            self._session_key = None
            return {}
        session_data, session_user = found
        data = self.decode(session_data)
        # The columns are written from the data; use what they brought only when they still
        # name the data's user and device.
        if session_user.user_id == _user_id(data) and session_user.device_pk == (
            backends.totp_device_pk(data.get(DEVICE_ID_SESSION_KEY))
        ):
            self._session_user = session_user
        return data

    def take_session_user(self) -> backends.SessionUser | None:
        """The user read with the session (once: a second sign-in check in the same request,
        e.g. after the session changed, asks the database)."""
        session_user, self._session_user = self._session_user, None
        return session_user

    def create_model_instance(self, data: dict[str, Any]) -> UserSession:
        return _with_columns(cast(UserSession, super().create_model_instance(data)), data)

    async def acreate_model_instance(self, data: dict[str, Any]) -> UserSession:
        session = await super().acreate_model_instance(data)
        return _with_columns(cast(UserSession, session), data)

    def flush(self) -> None:
        self._session_user = None
        super().flush()

    def cycle_key(self) -> None:
        self._session_user = None
        super().cycle_key()


def _with_columns(session: UserSession, data: dict[str, Any]) -> UserSession:
    """The row's user and device columns, from the data it is saved with."""
    session.user_id = _user_id(data)
    session.device_pk = backends.totp_device_pk(data.get(DEVICE_ID_SESSION_KEY))
    return session
