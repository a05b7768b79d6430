"""A Redis cache that keeps the site serving while Redis is down.

Django's RedisCache raises on every call when Redis is unreachable, and the cache carries
sign-in rate limits (allauth), API throttles (DRF), the tag vocabulary and page fragments:
one dead Redis would take sign-in, the API and the directory down with it. This backend
answers from a per-process in-memory cache instead, so rate limits still count (per process)
and cached values are recomputed. The first failure is logged once (and the recovery once);
for a few seconds after a failure Redis is not asked again, so a dead host does not add a
connection timeout to every call.
"""

import logging
import threading
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("tsunagu.cache")

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, ConnectionError, TimeoutError)
RETRY_AFTER_SECONDS = 5.0


class _Breaker:
    """Process-wide: is Redis known to be down, and have we said so?"""

    def __init__(self):
        self.lock = threading.Lock()
        self.down_until = 0.0
        self.down = False

    def skip(self) -> bool:
        return time.monotonic() < self.down_until

    def failed(self, location: str, exc: Exception) -> None:
        with self.lock:
            self.down_until = time.monotonic() + RETRY_AFTER_SECONDS
            first = not self.down
            self.down = True
        if first:
            logger.error(
                "Cache: Redis at %s is unreachable (%s); serving from a local in-memory "
                "cache until it returns.",
                location,
                exc,
            )

    def succeeded(self, location: str) -> None:
        if not self.down:
            return
        with self.lock:
            was_down, self.down = self.down, False
        if was_down:
            logger.warning("Cache: Redis at %s is back; using it again.", location)


breaker = _Breaker()


def _with_fallback(name):
    def method(self, *args, **kwargs):
        if not breaker.skip():
            try:
                result = getattr(super(FallbackRedisCache, self), name)(*args, **kwargs)
            except UNREACHABLE as exc:
                breaker.failed(self._location, exc)
            else:
                breaker.succeeded(self._location)
                return result
        return getattr(self._fallback, name)(*args, **kwargs)

    method.__name__ = name
    return method


class FallbackRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._location = server if isinstance(server, str) else ",".join(server)
        # LocMemCache instances with one name share one store (and its lock) per process.
        self._fallback = LocMemCache(
            "tsunagu-redis-fallback", {"KEY_PREFIX": params.get("KEY_PREFIX", "")}
        )

    def redis_is_up(self) -> bool:
        """Ask Redis itself (for /healthz), whatever the breaker says."""
        try:
            self._cache.get_client(write=True).ping()
        except UNREACHABLE:
            return False
        return True

    add = _with_fallback("add")
    get = _with_fallback("get")
    set = _with_fallback("set")
    touch = _with_fallback("touch")
    delete = _with_fallback("delete")
    get_many = _with_fallback("get_many")
    has_key = _with_fallback("has_key")
    incr = _with_fallback("incr")
    set_many = _with_fallback("set_many")
    delete_many = _with_fallback("delete_many")
    clear = _with_fallback("clear")
