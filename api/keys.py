"""API keys: made, stored as a hash, checked in constant time, rotated and revoked.

A key reads `jsp_<prefix>_<secret>`: the prefix (8 hex digits) finds the client, the secret
(32 random bytes, URL-safe base64) proves it. Only SHA-256 of the secret is stored.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from api.models import ApiClient
from jobbspar.models import User

KEY_START = "jsp_"


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _new_key() -> tuple[str, str, str]:
    prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    return f"{KEY_START}{prefix}_{secret}", prefix, _hash(secret)


def create_client(client: ApiClient) -> str:
    """Save a new client with its service user and a key; returns the key (shown once)."""
    key, client.key_prefix, client.key_hash = _new_key()
    with transaction.atomic():
        user = User(
            username=f"api-{client.key_prefix}-{slugify(client.name)[:100]}",
            first_name=client.name[:150],
            role=client.role,
            organisation=client.organisation,
            # Never signs in to the web, and is offered in no list of people.
            is_active=False,
        )
        user.set_unusable_password()
        user.save()
        client.user = user
        client.key_created_at = timezone.now()
        client.save()
    return key


def sync_service_user(client: ApiClient) -> None:
    """The service user follows the client's role and organisation when they are changed."""
    User.objects.filter(pk=client.user_id).update(
        role=client.role, organisation=client.organisation_id, first_name=client.name[:150]
    )


def rotate_key(client: ApiClient) -> str:
    """A new key for the client; the old one stops working at once."""
    key, prefix, digest = _new_key()
    ApiClient.objects.filter(pk=client.pk).update(
        key_prefix=prefix, key_hash=digest, key_created_at=timezone.now()
    )
    client.key_prefix, client.key_hash = prefix, digest
    return key


def revoke(client: ApiClient) -> None:
    ApiClient.objects.filter(pk=client.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def client_for_key(key: str) -> ApiClient | None:
    """The client whose key this is (whatever its state), or None."""
    if not key.startswith(KEY_START):
        return None
    prefix, _, secret = key[len(KEY_START) :].partition("_")
    if len(prefix) != 8 or not secret:
        return None
    client = (
        ApiClient.objects.select_related("user__organisation").filter(key_prefix=prefix).first()
    )
    if client is None or not hmac.compare_digest(client.key_hash, _hash(secret)):
        return None
    return client
