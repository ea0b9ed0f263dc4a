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
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, OuterRef
from django_otp.plugins.otp_totp.models import TOTPDevice

from jobbspar.models import User

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
            # [:1], not .first(): no ORDER BY to compile (the id is unique).
            found = list(
                TOTPDevice.objects.select_related("user__organisation").filter(
                    pk=device_pk, user_id=user_id, confirmed=True
                )[:1]
            )
            if found:
                device = found[0]
                user: User = device.user
                user.session_otp_device = device
                user.has_confirmed_device = True
                return user if self.user_can_authenticate(user) else None
        # Not verified yet (or an unexpected device): the user, and whether they have a
        # confirmed authenticator (TwoFactorRequiredMiddleware asks), in one query.
        try:
            found_user = (
                User._default_manager.select_related("organisation")
                .annotate(
                    with_confirmed_device=Exists(
                        TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
                    )
                )
                .get(pk=user_id)
            )
        except User.DoesNotExist:
            return None
        found_user.has_confirmed_device = found_user.with_confirmed_device
        return found_user if self.user_can_authenticate(found_user) else None
