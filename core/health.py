"""/healthz: the state of each part the platform needs, as JSON; 200 when all are up."""

import asyncio
import uuid

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

# /healthz answers within a few seconds whatever is down: a load balancer or a person waiting
# on it must not wait for the pool's own timeout (DB_POOL_TIMEOUT, 30 s) to learn the answer.
DATABASE_TIMEOUT = 3.0


def _database() -> str:
    pool = getattr(connection, "pool", None)
    if pool is not None:
        pool.open()  # a no-op once a request has opened it
        with pool.connection(timeout=DATABASE_TIMEOUT) as conn:
            conn.execute("SELECT 1").fetchone()
        return "ok"
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _cache() -> str:
    # The Redis cache answers from memory while Redis is down: ask Redis itself.
    if hasattr(cache, "redis_is_up") and not cache.redis_is_up():
        raise ConnectionError("Redis (cache) is unreachable; serving from local memory")
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "1", 10)
    ok = cache.get(key) == "1"
    cache.delete(key)
    if not ok:
        raise RuntimeError("cache did not return the value it stored")
    return "ok"


def _channel_layer() -> str:
    layer = get_channel_layer()

    async def roundtrip():
        channel = await layer.new_channel()
        await layer.send(channel, {"type": "healthz.ping"})
        message = await asyncio.wait_for(layer.receive(channel), timeout=3)
        if message.get("type") != "healthz.ping":
            raise RuntimeError("channel layer returned another message")

    async_to_sync(roundtrip)()
    return "ok"


def _broker() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER and not settings.REDIS_URL:
        return "ok (eager: tasks run in the web process)"
    from core.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=3)
    return "ok"


CHECKS = {
    "database": _database,
    "cache": _cache,
    "channel_layer": _channel_layer,
    "broker": _broker,
}


@never_cache
@require_GET
def healthz(request):
    report = {}
    healthy = True
    for name, check in CHECKS.items():
        try:
            report[name] = {"status": "up", "detail": check()}
        except Exception as exc:  # every failure is reported, none hides another
            healthy = False
            report[name] = {"status": "down", "detail": f"{type(exc).__name__}: {exc}"}
    body = {"status": "ok" if healthy else "unavailable", "checks": report}
    return JsonResponse(body, status=200 if healthy else 503)
