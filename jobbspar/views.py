import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from jobbspar import health, notifications
from jobbspar.forms import NotificationPreferencesForm
from jobbspar.middleware import SESSION_RENEWED_AT
from jobbspar.models import NotificationKind
from jobbspar.two_factor_views import next_url


@require_GET
def accessibility(request) -> HttpResponse:
    return render(request, "jobbspar/accessibility.html")


@never_cache
@require_GET
def healthz(request) -> JsonResponse:
    checks = {"database": health.database_ok(), "broker": health.broker_ok()}
    body = {name: "ok" if up else "down" for name, up in checks.items()}
    return JsonResponse(body, status=200 if all(checks.values()) else 503)


@login_required
def notification_list(request) -> HttpResponse:
    page = Paginator(notifications.inbox(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "jobbspar/notification_list.html", {"page_obj": page})


@login_required
@require_POST
def notification_open(request, pk: int) -> HttpResponseRedirect:
    """Mark one notification read and follow its link."""
    notification = notifications.mark_read(request.user, pk)
    if notification is None:
        raise Http404
    if not url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        return redirect("notification_list")
    return redirect(notification.url)


@login_required
@require_POST
def notification_mark_all_read(request) -> HttpResponseRedirect:
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
def notification_preferences(request) -> HttpResponse:
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
def keep_alive(request) -> HttpResponse:
    """'Stay signed in' from the idle-timeout warning: renews the session now, whenever it was
    last renewed. Scripts get JSON; a plain form post goes back to the page."""
    request.session[SESSION_RENEWED_AT] = int(time.time())
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"expires_in": settings.SESSION_COOKIE_AGE})
    return HttpResponseRedirect(next_url(request))
