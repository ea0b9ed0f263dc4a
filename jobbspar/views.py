from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from jobbspar import health
from jobbspar.two_factor_views import next_url


@login_required
def home(request):
    return render(request, "jobbspar/home.html")


@require_GET
def accessibility(request):
    return render(request, "jobbspar/accessibility.html")


@never_cache
@require_GET
def healthz(request):
    checks = {"database": health.database_ok(), "broker": health.broker_ok()}
    body = {name: "ok" if up else "down" for name, up in checks.items()}
    return JsonResponse(body, status=200 if all(checks.values()) else 503)


@never_cache
@login_required
@require_POST
def keep_alive(request):
    """'Stay signed in' from the idle-timeout warning: this request itself renews the session
    (SESSION_SAVE_EVERY_REQUEST). Scripts get JSON; a plain form post goes back to the page."""
    request.session.modified = True
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"expires_in": settings.SESSION_COOKIE_AGE})
    return HttpResponseRedirect(next_url(request))
