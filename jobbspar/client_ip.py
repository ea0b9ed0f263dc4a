"""The client's IP address, correct behind a known number of reverse proxies.

Each proxy appends the address it received the request from to X-Forwarded-For. With
TRUSTED_PROXY_COUNT = N, the client is the N-th address from the right: anything left of it was
written by the client and may be forged. With N = 0 (no proxy), X-Forwarded-For is ignored.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    count = settings.TRUSTED_PROXY_COUNT
    remote = _valid(request.META.get("REMOTE_ADDR", ""))
    if count <= 0:
        return remote
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    forwarded = [part.strip() for part in header.split(",") if part.strip()]
    if len(forwarded) < count:
        # Fewer hops than configured proxies: the request did not come through them all.
        return remote
    return _valid(forwarded[-count]) or remote
