"""The second sign-in step: enter a code, enrol an authenticator app, see recovery codes."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from jobbspar import two_factor
from jobbspar.forms import TwoFactorCodeForm

RECOVERY_CODES_SESSION_KEY = "two_factor_new_recovery_codes"


def next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _sign_in_second_factor(request, device) -> None:
    # A new session key at every rise in privilege (as django.contrib.auth.login does).
    request.session.cycle_key()
    otp_login(request, device)


def _code_error(form: TwoFactorCodeForm, outcome: two_factor.Outcome) -> None:
    if outcome is two_factor.Outcome.THROTTLED:
        form.add_error("code", _("Too many wrong codes in a row. Wait a minute and try again."))
    else:
        form.add_error(
            "code",
            _(
                "The code is wrong or has expired. Enter the six digits your authenticator app "
                "shows now, or one of your recovery codes."
            ),
        )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def verify(request) -> HttpResponse:
    """Second step of signing in, for a user with an authenticator app."""
    user = request.user
    if user.is_verified() or not two_factor.has_device(user):
        return HttpResponseRedirect(next_url(request))
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome, device = two_factor.verify(user, form.cleaned_data["code"])
        if outcome is two_factor.Outcome.VERIFIED:
            _sign_in_second_factor(request, device)
            if isinstance(device, StaticDevice):
                left = two_factor.remaining_recovery_codes(user)
                messages.warning(
                    request,
                    ngettext(
                        "You signed in with a recovery code. You have %(count)d recovery "
                        "code left.",
                        "You signed in with a recovery code. You have %(count)d recovery "
                        "codes left.",
                        left,
                    )
                    % {"count": left},
                )
            return HttpResponseRedirect(next_url(request))
        _code_error(form, outcome)
    return render(
        request, "registration/two_factor_verify.html", {"form": form, "next": next_url(request)}
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def setup(request) -> HttpResponse:
    """Enrol an authenticator app: required for staff roles, offered to employer users."""
    user = request.user
    if two_factor.has_device(user):
        if user.is_verified():
            messages.info(request, _("Two-factor authentication is already on for your account."))
        return HttpResponseRedirect(next_url(request))
    device = two_factor.start_enrolment(user)
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = two_factor.confirm_enrolment(device, form.cleaned_data["code"])
        if outcome is two_factor.Outcome.VERIFIED:
            device.refresh_from_db()
            _sign_in_second_factor(request, device)
            request.session[RECOVERY_CODES_SESSION_KEY] = two_factor.new_recovery_codes(user)
            query = urlencode({"next": next_url(request)})
            return redirect(resolve_url("two_factor_recovery_codes") + "?" + query)
        _code_error(form, outcome)
    secret = two_factor.secret_base32(device)
    return render(
        request,
        "registration/two_factor_setup.html",
        {
            "form": form,
            "next": next_url(request),
            "required": two_factor.required_for(user),
            "secret": secret,
            "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
            "qr_code": two_factor.qr_code_data_uri(device),
        },
    )


@never_cache
@login_required
@require_http_methods(["GET"])
def recovery_codes(request) -> HttpResponse:
    """The new recovery codes, shown once right after enrolment."""
    codes = request.session.pop(RECOVERY_CODES_SESSION_KEY, None)
    if not codes:
        return HttpResponseRedirect(next_url(request))
    return render(
        request,
        "registration/two_factor_recovery_codes.html",
        {"codes": codes, "next": next_url(request)},
    )
