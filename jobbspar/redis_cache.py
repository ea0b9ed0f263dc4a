"""Django's Redis cache, keeping one `redis.Redis` client per server instead of one per call.

Django's `RedisCacheClient.get_client()` builds a new `redis.Redis` for every cache operation,
and each one fills its table of ~170 response callbacks: about 0.2 ms of Python per operation
(issue 18's profile; then paid by every signed-in page's session load, now by the API's rate
counts). The client object only
wraps the connection pool Django already keeps per server, and like the pool it is safe to
share; Django's caches are per thread in any case. Everything else is Django's.
"""

from __future__ import annotations

from typing import Any

import redis
from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, redis.Redis] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> redis.Redis:
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]  # Django's; not in its stubs
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = redis.Redis(connection_pool=pool)
        return client


class JobbsparRedisCache(RedisCache):
    """`django.core.cache.backends.redis.RedisCache` with the client above."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
