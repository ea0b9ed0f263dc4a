"""Two-factor authentication: who needs it, enrolment, recovery codes and verifying a code.

Built on django-otp: a confirmed TOTPDevice (an authenticator app) and a StaticDevice holding
one-time recovery codes. The middleware (jobbspar/middleware.py) sends a signed-in user who is
not yet verified to the code page, or, for a role that requires it, to enrolment.
"""

from __future__ import annotations

import base64
import enum
from binascii import unhexlify

import qrcode
import qrcode.image.svg
from django.db import transaction
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from jobbspar.models import Role, User

# Roles that handle participants' personal data or administer the system.
REQUIRED_FOR_ROLES = frozenset(
    {
        Role.AF_COORDINATOR,
        Role.MUNICIPAL_COORDINATOR,
        Role.JOB_COACH,
        Role.MANAGER,
        Role.ADMIN,
    }
)
RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"


class Outcome(enum.Enum):
    VERIFIED = "verified"
    WRONG = "wrong"
    THROTTLED = "throttled"


def required_for(user: User) -> bool:
    return user.is_authenticated and user.role in REQUIRED_FOR_ROLES


def has_device(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def secret_base32(device: TOTPDevice) -> str:
    """The secret as an authenticator app takes it when typed in (RFC 4648 base32)."""
    return base64.b32encode(unhexlify(device.key)).decode("ascii")


def key_from_base32(secret: str) -> str:
    """The hex key django-otp stores, from a base32 secret."""
    return base64.b32decode(secret.upper()).hex()


def qr_code_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// URL as an SVG QR code in a data: URI (allowed by the CSP's img-src)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    svg = image.to_string(encoding="unicode")
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")


def start_enrolment(user: User) -> TOTPDevice:
    """The user's unconfirmed app device, created once so a reload shows the same secret."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def _clean(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


@transaction.atomic
def confirm_enrolment(device: TOTPDevice, code: str) -> Outcome:
    """Confirm the app device when the code it shows is right."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    if not device.verify_is_allowed()[0]:
        return Outcome.THROTTLED
    if not device.verify_token(_clean(code)):
        return Outcome.WRONG
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    # Any other app device (an abandoned enrolment) is no longer needed.
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    return Outcome.VERIFIED


@transaction.atomic
def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes with RECOVERY_CODE_COUNT new one-time codes."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def remaining_recovery_codes(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def verify(user: User, code: str) -> tuple[Outcome, TOTPDevice | StaticDevice | None]:
    """Check a code from the app (six digits) or a recovery code; a recovery code works once."""
    code = _clean(code)
    if not code or len(code) > 16:
        return Outcome.WRONG, None
    is_app_code = len(code) == 6 and code.isascii() and code.isdigit()
    devices = [
        device
        for device in devices_for_user(user, confirmed=True, for_verify=True)
        if isinstance(device, TOTPDevice if is_app_code else StaticDevice)
    ]
    if devices and not any(device.verify_is_allowed()[0] for device in devices):
        return Outcome.THROTTLED, None
    for device in devices:
        if device.verify_token(code):
            return Outcome.VERIFIED, device
    return Outcome.WRONG, None
