import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from jobbspar import health, notifications
from jobbspar.access import AUTHORITY_STAFF, COORDINATORS, has_role
from jobbspar.forms import NotificationPreferencesForm
from jobbspar.middleware import SESSION_RENEWED_AT
from jobbspar.models import NotificationKind, Role
from jobbspar.two_factor_views import next_url


@login_required
def home(request):
    context = {}
    if has_role(request.user, COORDINATORS):
        from employers.meetings import coordinator_overview  # jobbspar imports apps lazily

        context["coordinator_overview"] = coordinator_overview(request.user)
        from tracks.views import open_tracks_of

        context["my_tracks"] = open_tracks_of(request.user)
    if has_role(request.user, AUTHORITY_STAFF):
        from participants.access_requests import start_page_context

        context.update(start_page_context(request.user))
    if has_role(request.user, {Role.JOB_COACH}):
        from django.utils import timezone

        from tracks.coaching import coach_overview

        context["coach_overview"] = coach_overview(request.user, today=timezone.localdate())
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


@login_required
def notification_list(request):
    page = Paginator(notifications.inbox(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "jobbspar/notification_list.html", {"page_obj": page})


@login_required
@require_POST
def notification_open(request, pk: int):
    """Mark one notification read and follow its link."""
    notification = notifications.mark_read(request.user, pk)
    if notification is None:
        raise Http404
    if not url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        return redirect("notification_list")
    return redirect(notification.url)


@login_required
@require_POST
def notification_mark_all_read(request):
    count = notifications.mark_all_read(request.user)
    messages.success(
        request,
        ngettext(
            "%(count)d notification marked as read.",
            "%(count)d notifications marked as read.",
            count,
        )
        % {"count": count},
    )
    return redirect("notification_list")


@login_required
def notification_preferences(request):
    kinds = NotificationKind.values
    if request.method == "POST":
        form = NotificationPreferencesForm(request.POST)
        if form.is_valid():
            notifications.set_email_preferences(
                request.user, set(form.cleaned_data["email_kinds"]), kinds
            )
            messages.success(request, _("Your e-mail choices are saved."))
            return redirect("notification_preferences")
    else:
        form = NotificationPreferencesForm(
            initial={"email_kinds": sorted(notifications.email_enabled_kinds(request.user, kinds))}
        )
    return render(request, "jobbspar/notification_preferences.html", {"form": form})


@never_cache
@login_required
@require_POST
def keep_alive(request):
    """'Stay signed in' from the idle-timeout warning: renews the session now, whenever it was
    last renewed. Scripts get JSON; a plain form post goes back to the page."""
    request.session[SESSION_RENEWED_AT] = int(time.time())
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"expires_in": settings.SESSION_COOKIE_AGE})
    return HttpResponseRedirect(next_url(request))


@require_GET
def bench_floor(request):
    """The benchmark's floor: one indexed query and a tiny template through the whole middleware
    stack, to express every page's time as a multiple of it. A 404 unless settings.BENCHMARK."""
    if not settings.BENCHMARK:
        raise Http404
    from employers.models import Occupation  # jobbspar imports apps lazily

    occupation = Occupation.objects.filter(code=request.GET.get("code", "5321")).first()
    return render(request, "jobbspar/bench_floor.html", {"occupation": occupation})
