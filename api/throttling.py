"""A rate limit per API client (API_RATE, e.g. "600/min"), counted in Redis so that it holds
across every web worker."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import caches
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from api.models import ApiClient


class PerClientThrottle(SimpleRateThrottle):
    scope = "api_client"

    def __init__(self) -> None:
        self.cache = caches["api"]
        self.rate = settings.API_RATE
        self.num_requests, self.duration = self.parse_rate(self.rate)

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if not isinstance(request.auth, ApiClient):
            return None  # not signed in: refused before any work, not counted
        # By the client's current key (one per client at a time): a rotated key starts afresh.
        return f"api-throttle:{request.auth.key_prefix}"
