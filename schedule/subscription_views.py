"""Calendar subscriptions (schedule/subscriptions.py): the owner's list, making an address for a
track (shown once, on the list it leads back to) and revoking one; and the address itself,
fetched by a calendar program without a session, whose secret is the only credential."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from jobbspar.access import role_required
from jobbspar.http import AuthenticatedRequest
from schedule import access, subscriptions
from schedule.access import FEED_OWNERS
from schedule.feeds import track_ics
from schedule.models import FeedKind

# The address made on this request, shown once on the list (the session holds it until then).
NEW_FEED_SESSION_KEY = "schedule_new_feed"


def feed_url(request: HttpRequest, token: str) -> str:
    return request.build_absolute_uri(reverse("schedule:feed_ics", args=[token]))


@role_required(*FEED_OWNERS)
def feed_list(request: AuthenticatedRequest) -> HttpResponse:
    feeds = list(access.calendar_feeds_for(request.user).select_related("track"))
    new = request.session.pop(NEW_FEED_SESSION_KEY, None)
    new_feed = next((f for f in feeds if new and f.pk == new["pk"]), None)
    url = feed_url(request, new["token"]) if new_feed else ""
    return render(
        request,
        "schedule/feed_list.html",
        {
            "feeds": feeds,
            "new_feed": new_feed,
            "new_url": url,
            # The same address for the programs that open webcal: links in their own window.
            "new_webcal": "webcal://" + url.split("://", 1)[1] if url else "",
            "valid_days": subscriptions.VALID_DAYS,
        },
    )


@role_required(*FEED_OWNERS)
def feed_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    track = get_object_or_404(access.feed_tracks_for(request.user), pk=pk)
    existing = access.calendar_feeds_for(request.user).filter(track=track).first()
    if request.method == "POST":
        feed, token = subscriptions.create_feed(request.user, track)
        request.session[NEW_FEED_SESSION_KEY] = {"pk": feed.pk, "token": token}
        return redirect("schedule:feed_list")
    return render(
        request,
        "schedule/feed_create.html",
        {
            "track": track,
            "existing": existing,
            "kind_label": FeedKind(access.FEED_KINDS[request.user.role]).label,
            "valid_days": subscriptions.VALID_DAYS,
        },
    )


@role_required(*FEED_OWNERS)
def feed_revoke(request: AuthenticatedRequest, feed_pk: int) -> HttpResponse:
    feed = get_object_or_404(
        access.calendar_feeds_for(request.user).select_related("track"), pk=feed_pk
    )
    if request.method == "POST":
        subscriptions.revoke(request.user, feed.pk)
        messages.success(
            request,
            _("The calendar address for %(track)s no longer works.") % {"track": feed.track.name},
        )
        return redirect("schedule:feed_list")
    return render(request, "schedule/feed_revoke.html", {"feed": feed})


@require_safe
def feed_ics(request: HttpRequest, token: str) -> HttpResponse:
    """The sessions a live subscription holds, for its owner's access now; 404 for any address
    that does not prove a live subscription (no difference between unknown and revoked)."""
    feed = subscriptions.feed_for_token(token)
    if feed is None:
        raise Http404
    owner = feed.user
    strands, weekdays, exceptions = access.feed_strands_for(owner)
    track = get_object_or_404(access.feed_tracks_for(owner), pk=feed.track_id)
    chosen = list(
        strands.filter(track=track)
        .prefetch_related(Prefetch("weekdays", queryset=weekdays))
        .prefetch_related(Prefetch("exceptions", queryset=exceptions))
        .order_by("starts_on", "pk")
    )
    response = HttpResponse(
        track_ics(track, chosen, host=request.get_host().split(":")[0]),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'inline; filename="schema-spar-{track.pk}.ics"'
    # A secret address: kept by no shared cache, sent to no other site, indexed by no one.
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
