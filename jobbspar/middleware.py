import logging
import time
from typing import Any

from csp import middleware as csp_middleware
from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.utils import build_policy
from django.conf import settings
from django.contrib import auth
from django.contrib.auth import middleware as auth_middleware
from django.contrib.auth.views import redirect_to_login
from django.core.signals import setting_changed
from django.db import DataError, connection
from django.dispatch import receiver
from django.http import HttpResponse, HttpResponseBase
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control
from django.utils.functional import Promise, SimpleLazyObject
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import middleware as otp_middleware

from jobbspar import two_factor
from jobbspar.backends import session_device
from jobbspar.errors import bad_request, method_not_allowed

logger = logging.getLogger("jobbspar.requests")


class AuthenticationMiddleware(auth_middleware.AuthenticationMiddleware):
    """Django's, except that the user is loaded together with the verified authenticator the
    session names: read with the session's own row (jobbspar/sessions.py), or else in one query
    (jobbspar/backends.py says how and what stays checked)."""

    def process_request(self, request) -> None:
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _user_with_device(request))


def _user_with_device(request) -> Any:
    if not hasattr(request, "_cached_user"):
        session = request.session
        device = session.get(DEVICE_ID_SESSION_KEY)  # loads the session (jobbspar.sessions)
        take = getattr(session, "take_session_user", None)
        with session_device(device, take() if take is not None else None):
            request._cached_user = auth.get_user(request)
    return request._cached_user


class OTPMiddleware(otp_middleware.OTPMiddleware):
    """django-otp's, taking the device the user was loaded with (AuthenticationMiddleware
    above) instead of a second query; its binding and confirmation checks run as before."""

    def _verify_user_sync(self, request, user) -> Any:
        device = getattr(user, "session_otp_device", None)
        if device is None or device.persistent_id != request.session.get(DEVICE_ID_SESSION_KEY):
            return super()._verify_user_sync(request, user)
        self._init_user_fields(user)
        user.otp_device = self._finalize_device(request, user, device)
        return user


def evaluated(user: Any) -> Any:
    """The user object that request.user stands for, loaded now: Django's and django-otp's
    middleware each put it behind a lazy proxy (AuthenticationMiddleware, OTPMiddleware above),
    and a page reads it often: its role, organisation and is_authenticated in access checks,
    querysets, menus and templates (~230 reads through the proxies a page, on average over the
    benchmark's pages). Through two proxies each read was a failed attribute lookup and a call
    per proxy, ~2-3 µs; read directly it is a plain attribute (issue 18). Every request reads
    the user at once anyway (TwoFactorRequiredMiddleware, next): nothing is loaded that was not.
    The object is the same one the proxies forwarded to, with django-otp's fields (`otp_device`,
    `is_verified`) set on it; `is_verified` still reads `otp_device` through the proxy it was
    bound to, which forwards to this same object."""
    while isinstance(user, SimpleLazyObject):
        user.__class__  # noqa: B018  # evaluates the proxy (its `_setup`), once
        user = user._wrapped
    return user


class NoStoreForAuthenticatedMiddleware:
    """Pages for a signed-in user may hold personal data: never keep them in any cache."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response


# Pages a signed-in user may open before the second factor: signing in and out, resetting a
# password, the 2FA pages themselves, "stay signed in" (it only renews the session), the
# accessibility statement, the health check and the language switch.
TWO_FACTOR_EXEMPT_URL_NAMES = frozenset(
    {
        "login",
        "logout",
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
        "two_factor_verify",
        "two_factor_setup",
        "session_keep_alive",
        "accessibility",
        "healthz",
        "set_language",
    }
)


class TwoFactorRequiredMiddleware:
    """No page without the second factor, for users who have one or whose role requires one.

    A signed-in user with a confirmed authenticator is sent to the code page until verified; a
    user whose role requires 2FA and who has none is sent to enrolment. Everyone else (employer
    users without an authenticator) passes: for them 2FA is offered, not required.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request) -> HttpResponse:
        request.user = user = evaluated(request.user)
        # Whether the sign-in still waits for the second step: such a user sees no menu and no
        # counts, even on the pages they may open (the code page, enrolment; see navigation).
        request.awaiting_second_step = False
        if user.is_authenticated and not user.is_verified():
            # Loaded with the user (jobbspar/backends.py), or asked now.
            has_device = getattr(user, "has_confirmed_device", None)
            if has_device is None:
                has_device = two_factor.has_device(user)
            if has_device:
                request.awaiting_second_step = True
                if not self._exempt(request):
                    return redirect_to_login(request.get_full_path(), "two_factor_verify")
            elif two_factor.required_for(user):
                request.awaiting_second_step = True
                if not self._exempt(request):
                    return redirect_to_login(request.get_full_path(), "two_factor_setup")
        return self.get_response(request)

    @staticmethod
    def _exempt(request) -> bool:
        if request.path_info.startswith(settings.STATIC_URL):
            return True
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        return match.url_name in TWO_FACTOR_EXEMPT_URL_NAMES


class DatabaseInputErrorMiddleware:
    """A value the database cannot hold (a NUL byte in text, a number out of range) is bad
    input: the 400 page, not a 500.

    URL converters and some form fields let such values through to queries; PostgreSQL (or
    psycopg) refuses them with a DataError. It is logged as a warning so real bugs stay visible.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request, exception) -> HttpResponse | None:
        if isinstance(exception, DataError):
            logger.warning("Refused input the database cannot hold: %s", exception)
            return bad_request(request, exception)
        return None


class MethodNotAllowedPageMiddleware:
    """Gives the empty 405 responses of require_POST and friends a page with a clear message."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 405 and not response.content and request.method != "HEAD":
            return method_not_allowed(request, response.get("Allow", ""))
        return response


