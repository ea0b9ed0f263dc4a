from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from jobbspar import health
from jobbspar.access import COORDINATORS, has_role


@login_required
def home(request):
    context = {}
    if has_role(request.user, COORDINATORS):
        from employers.meetings import coordinator_overview  # jobbspar imports apps lazily

        context["coordinator_overview"] = coordinator_overview(request.user)
    return render(request, "jobbspar/home.html", context)


@require_GET
def accessibility(request):
    return render(request, "jobbspar/accessibility.html")


@never_cache
@require_GET
def healthz(request):
    checks = {"database": health.database_ok(), "broker": health.broker_ok()}
    body = {name: "ok" if up else "down" for name, up in checks.items()}
    return JsonResponse(body, status=200 if all(checks.values()) else 503)
