"""Calendar subscriptions: a secret address per person and track that a calendar program polls.

An address reads `/schedule/feeds/<token>.ics`, the token being a public prefix (8 hex digits,
finds the row) and a secret (32 random bytes, URL-safe base64, proves it). Only SHA-256 of the
secret is stored (a random 256-bit secret needs no slow hash) and it is compared in constant time.
Making a new address for the same track revokes the old one; the owner revokes any of theirs.
An address is valid for a year (`VALID_DAYS`); what it returns is decided for its owner at every
fetch (schedule/access.py), so a deactivated owner or a track out of reach ends it at once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from django.db import transaction
from django.utils import timezone

from jobbspar.models import User
from schedule import access
from schedule.models import CalendarFeed
from tracks.models import Track

VALID_DAYS = 365
PREFIX_LENGTH = 8
# How often a fetch records itself (`last_used_at`): calendar programs poll every few minutes.
TOUCH_EVERY = dt.timedelta(hours=1)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_feed(user: User, track: Track) -> tuple[CalendarFeed, str]:
    """A new address for `user` and `track` (one they may subscribe to); any earlier live one for
    the same track is revoked. Returns the feed and its token (shown once)."""
    kind = access.feed_kind_for(user)
    if kind is None:
        raise PermissionError("this role subscribes to no calendar")
    prefix, secret = secrets.token_hex(PREFIX_LENGTH // 2), secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        access.calendar_feeds_for(user).filter(track=track).update(revoked_at=now)
        feed = CalendarFeed.objects.create(
            user=user,
            track=track,
            kind=kind,
            token_prefix=prefix,
            token_hash=_hash(secret),
            expires_on=timezone.localdate() + dt.timedelta(days=VALID_DAYS),
        )
    return feed, prefix + secret


def revoke(user: User, feed_pk: int) -> bool:
    """Revoke one of the user's own live addresses; False if there is none by that id."""
    return bool(
        access.calendar_feeds_for(user).filter(pk=feed_pk).update(revoked_at=timezone.now())
    )


def feed_for_token(token: str) -> CalendarFeed | None:
    """The live, unexpired feed `token` proves, or None (unknown, wrong secret, revoked, expired,
    or an owner no longer active). Records the fetch at most once per `TOUCH_EVERY`."""
    prefix, secret = token[:PREFIX_LENGTH], token[PREFIX_LENGTH:]
    if len(prefix) != PREFIX_LENGTH or not secret:
        return None
    feed = access.calendar_feed_by_prefix(prefix).first()
    if feed is None or not hmac.compare_digest(feed.token_hash, _hash(secret)):
        return None
    if (
        feed.revoked_at is not None
        or feed.expires_on < timezone.localdate()
        or not feed.user.is_active
        or access.feed_kind_for(feed.user) != feed.kind
    ):
        return None
    now = timezone.now()
    if feed.last_used_at is None or feed.last_used_at < now - TOUCH_EVERY:
        access.calendar_feed_by_prefix(prefix).filter(pk=feed.pk).update(last_used_at=now)
    return feed