class QueryCountHeaderMiddleware:
    """Benchmark mode only (settings.BENCHMARK): X-Query-Count = SQL statements run for the
    request, counted by a database execute wrapper (works with DEBUG off). First in the stack,
    so session, user and second-factor queries count too."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request) -> HttpResponse:
        count = 0

        def counter(execute, sql, params, many, context) -> Any:
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response["X-Query-Count"] = str(count)
        return response


SESSION_RENEWED_AT = "_renewed_at"


def session_renew_interval() -> int:
    """Seconds between renewals of a session's idle timeout (at most a tenth of the timeout)."""
    return min(settings.SESSION_RENEW_SECONDS, settings.SESSION_COOKIE_AGE // 10)


def session_seconds_left(session) -> int:
    """Seconds until the session expires if nothing renews it (what the idle warning counts)."""
    renewed = session.get(SESSION_RENEWED_AT)
    if renewed is None:
        return settings.SESSION_COOKIE_AGE
    return max(0, settings.SESSION_COOKIE_AGE - (int(time.time()) - renewed))


class SessionRenewalMiddleware:
    """Renews a session's idle timeout when it was last renewed more than a minute ago, instead
    of saving the session on every request (SESSION_SAVE_EVERY_REQUEST: three statements and a
    write per page). The session then expires at most a minute before 30 minutes after the
    last request; the page's idle warning counts from the last renewal, so it stays exact."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None and session.session_key is not None:
            renewed = session.get(SESSION_RENEWED_AT)  # loads the session (auth would anyway)
            now = int(time.time())
            if renewed is not None and now - renewed >= settings.SESSION_COOKIE_AGE:
                # Idle for longer than the timeout: over, whatever the store still holds (its
                # row's expiry and the hourly clean-up; this does not depend on them).
                session.flush()
                return self.get_response(request)
            if session.session_key is not None and (
                renewed is None or now - renewed >= session_renew_interval()
            ):
                session[SESSION_RENEWED_AT] = now  # saved, with a new expiry, by SessionMiddleware
        return self.get_response(request)


# What a view's csp decorators leave on its response (django-csp's names): such a response, and
# any with a header already set, takes django-csp's own path.
_CSP_PER_RESPONSE = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_exempt",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
    "_csp_exempt_ro",
)
# Stands for the request's nonce in the policy built once: a header value never holds a NUL.
_NONCE_MARK = "\x00"
# With and without a nonce: the settings' policy object it was built from, and the text.
_policies: dict[bool, tuple[Any, str]] = {}


def _site_policy(settings_policy: Any, nonce: str) -> str:
    """The site's policy as django-csp builds it (`build_policy` from settings), built once per
    process with a mark where the request's nonce goes; built again when the setting is another
    object, and every time if a directive holds a lazy value (a `reverse_lazy` report address
    depends on the request's language)."""
    with_nonce = bool(nonce)
    cached = _policies.get(with_nonce)
    if cached is not None and cached[0] is settings_policy:
        policy = cached[1]
    else:
        policy = build_policy(nonce=_NONCE_MARK if with_nonce else None)
        if not _has_lazy_value(settings_policy):
            _policies[with_nonce] = (settings_policy, policy)
    return policy.replace(_NONCE_MARK, nonce) if with_nonce else policy


def _has_lazy_value(settings_policy: Any) -> bool:
    for value in (settings_policy.get("DIRECTIVES") or {}).values():
        values = value if isinstance(value, list | tuple | set) else [value]
        if any(isinstance(item, Promise) for item in values):
            return True
    return False


@receiver(setting_changed)
def _forget_policies(*, setting: str, **kwargs: Any) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _policies.clear()


class CSPMiddleware(csp_middleware.CSPMiddleware):
    """django-csp's, except that the site's policy is built once per process rather than on every
    response (its settings copied and joined twice a request, ~0.1 ms of the floor; issue 18).
    The header is the same string: the request's nonce is put in, or left out when the page used
    none, as django-csp does. A response with per-view changes (django-csp's decorators), a
    header already set, a report-only policy or excluded prefixes configured, a subclass with its
    own `get_policy_parts`, or a debug error page takes django-csp's own path."""

    def process_response(self, request: Any, response: HttpResponseBase) -> HttpResponseBase:
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", None)
        nonce = getattr(request, "_csp_nonce", None)
        if (
            settings.DEBUG
            or not policy
            or policy.get("EXCLUDE_URL_PREFIXES")
            or getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
            or HEADER in response
            or HEADER_REPORT_ONLY in response
            or any(hasattr(response, name) for name in _CSP_PER_RESPONSE)
            or type(self).get_policy_parts is not csp_middleware.CSPMiddleware.get_policy_parts
            or (nonce is not None and not isinstance(nonce, str))
        ):
            return super().process_response(request, response)
        response[HEADER] = _site_policy(policy, nonce or "")
        if nonce is None:
            # As django-csp: a nonce asked for after the header is written is an error.
            request.csp_nonce = csp_middleware.CheckableLazyObject(self._csp_nonce_post_response)
        return response
