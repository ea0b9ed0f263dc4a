from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from jobbspar import health


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
