"""Codes an authenticator app would show, for tests of the two-step sign-in."""

from __future__ import annotations

import base64
import time

from django_otp.oath import TOTP

from jobbspar.demo import DEMO_TOTP_SECRET


def code_for(secret: str = DEMO_TOTP_SECRET, *, at: float | None = None) -> str:
    """The six-digit TOTP code for a base32 secret, now (or at the Unix time `at`)."""
    generator = TOTP(base64.b32decode(secret.upper()))
    generator.time = time.time() if at is None else at
    return f"{generator.token():06d}"


def code_for_device(device, *, at: float | None = None) -> str:
    """The code for a django-otp TOTPDevice (which stores its key in hex)."""
    return code_for(base64.b32encode(bytes.fromhex(device.key)).decode(), at=at)
