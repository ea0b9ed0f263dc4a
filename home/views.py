"""The start page, made of every app's part, and the benchmark's floor page."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from employers.models import Occupation
from jobbspar.contributions import collect
from jobbspar.http import AuthenticatedRequest


@login_required
def start(request: AuthenticatedRequest) -> HttpResponse:
    """Each app adds what the signed-in user has to do there (its `start_page` contribution:
    the coordinator's meetings and tracks, open access requests, the job coach's participants)."""
    context: dict[str, object] = {}
    for part in collect("start_page"):
        context.update(part(request))
    return render(request, "home/start.html", context)


@require_GET
def bench_floor(request: HttpRequest) -> HttpResponse:
    """The benchmark's floor: one indexed query and a tiny template through the whole middleware
    stack, to express every page's time as a multiple of it. A 404 unless settings.BENCHMARK."""
    if not settings.BENCHMARK:
        raise Http404
    occupation = Occupation.objects.filter(code=request.GET.get("code", "5321")).first()
    return render(request, "home/bench_floor.html", {"occupation": occupation})
